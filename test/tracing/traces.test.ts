import { randomBytes, randomUUID } from 'node:crypto';
import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Client } from '@temporalio/client';
import { afterAll, describe, expect } from 'vitest';
import { parseAllowList } from '../../activities/outbound/address.js';
import { createOutboundClient, pathTemplate } from '../../activities/outbound/client.js';
import { registerTracing } from '../../db/tracing-setup.js';
import { ensureHousekeeping } from '../../worker/housekeeping.js';
import { tracedActivities } from '../../worker/tracing.js';
import { call, housekeepingSettings, startTestApi, startTestWorker, TEST_EGRESS_ALLOW, terminateHousekeeping, type TestApi } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { apiFor, githubStackTest } from '../sync/support.js';

// As api/main.ts and worker/main.ts register it with OTEL_EXPORTER_OTLP_ENDPOINT set, with the SDK's in-memory
// exporter instead of OTLP: the API and the worker of this file share the process, so one trace reaches it whole.
const exporter = new InMemorySpanExporter();
const tracing = await registerTracing(new SimpleSpanProcessor(exporter), 'audit-integrations-test');
afterAll(() => tracing.shutdown());

// A credential no span may ever hold, however it is encoded.
const SECRET = `ghp_TraceCanary${randomBytes(12).toString('hex')}`;
const TRACE_UI_URL = 'http://jaeger.test:16686/trace/{trace_id}';
const SYNC_ROUTE = 'POST /api/v1/orgs/:org_id/projects/:project_id/audit/integrations/:provider/sync';

const test = githubStackTest({ token: SECRET, repository: 'acme/web' }, { api: { tracing, traceUiUrl: TRACE_UI_URL }, worker: { tracing } });

const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
const traceOf = (traceId: string) => spans().filter((s) => s.spanContext().traceId === traceId);
const spanNamed = (traceId: string, name: string) => waitFor(async () => traceOf(traceId).find((s) => s.name === name), name);
const requestSpan = (requestId: string) =>
  waitFor(async () => spans().find((s) => s.kind === SpanKind.SERVER && s.attributes['request.id'] === requestId), `the span of request ${requestId}`);

/** What a span shows anyone who can read the tracing backend. */
const visible = (s: ReadableSpan) => JSON.stringify({ name: s.name, attributes: s.attributes, events: s.events, links: s.links, status: s.status });

