import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPayloadCodec, ENCRYPTED_ENCODING, payloadKeyId } from '../../db/payload-codec.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { waitFor } from '../helpers/wait.js';
import { call, startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';

const { History } = proto.temporal.api.history.v1;
type WirePayload = { metadata: Record<string, string>; data: string };
const b64 = (s: string) => Buffer.from(s).toString('base64');
type ProtoPayload = { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null };

/** Every Payload inside history events (any `payloads: [...]` list, at any depth). */
function payloadsIn(value: unknown, found: ProtoPayload[] = []): ProtoPayload[] {
  if (Array.isArray(value)) value.forEach((v) => payloadsIn(v, found));
  else if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'payloads' && Array.isArray(v)) found.push(...(v as ProtoPayload[]));
      else payloadsIn(v, found);
    }
  }
  return found;
}
const text = (s: string | undefined) => Buffer.from(s ?? '', 'base64').toString();

describe('Temporal payload codec (TEMPORAL_PAYLOAD_KEY) and the codec server', () => {
  const payloadKey = randomBytes(32).toString('base64');
  const codecToken = randomBytes(32).toString('hex');
  const orgId = randomUUID();
  const title = `Codec probe title ${randomBytes(6).toString('hex')}`;
  let api: TestApi;
  let worker: TestWorker;
  let github: FakeGithub;
  let token: string;
  let workflowId: string;

  beforeAll(async () => {
    github = await startFakeGithub({ token: 'ghp_codec', repository: 'acme/site' });
    api = await startTestApi({ payloadKey, codecServerToken: codecToken });
    worker = await startTestWorker(api, { payloadKey });
    token = await api.createKey(orgId);
    const base = `/api/v1/orgs/${orgId}/projects/site/audit`;
    expect((await call(api.baseUrl, 'POST', `${base}/integrations/github/connect`, { token, body: { credentials: { token: 'ghp_codec', repository: 'acme/site', base_url: github.url } } })).status).toBe(200);
    expect((await call(api.baseUrl, 'POST', `${base}/findings`, { token, body: { title, severity: 'high' } })).status).toBe(201);
    expect((await call(api.baseUrl, 'POST', `${base}/integrations/github/sync`, { token })).status).toBe(202);
    await waitFor(async () => {
      const list = await call(api.baseUrl, 'GET', `${base}/integrations`, { token });
      return (list.json.data as { provider: string; status: string }[]).find((r) => r.provider === 'github' && r.status === 'connected');
    }, 'the sync to finish');
    const [run] = await api.db.sql<{ workflow_id: string }[]>`select workflow_id from sync_runs order by started_at desc limit 1`;
    workflowId = run!.workflow_id;
    expect(github.requests.some((r) => r.method === 'POST')).toBe(true); // the finding became an issue
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await github?.close();
  });

  async function rawHistory() {
    const { history } = await api.client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId } });
    return history!.events!;
  }

  it('writes every payload in history encrypted: no id, count or title in plain text', async () => {
    const events = await rawHistory();
    const payloads = payloadsIn(events);
    // Workflow input and result, activity inputs and results: all of them.
    expect(payloads.length).toBeGreaterThanOrEqual(4);
    for (const payload of payloads) expect(Buffer.from(payload.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);
    const data = Buffer.concat(payloads.map((p) => Buffer.from(p.data!)));
    expect(data.includes(orgId)).toBe(false);
    expect(data.includes('"site"')).toBe(false);
    // The title never travels (activities load findings themselves); the codec would hide it if it ever did.
    expect(Buffer.from(History.encode({ events }).finish()).includes(title)).toBe(false);
    // The codec-aware client reads it back; a client without the key cannot.
    expect(await api.client.workflow.getHandle(workflowId).result()).toBeDefined();
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      await expect(new Client({ connection }).workflow.getHandle(workflowId).result()).rejects.toThrow(/encoding|binary\/encrypted/i);
    } finally {
      await connection.close();
    }
  });

  it('POST /codec/decode turns them back into JSON for an operator with the codec token', async () => {
    const events = await rawHistory();
    const input = events.find((e) => e.workflowExecutionStartedEventAttributes)!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    const wire: WirePayload = {
      metadata: Object.fromEntries(Object.entries(input.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      data: Buffer.from(input.data!).toString('base64'),
    };
    const res = await call(api.baseUrl, 'POST', '/codec/decode', { headers: { authorization: `Bearer ${codecToken}`, 'x-namespace': 'default' }, body: { payloads: [wire] } });
    expect(res.status).toBe(200);
    const [decoded] = (res.json as unknown as { payloads: WirePayload[] }).payloads;
    expect(text(decoded!.metadata.encoding)).toBe('json/plain');
    expect(JSON.parse(text(decoded!.data))).toMatchObject({ orgId });

    // encode → decode round trip, as `temporal workflow start --codec-endpoint` uses it.
    const plain = { metadata: { encoding: b64('json/plain') }, data: b64('{"hello":"world"}') };
    const enc = await call(api.baseUrl, 'POST', '/codec/encode', { headers: { authorization: `Bearer ${codecToken}` }, body: { payloads: [plain] } });
    const encrypted = (enc.json as unknown as { payloads: WirePayload[] }).payloads[0]!;
    expect(text(encrypted.metadata.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encrypted.data)).not.toContain('hello');
    const back = await call(api.baseUrl, 'POST', '/codec/decode', { headers: { authorization: `Bearer ${codecToken}` }, body: { payloads: [encrypted] } });
    expect((back.json as unknown as { payloads: WirePayload[] }).payloads[0]).toEqual(plain);
  });

  it('refuses without the token, with a wrong token or an org API key; rejects tampered payloads in the envelope', async () => {
    const body = { payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64('1') }] };
    for (const headers of [{}, { authorization: `Bearer ${randomBytes(32).toString('hex')}` }, { authorization: `Bearer ${token}` }]) {
      const res = await call(api.baseUrl, 'POST', '/codec/decode', { headers, body });
      expect(res.status).toBe(401);
      expect(res.json.error).toMatchObject({ code: 'unauthorized' });
    }
    const auth = { authorization: `Bearer ${codecToken}` };
    const enc = await call(api.baseUrl, 'POST', '/codec/encode', { headers: auth, body });
    const tampered = (enc.json as unknown as { payloads: WirePayload[] }).payloads[0]!;
    const bytes = Buffer.from(tampered.data, 'base64');
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    const res = await call(api.baseUrl, 'POST', '/codec/decode', { headers: auth, body: { payloads: [{ ...tampered, data: bytes.toString('base64') }] } });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'bad_request' });
    const invalid = await call(api.baseUrl, 'POST', '/codec/decode', { headers: auth, body: { payloads: 'nope' } });
    expect(invalid.status).toBe(422);
  });

  it('decodes only with the key that encoded, and passes unencrypted payloads through', async () => {
    const key = randomBytes(32);
    const codec = createPayloadCodec(key);
    const plain = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"n":1}') };
    const [encoded] = await codec.encode([plain]);
    expect(Buffer.from(encoded!.metadata!['encryption-key-id']!).toString()).toBe(payloadKeyId(key));
    const [decoded] = await codec.decode([encoded!]);
    expect(Buffer.from(decoded!.metadata!.encoding!).toString()).toBe('json/plain');
    expect(Buffer.from(decoded!.data!).toString()).toBe('{"n":1}');
    await expect(createPayloadCodec(randomBytes(32)).decode([encoded!])).rejects.toThrow(/encrypted with another key/);
    expect(await codec.decode([plain])).toEqual([plain]);
    expect(() => createPayloadCodec(randomBytes(16))).toThrow(/32 bytes/);
  });

  it('answers the Temporal UI’s CORS preflight for the allowed origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${api.baseUrl}/codec/decode`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace,authorization' } });
    const ok = await preflight('http://localhost:8233');
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    const denied = await fetch(`${api.baseUrl}/codec/decode`, { method: 'POST', headers: { origin: 'http://localhost:8233', 'content-type': 'application/json' }, body: '{"payloads":[]}' });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe('http://localhost:8233'); // the UI can show the error
  });
});
