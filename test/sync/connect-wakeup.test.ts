import { randomUUID } from 'node:crypto';
import type { Client, Connection } from '@temporalio/client';
import { describe, expect, vi } from 'vitest';
import type { createSql } from '../../db/sql.js';
import { HOUSEKEEPING_WAKE_SIGNAL, housekeepingWorkflowId } from '../../workflows/ids.js';
import { housekeepingStatus } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { githubStackTest, startWakeupListener } from './support.js';

const TOKEN = `ghp_${randomUUID().replace(/-/g, '')}`;
const REPOSITORY = 'acme/web';
// One window for the whole file; the burst below takes far less than BURST_SIGNAL_BOUND windows.
const WINDOW_MS = 500;
const BURST = 50;
const BURST_SIGNAL_BOUND = 10;

/**
 * Connect → first sync without waiting for the sweep: the sweep interval is an hour, so a first sync that starts at all
 * was started by the wake-up (connect NOTIFY → the worker's LISTEN → a signal to the housekeeping loop).
 */
const test = githubStackTest({ token: TOKEN, repository: REPOSITORY }, { worker: { housekeeping: { sweepIntervalMs: 3_600_000 } } }).extend(
  'listener',
  { scope: 'file' },
  async ({ stack: { api } }, { onCleanup }) => startWakeupListener(api, onCleanup, { windowMs: WINDOW_MS }),
);

describe('connect wakes the sweeper (NOTIFY on commit, LISTEN in the worker, one housekeeping signal per window)', () => {
  const firstRunOf = async (sql: ReturnType<typeof createSql>, integrationId: string) =>
    (await sql<{ trigger: string }[]>`select trigger from sync_runs where integration_id = ${integrationId} order by started_at limit 1`)[0];
  const wakeSignals = async (client: Client, taskQueue: string) => {
    const history = await client.workflow.getHandle(housekeepingWorkflowId(taskQueue)).fetchHistory();
    return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === HOUSEKEEPING_WAKE_SIGNAL).length;
  };

  test('starts the first sync although the next periodic sweep is an hour away, and the API calls no Temporal for it', async ({ stack: { api }, project, github, listener: { wakeups } }) => {
    const service = (api.client.connection as Connection).workflowService as unknown as Record<string, unknown>;
    const methods = Object.keys(service).filter((name) => name !== 'rpcImpl' && typeof service[name] === 'function');
    const spies = methods.map((name) => vi.spyOn(service as Record<string, (...args: unknown[]) => unknown>, name));
    const temporalCalls = () => spies.reduce((n, s) => n + s.mock.calls.length, 0);
    try {
      const p = project('first');
      const signalsBefore = wakeups.signals;
      const connected = await p.connect('github', { token: TOKEN, repository: REPOSITORY, base_url: github.url });
      expect(connected.status).toBe(200);
      const id = (connected.json.data as { id: string }).id;
      const run = await waitFor(() => firstRunOf(api.db.sql, id), 'the first sync', 15_000);
      expect(run.trigger).toBe('schedule');
      expect(wakeups.signals).toBeGreaterThan(signalsBefore);
      // The connect went to Postgres only.
      expect(temporalCalls()).toBe(0);
      // The spies do see the API's Temporal calls: a manual sync starts a workflow through them.
      await p.rowWhen('github', 'connected');
      expect((await p.sync('github')).status).toBe(202);
      expect(temporalCalls()).toBeGreaterThan(0);
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });

  test('a reconnect (the single-statement path of a project in use) wakes it too', async ({ stack: { api }, project, github }) => {
    const p = project('again');
    const credentials = { token: TOKEN, repository: REPOSITORY, base_url: github.url };
    const id = ((await p.connect('github', credentials)).json.data as { id: string }).id;
    await waitFor(() => firstRunOf(api.db.sql, id), 'the first sync', 15_000);
    await p.rowWhen('github', 'connected');
    // Due again in an hour; the reconnect makes it due at once.
    expect((await p.connect('github', credentials)).status).toBe(200);
    const runs = await waitFor(async () => {
      const r = await api.db.sql<{ trigger: string }[]>`select trigger from sync_runs where integration_id = ${id} order by started_at`;
      return r.length >= 2 ? r : undefined;
    }, 'the sync after the reconnect', 15_000);
    expect(runs.map((r) => r.trigger)).toEqual(['schedule', 'schedule']);
  });

  test(`a burst of ${BURST} connects starts every first sync with a bounded number of wake signals`, async ({ stack: { api, orgId, token }, github, listener: { wakeups } }) => {
    const before = await wakeSignals(api.client, api.taskQueue);
    const sentBefore = wakeups.signals;
    const projects = Array.from({ length: BURST }, (_, i) => `burst-${i}`);
    const ids = await Promise.all(
      projects.map(async (projectId) => {
        const res = await fetch(`${api.baseUrl}/api/v1/orgs/${orgId}/projects/${projectId}/audit/integrations/github/connect`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ credentials: { token: TOKEN, repository: REPOSITORY, base_url: github.url } }),
        });
        expect(res.status).toBe(200);
        return ((await res.json()) as { data: { id: string } }).data.id;
      }),
    );
    const started = await waitFor(async () => {
      const [row] = await api.db.sql<{ n: number }[]>`select count(distinct integration_id)::int as n from sync_runs where integration_id = any(${ids})`;
      return row!.n === BURST ? row!.n : undefined;
    }, `${BURST} first syncs`, 15_000);
    expect(started).toBe(BURST);
    // Every signal this worker sent is in the loop's history (the trailing one of the last window may still be on its way).
    const sent = wakeups.signals - sentBefore;
    const received = await waitFor(async () => {
      const n = (await wakeSignals(api.client, api.taskQueue)) - before;
      return n >= sent ? n : undefined;
    }, 'the wake signals in the history');
    expect(received).toBeGreaterThanOrEqual(1);
    expect(received).toBeLessThanOrEqual(BURST_SIGNAL_BOUND);
    const status = await waitFor(() => housekeepingStatus(api.client, api.taskQueue), 'the housekeeping status');
    // The loop swept only when woken (its interval is an hour), never more often than it was woken.
    expect(status.sweeps).toBeLessThanOrEqual(status.wakes);
  });

  test('the LISTEN comes back after its connection is killed, and wakes the sweeper again', async ({ stack: { api }, project, github, listener }) => {
    const { wakeups, listens, sql, errors } = listener;
    const listened = listens.length;
    // The worker's one LISTEN connection: its last statement is the LISTEN of whichever of its channels came last
    // (db/sync-due.ts's, or db/inbound-deliveries.ts's since inbound webhooks share the listener).
    const [pid] = await sql<{ pid: number }[]>`
      select pid from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and query ~* '^listen "(audit_sync_due|audit_inbound)"'
    `;
    expect(pid).toBeDefined();
    const signalsBefore = wakeups.signals;
    await api.db.sql`select pg_terminate_backend(${pid!.pid})`;
    await waitFor(async () => (listens.length > listened ? true : undefined), 'the LISTEN again', 15_000);
    expect(listens.at(-1)).toBe(false);
    // A reconnect signals once by itself (a connect may have notified while nobody listened).
    expect(wakeups.signals).toBeGreaterThan(signalsBefore);
    const p = project('after-reconnect');
    const id = ((await p.connect('github', { token: TOKEN, repository: REPOSITORY, base_url: github.url })).json.data as { id: string }).id;
    await waitFor(() => firstRunOf(api.db.sql, id), 'the first sync after the reconnect', 15_000);
    // Finished before the fake GitHub closes with the file.
    await p.rowWhen('github', 'connected');
    expect(errors).toEqual([]);
  });
});