async function addFinding(api: TestApi, token: string, orgId: string, projectId: string): Promise<void> {
  const res = await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/${projectId}/audit/findings`, { token, body: { title: 'Missing alt text on /pricing', severity: 'high' } });
  expect(res.status).toBe(201);
}

describe('OpenTelemetry traces (in-memory exporter, real API, worker, Temporal and Postgres, fake GitHub)', () => {
  let syncTraceId: string;

  test('one connect + sync: the sync request, its workflow start, the workflow, each activity, Postgres and the GitHub calls are one connected trace', async ({ stack: { api, orgId, token }, github, project }) => {
    const web = project('web');
    expect((await web.connect('github', { token: SECRET, repository: 'acme/web', base_url: github.url })).status).toBe(200);
    await addFinding(api, token, orgId, 'web');
    const before = github.requests.length;
    const sync = await web.sync('github');
    expect(sync.status).toBe(202);
    await web.rowWhen('github', 'connected');

    const root = await requestSpan(sync.json.meta.request_id);
    syncTraceId = root.spanContext().traceId;
    // The workflow's own span leaves the sandbox through the sink when the execution completes: the last to arrive.
    const workflow = await spanNamed(syncTraceId, 'RunWorkflow:syncIntegration');

    expect(root.name).toBe(SYNC_ROUTE);
    expect(root.parentSpanId).toBeUndefined();
    expect(root.attributes).toMatchObject({ 'http.method': 'POST', 'http.route': SYNC_ROUTE.slice(5), 'http.status_code': 202, 'request.id': sync.json.meta.request_id });

    const trace = traceOf(syncTraceId);
    const ids = new Set(trace.map((s) => s.spanContext().spanId));
    const byId = new Map(trace.map((s) => [s.spanContext().spanId, s]));
    // Connected: one root (the request), every other span's parent in the same trace.
    expect(trace.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId)).map((s) => s.name)).toEqual([SYNC_ROUTE]);
    const names = trace.map((s) => s.name);
    for (const name of ['db claim integration for sync', 'StartWorkflow:syncIntegration', 'StartActivity:beginSync', 'RunActivity:beginSync', 'db insert sync run', 'RunActivity:runProviderSync', 'db load credentials', 'RunActivity:finishSync', 'db finish sync run']) {
      expect(names, name).toContain(name);
    }
    // The sink hands on the execution's ids only, not the WorkflowInfo the SDK's exporter would copy (memo, search
    // attributes, last result…).
    expect(Object.keys(workflow.attributes).sort()).toEqual(['namespace', 'runId', 'taskQueue', 'workflowId', 'workflowType']);
    // The workflow is the child of the API's start; the activities children of the workflow's schedule spans.
    expect(byId.get(workflow.parentSpanId!)!.name).toBe('StartWorkflow:syncIntegration');
    expect(byId.get(byId.get(workflow.parentSpanId!)!.parentSpanId!)).toBe(root);

    // Every GitHub call is a client span of the provider activity: method, host, path template, status.
    const host = new URL(github.url).host;
    const calls = trace.filter((s) => s.attributes['server.address'] === host);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.length).toBe(github.requests.length - before);
    for (const call of calls) {
      expect(call.kind).toBe(SpanKind.CLIENT);
      expect(byId.get(call.parentSpanId!)!.name).toBe('RunActivity:runProviderSync');
      expect(call.attributes['http.status_code']).toBeGreaterThanOrEqual(200);
      expect(call.attributes['http.status_code']).toBeLessThan(300);
    }
    expect(calls.map((s) => s.name)).toContain(`POST ${host}/repos/acme/web/issues`);

    // The run keeps its trace; the sync runs API shows it, and where it is in the tracing UI.
    const [run] = await api.db.sql<{ trace_id: string | null }[]>`select trace_id from sync_runs`;
    expect(run!.trace_id).toBe(syncTraceId);
    const runs = await web.syncs('github', '?limit=5');
    expect(runs.json.data).toMatchObject([{ trace_id: syncTraceId, trace_url: `http://jaeger.test:16686/trace/${syncTraceId}` }]);
  });

  test('a log line written inside a request span carries its trace_id and span_id', async ({ stack: { api } }) => {
    const root = spans().find((s) => s.spanContext().traceId === syncTraceId && s.kind === SpanKind.SERVER)!;
    const requestId = root.attributes['request.id'];
    const line = api.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'request' && l.request_id === requestId);
    expect(line).toMatchObject({ trace_id: syncTraceId, span_id: root.spanContext().spanId });
  });

  test('no span holds the credential, a header value or a query string, though every GitHub call carried the credential', async ({ github }) => {
    expect(github.requests.every((r) => r.headers.authorization === `Bearer ${SECRET}`)).toBe(true);
    const all = spans();
    // The connect (which carried the credential in its body) is traced too: its request and its statement.
    const connect = all.find((s) => s.name.endsWith('/:provider/connect'))!;
    expect(all.some((s) => s.name === 'db connect integration' && s.parentSpanId === connect.spanContext().spanId)).toBe(true);
    for (const span of all) {
      const text = visible(span);
      expect(text, span.name).not.toContain(SECRET);
      expect(text, span.name).not.toContain(SECRET.slice(4, 20));
      expect(text, span.name).not.toContain('Bearer');
      expect(span.name, 'no query in a span name').not.toContain('?');
      for (const value of Object.values(span.attributes)) expect(String(value), span.name).not.toMatch(/\?|per_page|state=/);
    }
  });

  test('a provider call span has method, host, path template and status: never the query, a header, or an id or key in the path', async ({ github }) => {
    const outbound = createOutboundClient({ allow: parseAllowList(TEST_EGRESS_ALLOW) });
    const headers = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', authorization: `Bearer ${SECRET}` };
    try {
      const traceId = await trace.getTracer('test').startActiveSpan('test parent', async (parent) => {
        const http = outbound.session({ signal: new AbortController().signal, heartbeat: () => undefined });
        const list = await http.send(`${github.url}/repos/acme/web/issues?state=all&sort=created&direction=desc&access_token=${SECRET}`, { label: 'GitHub', headers });
        const one = await http.send(`${github.url}/repos/acme/web/issues/4242`, { label: 'GitHub', headers });
        parent.end();
        expect([list.status, one.status]).toEqual([200, 404]);
        return parent.spanContext().traceId;
      });
      const host = new URL(github.url).host;
      const calls = traceOf(traceId).filter((s) => s.kind === SpanKind.CLIENT);
      expect(calls.map((s) => s.name)).toEqual([`GET ${host}/repos/acme/web/issues`, `GET ${host}/repos/acme/web/issues/{id}`]);
      expect(calls.map((s) => s.attributes)).toEqual([
        { 'http.method': 'GET', 'server.address': host, 'url.template': '/repos/acme/web/issues', 'outbound.label': 'GitHub', 'http.status_code': 200 },
        { 'http.method': 'GET', 'server.address': host, 'url.template': '/repos/acme/web/issues/{id}', 'outbound.label': 'GitHub', 'http.status_code': 404 },
      ]);
      expect(github.requests.at(-2)!.query.get('access_token')).toBe(SECRET);
      for (const span of calls) expect(visible(span)).not.toContain(SECRET);
    } finally {
      await outbound.close();
    }
    // Ids, encoded names, anything with a digit or a capital (what a key in a path looks like) become {id}.
    expect(pathTemplate('/api/v4/projects/group%2Fapp/issues/17')).toBe('/api/v4/projects/{id}/issues/{id}');
    expect(pathTemplate('/services/T0001/B0002/xoxbLongSecretValue')).toBe('/services/{id}/{id}/{id}');
  });

  test('a client traceparent is ignored without TRUST_PROXY (a new root) and adopted with it', async ({ stack: { api, orgId, token } }) => {
    const clientTrace = randomBytes(16).toString('hex');
    const clientSpan = randomBytes(8).toString('hex');
    const headers = { traceparent: `00-${clientTrace}-${clientSpan}-01` };
    const path = `/api/v1/orgs/${orgId}/projects/web/audit/integrations`;

    const direct = await call(api.baseUrl, 'GET', path, { token, headers });
    expect(direct.status).toBe(200);
    const own = await requestSpan(direct.json.meta.request_id);
    expect(own.spanContext().traceId).not.toBe(clientTrace);
    expect(own.parentSpanId).toBeUndefined();

    const proxied = await startTestApi({ db: api.db, taskQueue: api.taskQueue, tracing, limits: { trustProxy: true } });
    try {
      const behind = await call(proxied.baseUrl, 'GET', path, { token, headers });
      expect(behind.status).toBe(200);
      const adopted = await requestSpan(behind.json.meta.request_id);
      expect(adopted.spanContext().traceId).toBe(clientTrace);
      expect(adopted.parentSpanId).toBe(clientSpan);
    } finally {
      await proxied.close();
    }
  });

  test('a sync the sweeper starts is a trace of its own, rooted at the start and attributed to the integration; the housekeeping loop is not traced', async ({ stack: { api, orgId, token }, github }) => {
    const swept = apiFor(api, token, orgId, 'swept');
    const connected = await swept.connect('github', { token: SECRET, repository: 'acme/web', base_url: github.url });
    const integrationId = (connected.json.data as { id: string }).id;
    // As worker/main.ts starts it: over a client without the tracing interceptor.
    const untraced = new Client({ connection: api.client.connection });
    await ensureHousekeeping(untraced, api.taskQueue, housekeepingSettings());
    try {
      const start = await waitFor(async () => spans().find((s) => s.name === 'sweeper start sync' && s.attributes['integration.id'] === integrationId), 'the sweeper start');
      expect(start.parentSpanId).toBeUndefined();
      const traceId = start.spanContext().traceId;
      await spanNamed(traceId, 'RunWorkflow:syncIntegration');
      expect(traceOf(traceId).map((s) => s.name)).toEqual(expect.arrayContaining(['StartWorkflow:syncIntegration', 'RunActivity:runProviderSync']));
      const [run] = await api.db.sql<{ trace_id: string | null }[]>`select trace_id from sync_runs where integration_id = ${integrationId}`;
      expect(run!.trace_id).toBe(traceId);
      // The loop and its sweeps (every second here) made no span: only the start they made is a trace.
      expect(spans().filter((s) => /housekeeping|sweepDueSyncs/.test(s.name))).toEqual([]);
    } finally {
      await terminateHousekeeping(untraced, api.taskQueue);
    }
  });

  test('tracing off: no middleware, no interceptor, no span, and no trace id in runs or log lines', async ({ github, stack }) => {
    // Still registered in this process: anything the off stack traced would reach the exporter.
    const off = await startTestApi();
    const offWorker = await startTestWorker(off);
    try {
      expect(offWorker.worker.options.interceptors.activity).not.toContain(tracedActivities);
      expect(stack.worker!.worker.options.interceptors.activity).toContain(tracedActivities);
      expect(off.client.workflow.options.interceptors).toEqual([]);
      expect(stack.api.client.workflow.options.interceptors).not.toEqual([]);
      exporter.reset();

      const orgId = randomUUID();
      const token = await off.createKey(orgId);
      const p = apiFor(off, token, orgId, 'web');
      expect((await p.connect('github', { token: SECRET, repository: 'acme/web', base_url: github.url })).status).toBe(200);
      await addFinding(off, token, orgId, 'web');
      const sync = await p.sync('github');
      expect(sync.status).toBe(202);
      await p.rowWhen('github', 'connected');
      const [run] = await off.db.sql<{ trace_id: string | null; workflow_id: string; run_id: string }[]>`select trace_id, workflow_id, run_id from sync_runs`;
      await off.client.workflow.getHandle(run!.workflow_id, run!.run_id).result();

      expect(run!.trace_id).toBeNull();
      expect(spans()).toEqual([]);
      const lines = off.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.some((l) => l.msg === 'request' && l.request_id === sync.json.meta.request_id)).toBe(true);
      expect(lines.filter((l) => 'trace_id' in l || 'span_id' in l)).toEqual([]);
      expect((await p.syncs('github')).json.data).toMatchObject([{ trace_id: null, trace_url: null }]);
    } finally {
      await offWorker.stop();
      await off.close();
    }
  });
});
