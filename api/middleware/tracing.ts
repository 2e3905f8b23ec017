import { context, defaultTextMapGetter, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { Middleware } from 'koa';
import { TRACER_NAME } from '../../db/tracing.js';

export interface RequestTracingOptions {
  /**
   * TRUST_PROXY: a client's `traceparent` is adopted only behind the trusted proxy (which owns the header). Otherwise
   * every request starts a trace of its own, so no client can graft requests onto a trace it chose.
   */
  trustTraceparent: boolean;
}

/**
 * The request span, outermost (mounted only with tracing on: api/app.ts): every statement, Temporal call and provider
 * call of the request is its child, and log lines written meanwhile carry its ids (db/logger.ts). Named
 * `METHOD /route/:pattern` once routing is done (just `METHOD` when no route matched): never the raw path, never the
 * query. Attributes: http.method, http.route, http.status_code, request.id.
 */
export function requestTracing(opts: RequestTracingOptions): Middleware {
  const tracer = trace.getTracer(TRACER_NAME);
  const propagator = new W3CTraceContextPropagator();
  return async (ctx, next) => {
    const parent = opts.trustTraceparent ? propagator.extract(ROOT_CONTEXT, ctx.headers, defaultTextMapGetter) : ROOT_CONTEXT;
    const span = tracer.startSpan(ctx.method, { kind: SpanKind.SERVER, attributes: { 'http.method': ctx.method } }, parent);
    try {
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      const route = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      if (typeof route === 'string') {
        span.updateName(`${ctx.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.status_code', ctx.status);
      if (typeof ctx.state.requestId === 'string') span.setAttribute('request.id', ctx.state.requestId);
      if (ctx.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
}
