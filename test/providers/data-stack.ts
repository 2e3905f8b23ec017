import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { ProviderAdapter } from '../../activities/providers/types.js';
import { syncWorkflowId } from '../../workflows/ids.js';
import { call, startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

export interface SyncRun {
  warnings: string[];
  outcome: string;
  error_code: string | null;
  error_message: string | null;
  items_pulled: number;
  items_updated: number;
}

export interface MetricItem {
  provider: string;
  dimension: string;
  metric: string;
  value: number;
  period_start: string;
  period_end: string;
  pulled_at: string;
}

/**
 * The real API and a worker running the real workflow against the shared Temporal dev server, with the given adapters
 * (built with test options: fake OAuth apps, small pages). Each test uses its own project of one random org.
 */
export interface DataStack {
  api: TestApi;
  worker: TestWorker;
  orgId: string;
  token: string;
  connect(project: string, provider: string, credentials: Record<string, unknown>): Promise<void>;
  /** POST …/sync, wait until the row leaves `syncing`, and return the row status and the newest sync run. */
  sync(project: string, provider: string): Promise<{ status: string; run: SyncRun }>;
  metrics(project: string, query?: string): Promise<MetricItem[]>;
  /** The newest sync workflow run's history with every payload decoded: what Temporal keeps. */
  history(project: string, provider: string): Promise<string>;
  findings(project: string): Promise<{ title: string; status: string; source: string; severity: string; url: string | null; description: string | null }[]>;
  close(): Promise<void>;
}

export async function startDataStack(adapters: ProviderAdapter[], workerOptions: Omit<Parameters<typeof startTestWorker>[1], 'adapters'> = {}): Promise<DataStack> {
  // Retries are bounded and quick, so "not retried" and "retried then succeeded" both show within a test.
  const api = await startTestApi({ syncRetry: { maximumAttempts: 4, initialIntervalMs: 200 } });
  const worker = await startTestWorker(api, { adapters, ...workerOptions });
  const orgId = randomUUID();
  const token = await api.createKey(orgId);
  const base = (project: string) => `/api/v1/orgs/${orgId}/projects/${project}/audit`;

  return {
    api,
    worker,
    orgId,
    token,
    async connect(project, provider, credentials) {
      const res = await call(api.baseUrl, 'POST', `${base(project)}/integrations/${provider}/connect`, { token, body: { credentials } });
      expect(res.status).toBe(200);
    },
    async sync(project, provider) {
      const res = await call(api.baseUrl, 'POST', `${base(project)}/integrations/${provider}/sync`, { token });
      expect(res.status).toBe(202);
      const done = await waitFor(async () => {
        const list = await call(api.baseUrl, 'GET', `${base(project)}/integrations`, { token });
        const row = (list.json.data as { provider: string; status: string }[]).find((r) => r.provider === provider);
        if (!row || row.status === 'syncing') return undefined;
        const runs = await call(api.baseUrl, 'GET', `${base(project)}/integrations/${provider}/syncs`, { token });
        const run = (runs.json.data as SyncRun[])[0]!;
        return run.outcome !== 'running' ? { status: row.status, run } : undefined;
      }, `the ${provider} sync of ${project} to finish`);
      // The row is final before the workflow closes; a sync requested in that gap would join the closing run.
      await api.client.workflow.getHandle(syncWorkflowId({ orgId, projectId: project, provider })).result().catch(() => undefined);
      return done;
    },
    async history(project, provider) {
      const history = await api.client.workflow.getHandle(syncWorkflowId({ orgId, projectId: project, provider })).fetchHistory();
      // Every string and every byte field (payloads) decoded as UTF-8; protobuf's own JSON would base64 the bytes.
      const parts: string[] = [];
      const walk = (value: unknown, depth: number): void => {
        if (value === null || value === undefined || depth > 64) return;
        if (value instanceof Uint8Array) parts.push(Buffer.from(value).toString('utf8'));
        else if (typeof value === 'string') parts.push(value);
        else if (typeof value === 'object') for (const v of Object.values(value)) walk(v, depth + 1);
      };
      walk(history, 0);
      return parts.join('\n');
    },
    async metrics(project, query = '') {
      const res = await call(api.baseUrl, 'GET', `${base(project)}/metrics?limit=1000${query ? `&${query}` : ''}`, { token });
      expect(res.status).toBe(200);
      return res.json.data as MetricItem[];
    },
    async findings(project) {
      const res = await call(api.baseUrl, 'GET', `${base(project)}/findings?limit=100`, { token });
      expect(res.status).toBe(200);
      return res.json.data as Awaited<ReturnType<DataStack['findings']>>;
    },
    async close() {
      await worker.stop();
      await api.close();
    },
  };
}

/** Metric values keyed `dimension|metric`, for whole-set comparisons. */
export function byKey(items: readonly MetricItem[]): Record<string, number> {
  return Object.fromEntries(items.map((m) => [`${m.dimension}|${m.metric}`, m.value]));
}
