import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import { temporalClientInterceptors, type Tracing } from '../db/tracing-setup.js';
import { defaultMaxActivitiesPerOrg, orgFairness } from './org-fairness.js';
import { tracedActivities, WORKFLOW_INTERCEPTORS_PATH, workflowSpanSinks } from './tracing.js';
import { cachedWorkflowBundle } from './workflow-bundle-cache.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: ActivityDeps;
  /** A bundle made by bundleWorkflowCode (tests and production builds); otherwise the cached one (worker/workflow-bundle-cache.ts). */
  workflowBundlePath?: string | undefined;
  shutdownGraceTimeMs?: number;
  maxConcurrentActivityTaskExecutions?: number;
  /** WORKER_MAX_ACTIVITIES_PER_ORG: provider activities one org may run at once here; default a quarter of the slots. */
  maxActivitiesPerOrg?: number | undefined;
  /** Activity log context (worker/telemetry.ts). */
  interceptors?: WorkerOptions['interceptors'];
  /** The payload codec (db/payload-codec.ts dataConverterOptions); runs outside the workflow sandbox. */
  dataConverter?: WorkerOptions['dataConverter'];
  /** OpenTelemetry (db/tracing-setup.ts): activity spans and the workflow span sink; absent = off, no interceptor. */
  tracing?: Tracing | undefined;
  /** Workflows run on the caller's thread (MAIN_THREAD_WORKFLOWS): for workers inside a test process; production keeps the thread. */
  workflowsOnMainThread?: boolean;
}

/**
 * The SDK's `debugMode` runs workflow activations in a V8 context on the worker's own thread instead of a worker
 * thread of their own, which must load the SDK and build its protobuf schema again (about 0.6 s of CPU per worker;
 * replay workers run this way by default). debugMode also lifts the deadlock timeout: it is set back to the SDK's
 * default, so a workflow that blocks still fails its task after 5 s: a spinning workflow on this thread failed its task
 * with "Script execution timed out after 5000ms" and again on the retry (checked by hand, 2026-12-07).
 */
export const MAIN_THREAD_WORKFLOWS: Pick<WorkerOptions, 'debugMode'> & { isolateExecutionTimeout: string } = {
  debugMode: true,
  // Not in WorkerOptions' type ("not exposed at the moment") but read from it: the SDK's own default, spelled out.
  isolateExecutionTimeout: '5s',
};

export async function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  // No pre-built bundle (npm start, a worker run from source): the cached one of these sources, built at most once per
  // change; where the cache cannot be written (a read-only install), webpack bundles in memory as before.
  const bundlePath = opts.workflowBundlePath ?? (await cachedWorkflowBundle({ workflowsPath: WORKFLOWS_PATH, interceptorsPath: WORKFLOW_INTERCEPTORS_PATH }).catch(() => undefined));
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = bundlePath ? { workflowBundle: { codePath: bundlePath } } : { workflowsPath: WORKFLOWS_PATH };
  // Scheduled syncs and the reconciler start and describe workflows: by default over the worker's own connection.
  const clientInterceptors = await temporalClientInterceptors(opts.tracing);
  const temporal = opts.activities.temporal ?? {
    client: new Client({
      connection: opts.connection,
      namespace: opts.namespace,
      ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
      ...(clientInterceptors ? { interceptors: clientInterceptors } : {}),
    }),
    taskQueue: opts.taskQueue,
  };
  const maxActivities = opts.maxConcurrentActivityTaskExecutions ?? 50;
  const fairness = orgFairness(opts.maxActivitiesPerOrg ?? defaultMaxActivitiesPerOrg(maxActivities));
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...workflowSource,
    activities: createActivities({ ...opts.activities, temporal }),
    shutdownGraceTime: opts.shutdownGraceTimeMs ?? 30_000,
    maxConcurrentActivityTaskExecutions: maxActivities,
    interceptors: {
      ...opts.interceptors,
      // The span outermost, so a refusal by the fairness gate is inside it. A bundle (pre-built or cached) already
      // carries the workflow interceptors module (worker/bundle-workflows.ts); one bundled here gets it too.
      activity: [...(opts.tracing ? [tracedActivities] : []), ...(opts.interceptors?.activity ?? []), fairness.interceptor],
      ...(bundlePath ? {} : { workflowModules: [WORKFLOW_INTERCEPTORS_PATH] }),
    },
    sinks: workflowSpanSinks(opts.tracing),
    ...(opts.workflowsOnMainThread ? MAIN_THREAD_WORKFLOWS : {}),
    ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
  });
}
