import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { WorkflowInfo } from '@temporalio/workflow';
import { makeWorkflowExporter, OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor } from '@temporalio/interceptors-opentelemetry/lib/worker/index.js';
import type { OpenTelemetryWorkflowExporter } from '@temporalio/interceptors-opentelemetry/lib/workflow/definitions.js';
import { TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation.js';
import type { Tracing } from '../db/tracing-setup.js';

/** workflows/tracing.ts (or its compiled .js): the workflow interceptors module every bundle includes. */
export const WORKFLOW_INTERCEPTORS_PATH = ['tracing.js', 'tracing.ts']
  .map((f) => fileURLToPath(new URL(`../workflows/${f}`, import.meta.url)))
  .find((p) => existsSync(p)) ?? fileURLToPath(new URL('../workflows/tracing.ts', import.meta.url));

/**
 * An activity is a span only inside a trace (its workflow was started with trace context): the housekeeping loop's
 * sweeps and reconciles every few seconds are not worth a trace each. Log lines of a traced activity carry its ids.
 */
export const tracedActivities: ActivityInterceptorsFactory = (ctx) => {
  const inbound = new OpenTelemetryActivityInboundInterceptor(ctx);
  return {
    inbound: { execute: (input, next) => (input.headers[TRACE_HEADER] === undefined ? next(input) : inbound.execute(input, next)) },
    outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
  };
};

export type WorkflowSpanSinks = InjectedSinks<{ exporter: OpenTelemetryWorkflowExporter }>;

/**
 * The sink the sandbox's spans leave through, into the process' span processor. The SDK's exporter copies the whole
 * WorkflowInfo onto every span (memo, search attributes, last result…): only the ids are handed on. Tracing off, it
 * drops them: registered anyway, so a workflow started while tracing was on replays here without "unregistered sink"
 * errors.
 */
export function workflowSpanSinks(tracing: Tracing | undefined): WorkflowSpanSinks {
  if (!tracing) return { exporter: { export: { fn: () => undefined } } };
  const inner = makeWorkflowExporter(tracing.spanProcessor, tracing.resource);
  return {
    exporter: {
      export: {
        fn: (info, spans) => {
          const ids = { workflowId: info.workflowId, runId: info.runId, workflowType: info.workflowType, taskQueue: info.taskQueue, namespace: info.namespace };
          return inner.export.fn(ids as WorkflowInfo, spans);
        },
      },
    },
  };
}
