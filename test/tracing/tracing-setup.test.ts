import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../db/config.js';
import { envSchema } from '../../db/env.js';
import { startTracing, temporalClientInterceptors, tracesUrl } from '../../db/tracing-setup.js';
import { activeTraceId, dbSpan, traceLogFields } from '../../db/tracing.js';

// Runs in order: the first test needs a process where nothing was registered, the last registers for real.
describe('db/tracing-setup.ts', () => {
  it('reads OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME and TRACE_UI_URL from the one env schema (empty = unset)', () => {
    const api = envSchema('api').pick({ OTEL_EXPORTER_OTLP_ENDPOINT: true, OTEL_SERVICE_NAME: true, TRACE_UI_URL: true });
    expect(loadConfig(api, {})).toEqual({});
    expect(loadConfig(api, { OTEL_EXPORTER_OTLP_ENDPOINT: '', TRACE_UI_URL: '' })).toEqual({});
    expect(loadConfig(api, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_SERVICE_NAME: 'api-eu' })).toMatchObject({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_SERVICE_NAME: 'api-eu' });
    expect(() => loadConfig(api, { OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT: must be an http\(s\) URL/);
    expect(() => loadConfig(api, { TRACE_UI_URL: 'http://jaeger:16686/trace/' })).toThrow(/TRACE_UI_URL: must contain \{trace_id\}/);
    expect(() => loadConfig(api, { TRACE_UI_URL: 'javascript:alert(1)//{trace_id}' })).toThrow(/TRACE_UI_URL/);
    expect(Object.keys(envSchema('worker').shape)).toEqual(expect.arrayContaining(['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_SERVICE_NAME']));
    expect(tracesUrl('http://collector:4318/')).toBe('http://collector:4318/v1/traces');
  });

  it('off (no endpoint): registers nothing, so no span is recorded, no context is kept, no interceptor is made', async () => {
    expect(await startTracing({}, 'audit-integrations-api')).toBeUndefined();
    expect(await temporalClientInterceptors(undefined)).toBeUndefined();
    const span = trace.getTracer('x').startSpan('y');
    expect(span.isRecording()).toBe(false);
    // No context manager: even a span set as active is not found (no AsyncLocalStorage is ever entered).
    expect(context.with(trace.setSpan(context.active(), span), () => trace.getActiveSpan())).toBeUndefined();
    expect(await dbSpan('anything', async () => [activeTraceId(), traceLogFields()])).toEqual([null, {}]);
  });

  it('on: spans go to <endpoint>/v1/traces over OTLP/HTTP with the service name, flushed by shutdown', async () => {
    const received: { method: string; url: string; body: string }[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ method: req.method!, url: req.url!, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const tracing = await startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: 'audit-api-under-test' }, 'audit-integrations-api');
      expect(tracing).toBeDefined();
      expect(await temporalClientInterceptors(tracing)).toMatchObject({ workflow: [expect.anything()] });
      const traceId = await trace.getTracer('test').startActiveSpan('parent', async (parent) => {
        await dbSpan('list integrations', async () => undefined);
        parent.end();
        return parent.spanContext().traceId;
      });
      // Batched: nothing is sent until the batch timer or shutdown; shutdown sends what is buffered.
      await tracing!.shutdown();
      expect(received.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /v1/traces']);
      const body = received[0]!.body;
      expect(body).toContain('audit-api-under-test');
      expect(body).toContain('db list integrations');
      expect(body).toContain('"parent"');
      expect(body.toLowerCase()).toContain(traceId);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
