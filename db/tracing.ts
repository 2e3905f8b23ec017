import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Link, type Span } from '@opentelemetry/api';

/**
 * The spans this code makes itself (request, Postgres, provider call, sweeper start), through the global OpenTelemetry
 * API only. With tracing off (OTEL_EXPORTER_OTLP_ENDPOINT unset, db/tracing-setup.ts) no provider and no context
 * manager are registered: there is never an active span, so every helper here runs its function and nothing else.
 * A child span is made only inside a trace (an active span): a statement or a call outside of one (the key cache's
 * LISTEN, an idle sweep) is not worth a trace of its own.
 */
export const TRACER_NAME = 'audit-integrations';

const tracer = () => trace.getTracer(TRACER_NAME);

/** Whether a span is active: what decides if a child span is worth making (always false with tracing off). */
export const inTrace = (): boolean => trace.getActiveSpan() !== undefined;

/** `trace_id` and `span_id` for a log line written while a span is active (the loggers' pino mixin); else nothing. */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return trace.isSpanContextValid(span.spanContext()) ? { trace_id: traceId, span_id: spanId } : {};
}

/** The active trace's id (32 hex digits), or null outside a trace: what a sync run records. */
export function activeTraceId(): string | null {
  const ctx = trace.getActiveSpan()?.spanContext();
  return ctx && trace.isSpanContextValid(ctx) ? ctx.traceId : null;
}

/**
 * What a span keeps of a failure: its type (an error class, a SQLSTATE, a failure type), never a message (a database
 * error's text can quote values, a provider's can quote what it was sent).
 */
export function errorType(err: unknown): string {
  const e = err as { type?: unknown; code?: unknown; name?: unknown } | null;
  for (const v of [e?.type, e?.code, e?.name]) if (typeof v === 'string' && /^[\w.:-]{1,64}$/.test(v)) return v;
  return 'Error';
}

function endWith(span: Span, err?: unknown): void {
  if (err !== undefined) {
    span.setAttribute('error.type', errorType(err));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/**
 * Runs `run` in a child span of the active one (kind CLIENT: Postgres, a provider). No active span: just runs it.
 * `run` may add attributes (a status code) to the span it is handed.
 */
export async function withChildSpan<T>(name: string, attributes: Attributes, run: (span: Span | undefined) => Promise<T>): Promise<T> {
  if (!inTrace()) return run(undefined);
  const span = tracer().startSpan(name, { kind: SpanKind.CLIENT, attributes });
  try {
    const result = await context.with(trace.setSpan(context.active(), span), () => run(span));
    endWith(span);
    return result;
  } catch (err) {
    endWith(span, err);
    throw err;
  }
}

/**
 * A Postgres statement (or the few statements of one repository call) as a span named by its purpose: never the SQL
 * text, never a parameter.
 */
export function dbSpan<T>(purpose: string, run: () => Promise<T>): Promise<T> {
  return withChildSpan(`db ${purpose}`, { 'db.system': 'postgresql', 'db.operation.name': purpose }, () => run());
}

/**
 * Runs `run` as the root of a new trace, linked to the active span if there is one: the sweeper's starts are their
 * own traces (attributed to the integration), not children of a sweep or of a request that never asked for them.
 * With tracing off the global API's tracer makes no span.
 */
export async function withNewTrace<T>(name: string, attributes: Attributes, run: () => Promise<T>): Promise<T> {
  const active = trace.getActiveSpan()?.spanContext();
  const links: Link[] = active && trace.isSpanContextValid(active) ? [{ context: active }] : [];
  const span = tracer().startSpan(name, { root: true, kind: SpanKind.INTERNAL, attributes, links });
  try {
    const result = await context.with(trace.setSpan(context.active(), span), run);
    endWith(span);
    return result;
  } catch (err) {
    endWith(span, err);
    throw err;
  }
}
