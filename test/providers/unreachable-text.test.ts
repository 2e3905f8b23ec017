import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unreachableMessage } from '../../activities/errors.js';
import { parseAllowList } from '../../activities/outbound/address.js';
import { createOutboundClient, type OutboundOptions, type Resolver } from '../../activities/outbound/client.js';
import { githubAdapter } from '../../activities/providers/github/adapter.js';
import { call, startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';
import { apiFor } from '../sync/support.js';
import { webhooksFor } from '../webhooks/support.js';

/**
 * A tenant must not map the deployment's network through error texts: an address the guard refuses, a name that does
 * not resolve and a host that does not answer read the same in verify, in a sync's error and in a webhook delivery's
 * last_error. The operator's log keeps the precise cause.
 */
const CAUSES = {
  refused: 'internal.corp.test', // resolves to a private address
  unresolvable: 'nowhere.corp.test', // NXDOMAIN
  unreachable: 'up.corp.test', // an allowed address whose host drops every connection
} as const;
type Cause = keyof typeof CAUSES;
const ALL = Object.keys(CAUSES) as Cause[];

const resolve: Resolver = (host) => {
  if (host === CAUSES.refused) return Promise.resolve([{ address: '10.0.0.7', family: 4 }]);
  if (host === CAUSES.unreachable) return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
  return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }));
};

describe('one tenant-visible text for refused, unresolvable and unreachable addresses', () => {
  let dropping: Server;
  let port: number;
  let api: TestApi;
  let worker: TestWorker;
  const orgId = randomUUID();
  let token: string;
  const apiLines: Record<string, unknown>[] = [];
  const workerLines: Record<string, unknown>[] = [];
  const capture = (lines: Record<string, unknown>[]): Pick<OutboundOptions, 'logger'> => ({ logger: { warn: (o: object) => void lines.push(o as Record<string, unknown>) } as never });
  const baseUrl = (cause: Cause) => `http://${CAUSES[cause]}:${port}`;
  const credentials = (cause: Cause) => ({ token: 'ghp_unreachableTextToken01', repository: 'acme/web', base_url: baseUrl(cause) });

  beforeAll(async () => {
    dropping = createServer();
    dropping.on('connection', (socket) => socket.destroy());
    await new Promise<void>((r) => dropping.listen(0, '127.0.0.1', r));
    port = (dropping.address() as AddressInfo).port;
    const allow = parseAllowList('127.0.0.1/32');
    api = await startTestApi({ syncRetry: { maximumAttempts: 2, initialIntervalMs: 200 }, outbound: createOutboundClient({ allow, resolve, ...capture(apiLines) }) });
    worker = await startTestWorker(api, {
      adapters: [githubAdapter],
      egressAllow: '127.0.0.1/32',
      outbound: { resolve, ...capture(workerLines) },
      housekeeping: {},
      webhooks: { retry: { initialIntervalMs: 200, maxIntervalMs: 200, windowMs: 60_000 } },
    });
    token = await api.createKey(orgId);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    dropping?.closeAllConnections();
    await new Promise((r) => dropping?.close(r));
  });

  it('in verify problems', async () => {
    const answers = await Promise.all(
      ALL.map((cause) => call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/verify/audit/integrations/github/verify`, { token, body: { credentials: credentials(cause) } })),
    );
    for (const res of answers) {
      expect(res.json.data).toEqual({ ok: false, checked: 'provider', problems: [{ key: 'base_url', message: unreachableMessage('GitHub') }] });
    }
    expect(new Set(answers.map((a) => a.text.replace(/"request_id":"[^"]+"/, '')))).toHaveProperty('size', 1);
    for (const cause of ALL) expect(apiLines).toContainEqual(expect.objectContaining({ org_id: orgId, provider: 'github', host: CAUSES[cause], cause }));
  });

  it("in a sync's error (refused stays non-retryable by its code), with the cause in the worker's log", async () => {
    const runs = await Promise.all(
      ALL.map(async (cause) => {
        const p = apiFor(api, token, orgId, `sync-${cause}`);
        expect((await p.connect('github', credentials(cause))).status).toBe(200);
        expect((await p.sync('github')).status).toBe(202);
        const row = await p.rowWhen('github', 'error');
        const run = (await p.syncs('github')).json.data as { error_code: string; error_message: string }[];
        return { cause, row, run: run[0]! };
      }),
    );
    for (const { run } of runs) expect(run.error_message).toBe(unreachableMessage('GitHub'));
    expect(Object.fromEntries(runs.map(({ cause, run }) => [cause, run.error_code]))).toEqual({
      refused: 'ProviderAddressBlocked',
      // A name that does not exist fails like a refused address: the code cannot tell which internal names exist.
      unresolvable: 'ProviderAddressBlocked',
      unreachable: 'ProviderUnavailable',
    });
    for (const { cause, row } of runs) {
      expect(workerLines).toContainEqual(expect.objectContaining({ integration_id: row.id, org_id: orgId, project_id: `sync-${cause}`, host: CAUSES[cause], cause }));
    }
  });

  it("in a webhook delivery's last_error, never quoting the URL in the log", async () => {
    const hooks = webhooksFor(api, token, orgId);
    const created = await Promise.all(ALL.map((cause) => hooks.create({ url: `${baseUrl(cause)}/hook?sig=s3cr3t`, events: ['integration.connected'], project_id: 'hooked' })));
    expect((await apiFor(api, token, orgId, 'hooked').connect('github', credentials('refused'))).status).toBe(200);
    const errors = await Promise.all(created.map((hook) => hooks.deliveryWhen(hook.id, (d) => typeof d.last_error === 'string', 'a failed delivery attempt')));
    for (const d of errors) expect(d).toMatchObject({ last_error: unreachableMessage('Webhook endpoint'), last_status_code: null });
    ALL.forEach((cause, i) =>
      expect(workerLines).toContainEqual(expect.objectContaining({ org_id: orgId, endpoint_id: created[i]!.id, host: CAUSES[cause], cause, origin: 'url' })),
    );
    expect(JSON.stringify(workerLines)).not.toMatch(/s3cr3t|\/hook/);
  });
});
