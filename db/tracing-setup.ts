import type { Resource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ClientInterceptors } from '@temporalio/client';

/**
 * Turning traces on, once per process (api/main.ts, worker/main.ts; tests with an in-memory exporter). Off — the
 * default — this registers nothing, so the OpenTelemetry API stays the global no-op: no provider, no context manager
 * (no AsyncLocalStorage, whose hooks cost every request; api/temporal-calls.ts), no interceptors, no span. The SDK is
 * loaded only when on.
 */
export interface Tracing {
  /** Every span ends here; the worker hands the workflow sandbox's spans to it too (worker/tracing.ts). */
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Flushes what is buffered (bounded: SHUTDOWN_FLUSH_MS) and stops exporting: the SIGTERM paths call it last. */
  shutdown(): Promise<void>;
}

export interface TracingConfig {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; traces go to `<endpoint>/v1/traces` (OTLP/HTTP). */
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  /** OTEL_SERVICE_NAME: the `service.name` of this process' spans. */
  OTEL_SERVICE_NAME?: string | undefined;
}

/** `<endpoint>/v1/traces`, as the OpenTelemetry exporters derive it from the generic variable. */
export function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * On when OTEL_EXPORTER_OTLP_ENDPOINT is set: spans batched and sent over OTLP/HTTP. The exporter reads the other
 * standard OTEL_EXPORTER_OTLP_* variables (headers, timeout, compression) itself. Undefined when off.
 */
export async function startTracing(config: TracingConfig, defaultServiceName: string): Promise<Tracing | undefined> {
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  const [{ OTLPTraceExporter }, { BatchSpanProcessor }] = await Promise.all([import('@opentelemetry/exporter-trace-otlp-http'), import('@opentelemetry/sdk-trace-base')]);
  const exporter = new OTLPTraceExporter({ url: tracesUrl(config.OTEL_EXPORTER_OTLP_ENDPOINT) });
  return registerTracing(new BatchSpanProcessor(exporter), config.OTEL_SERVICE_NAME ?? defaultServiceName);
}

/**
 * Registers the global tracer provider with `spanProcessor`: AsyncLocalStorage context (a span follows its request or
 * activity through every await) and W3C trace-context propagation (what Temporal's interceptors put in headers).
 */
export async function registerTracing(spanProcessor: SpanProcessor, serviceName: string): Promise<Tracing> {
  const [{ NodeTracerProvider }, { Resource }] = await Promise.all([import('@opentelemetry/sdk-trace-node'), import('@opentelemetry/resources')]);
  const resource = new Resource({ 'service.name': serviceName });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  const { context, propagation, trace } = await import('@opentelemetry/api');
  return {
    spanProcessor,
    resource,
    // After the flush the globals go back to the no-op API: a process that goes on (a test worker running the next
    // file) makes no more spans.
    shutdown: () =>
      within(SHUTDOWN_FLUSH_MS, provider.shutdown()).finally(() => {
        trace.disable();
        context.disable();
        propagation.disable();
      }),
  };
}

/** A collector that does not answer delays a stop by this much at most. */
const SHUTDOWN_FLUSH_MS = 5000;

function within(ms: number, work: Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err as Error);
      },
    );
  });
}

/** The Temporal client interceptor that starts a span per start/signal and carries its context in the headers. */
export async function temporalClientInterceptors(tracing: Tracing | undefined): Promise<ClientInterceptors | undefined> {
  if (!tracing) return undefined;
  const { OpenTelemetryWorkflowClientInterceptor } = await import('@temporalio/interceptors-opentelemetry/lib/client/index.js');
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}
