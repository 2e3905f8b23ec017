import { randomUUID } from 'node:crypto';
import { syncWorkflowId } from '../../workflows/ids.js';
import { parseAllowList } from '../../activities/outbound/address.js';
import { createOutboundClient, type OutboundOptions, type Transport } from '../../activities/outbound/client.js';
import { createProviderStores } from '../../activities/stores/index.js';
import type { SyncLimits } from '../../activities/providers/options.js';
import type { ProviderAdapter } from '../../activities/providers/types.js';
import { createCredentialCipher } from '../../db/crypto.js';
import { insertFinding, setFindingStatus, type FindingRow, type NewFinding } from '../../db/findings.js';
import type { FindingTaskRow } from '../../db/finding-tasks.js';
import { upsertIntegration } from '../../db/integrations.js';
import type { Provider } from '../../db/providers.js';
import type { SyncCounts } from '../../db/sync-runs.js';
import type { TestDatabase } from '../helpers/db.js';
import { call, randomKey, TEST_EGRESS_ALLOW, type TestApi } from '../helpers/stack.js';

export const newFinding = (overrides: Partial<NewFinding> = {}): NewFinding => ({
  title: `Missing alt text ${randomUUID().slice(0, 8)}`,
  description: 'Images on the pricing page have no alt text.\n\nScreen readers announce the file name.',
  severity: 'high',
  url: 'https://example.com/pricing',
  category: 'accessibility',
  ...overrides,
});

/** One project with one integration row, for calling `adapter.sync(ctx)` directly with the real FindingsStore. */
export async function adapterProject(db: TestDatabase, provider: Provider) {
  const key = { orgId: randomUUID(), projectId: `p-${randomUUID().slice(0, 8)}`, provider };
  const stored = 'not-read-by-adapters';
  const integration = await upsertIntegration(db.sql, key, stored);
  const cipher = createCredentialCipher([randomKey()]);
  const heartbeats: unknown[] = [];
  return {
    key,
    heartbeats,
    addFinding: (input: Partial<NewFinding> = {}): Promise<FindingRow> => insertFinding(db.sql, key, newFinding(input)),
    setStatus: (id: string, status: 'open' | 'resolved') => setFindingStatus(db.sql, key, id, status),
    finding: async (id: string) => (await db.sql<FindingRow[]>`select * from findings where id = ${id}`)[0]!,
    tasks: () => db.sql<FindingTaskRow[]>`select * from finding_tasks where integration_id = ${integration.id} order by created_at`,
    stores: () => createProviderStores(db.sql, cipher, { integrationId: integration.id, key, ciphertext: stored }),
    /** The credentials as the worker last saved them (token exchange, refresh, Jira's cloud id). */
    async credentials(): Promise<Record<string, unknown>> {
      const [row] = await db.sql<{ credentials: string }[]>`select credentials from audit_integrations where id = ${integration.id}`;
      return cipher.decrypt(row!.credentials, key);
    },
    async sync(adapter: ProviderAdapter, credentials: Record<string, unknown>, opts: Omit<OutboundOptions, 'allow'> & { egressAllow?: string; limits?: SyncLimits } = {}): Promise<SyncCounts> {
      const { limits, egressAllow, ...outboundOptions } = opts;
      const outbound = createOutboundClient({ allow: parseAllowList(egressAllow ?? TEST_EGRESS_ALLOW), ...outboundOptions });
      const signal = new AbortController().signal;
      const heartbeat = (d?: unknown) => void heartbeats.push(d);
      // The row as it is now: a sync that saved tokens leaves a new ciphertext for the next compare-and-swap.
      const [row] = await db.sql<{ credentials: string }[]>`select credentials from audit_integrations where id = ${integration.id}`;
      try {
        return await adapter.sync({
          integrationId: integration.id,
          orgId: key.orgId,
          projectId: key.projectId,
          credentials,
          http: outbound.session({ signal, heartbeat }),
          heartbeat,
          signal,
          stores: createProviderStores(db.sql, cipher, { integrationId: integration.id, key, ciphertext: row!.credentials }),
          resumeFrom: undefined,
          ...(limits ? { limits } : {}),
        });
      } finally {
        await outbound.close();
      }
    },
  };
}

/** A client-side deadline, to turn a fake's slow answer into a timeout without waiting 30 s. */
export const withDeadline =
  (ms: number) =>
  (next: Transport): Transport =>
  (url, init) =>
    next(url, { ...init, signal: AbortSignal.any([AbortSignal.timeout(ms), init.signal]) });

export interface PresentedFinding {
  id: string;
  status: string;
  tasks: { provider: string; external_id: string; url: string; state: string; synced_at: string }[];
}

/** One project driven through the public API and the real workflow + worker. */
export function apiProject(api: TestApi, token: string, orgId: string, provider: Provider) {
  const projectId = `p-${randomUUID().slice(0, 8)}`;
  const base = `/api/v1/orgs/${orgId}/projects/${projectId}/audit`;
  return {
    projectId,
    async connect(credentials: Record<string, unknown>) {
      const res = await call(api.baseUrl, 'POST', `${base}/integrations/${provider}/connect`, { token, body: { credentials } });
      if (res.status !== 200) throw new Error(`connect answered ${res.status}`);
    },
    async createFinding(input: Partial<NewFinding> = {}): Promise<PresentedFinding> {
      const res = await call(api.baseUrl, 'POST', `${base}/findings`, { token, body: newFinding(input) });
      if (res.status !== 201) throw new Error(`create answered ${res.status}`);
      return res.json.data as PresentedFinding;
    },
    async setStatus(id: string, status: 'open' | 'resolved') {
      const res = await call(api.baseUrl, 'PATCH', `${base}/findings/${id}`, { token, body: { status } });
      if (res.status !== 200) throw new Error(`patch answered ${res.status}`);
    },
    async findings(): Promise<PresentedFinding[]> {
      return (await call(api.baseUrl, 'GET', `${base}/findings?limit=100`, { token })).json.data as PresentedFinding[];
    },
    /** POST …/sync, wait for the workflow run to finish, and report what the user sees and what the run recorded. */
    async sync() {
      const res = await call(api.baseUrl, 'POST', `${base}/integrations/${provider}/sync`, { token });
      if (res.status !== 202) throw new Error(`sync answered ${res.status}`);
      await api.client.workflow.getHandle(syncWorkflowId({ orgId, projectId, provider })).result().catch(() => undefined);
      const list = await call(api.baseUrl, 'GET', `${base}/integrations`, { token });
      const row = (list.json.data as { provider: string; status: string; id: string }[]).find((r) => r.provider === provider)!;
      const [run] = await api.db.sql<{ outcome: string; error_code: string | null; items_pushed: number; items_pulled: number; items_updated: number }[]>`
        select outcome, error_code, items_pushed, items_pulled, items_updated from sync_runs
        where integration_id = ${row.id} order by started_at desc limit 1
      `;
      return { status: row.status, run: run! };
    },
  };
}
