import type { Sql } from '../../db/sql.js';
import { openSse, type SseStream } from '../api/sse-client.js';
import { percentile, type LoadRequest } from './load-types.js';
import type { SeedOrg } from './seed.js';
import { cpuMeter, rssMiB, runLoad, settle } from './stack.js';

/**
 * Issue 28's live-event targets, on the bench's running API process (api/main.ts as deployed) and worker:
 * - latency: a change to an integration row → the `integration.updated` event at a subscribed client, two ways: through
 *   the API (a settings PATCH: the API NOTIFYs after its commit) timed from the request's start, and straight in
 *   Postgres (an UPDATE no NOTIFY follows: the hub's poll finds it) timed from the commit;
 * - scale: 1,000 streams open on the one API process (one per org, each org's key) — the process's RSS before and
 *   after, and list throughput with them against without them, in interleaved pairs at the top concurrency.
 */
export interface EventStats {
  samples: number;
  viaApi: { p50Ms: number; p99Ms: number; maxMs: number };
  viaSql: { p50Ms: number; p99Ms: number; maxMs: number };
  streams: number;
  rssBeforeMiB: number;
  rssWithStreamsMiB: number;
  /** List throughput at `connections`, with and without the streams, each pair measured back to back. */
  listPairs: { without: number; with: number }[];
  listRatio: number;
  connections: number;
}

export interface EventDeps {
  sql: Sql;
  apiUrl: string;
  apiPid: number;
  orgs: readonly SeedOrg[];
  list: LoadRequest[];
  connections: number;
  measureSec: number;
  quick: boolean;
  background: Record<string, number | undefined>;
  log: (msg: string) => void;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50Ms: percentile(s, 50), p99Ms: percentile(s, 99), maxMs: s.at(-1) ?? Number.NaN };
};

export async function measureEvents(deps: EventDeps): Promise<EventStats> {
  const { apiUrl, log } = deps;
  const connected = deps.orgs.flatMap((org) => {
    const i = org.integrations.find((x) => x.status === 'connected');
    return i ? [{ org, integration: i }] : [];
  });
  const latency = await measureLatency(deps, connected.slice(0, 20), deps.quick ? 40 : 200);
  log(`events: via API p50 ${latency.viaApi.p50Ms.toFixed(0)} ms, p99 ${latency.viaApi.p99Ms.toFixed(0)} ms; via SQL (poll) p50 ${latency.viaSql.p50Ms.toFixed(0)} ms, p99 ${latency.viaSql.p99Ms.toFixed(0)} ms`);

  const count = Math.min(1000, connected.length);
  const targets = connected.slice(0, count);
  const open = () => Promise.all(targets.map(({ org, integration }) => openSse(apiUrl, `/api/v1/orgs/${org.orgId}/projects/${integration.projectId}/audit/events`, org.token)));
  await settle(deps.background);
  const rssBeforeMiB = await rssMiB(deps.apiPid);
  let streams = await open();
  const refused = streams.filter((s) => s.status !== 200).length;
  if (refused > 0) throw new Error(`${refused} of ${count} event streams refused`);
  await new Promise((r) => setTimeout(r, 3000));
  const rssWithStreamsMiB = await rssMiB(deps.apiPid);
  log(`events: ${count} streams open, API RSS ${rssBeforeMiB} → ${rssWithStreamsMiB} MiB`);

  // Each side runs the full measuring time, as the list table does: 5-second halves gave pair ratios from 0.71 to 1.37
  // on 2 shared cores (medians 84–90 % over 6–8 pairs), 10-second runs 0.96–1.01 on the same machine.
  const run = async () => {
    await settle(deps.background);
    const stop = cpuMeter({ server: deps.apiPid });
    const r = await runLoad({ mode: 'duration', url: apiUrl, connections: deps.connections, warmupSec: 1, durationSec: deps.measureSec, requests: deps.list });
    await stop();
    return r.rps;
  };
  const closeAll = (ss: SseStream[]) => ss.forEach((s) => s.close());
  const listPairs: EventStats['listPairs'] = [];
  const pairs = Number(process.env.BENCH_EVENT_PAIRS ?? (deps.quick ? 2 : 4));
  for (let i = 0; i < pairs; i++) {
    // Alternate which side goes first, so the machine's drift cancels out over the pairs.
    const pair: Partial<EventStats['listPairs'][number]> = {};
    for (const side of i % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const)) {
      if (side === 'without' && streams.length > 0) {
        closeAll(streams);
        streams = [];
      }
      if (side === 'with' && streams.length === 0) streams = await open();
      pair[side] = await run();
    }
    listPairs.push(pair as EventStats['listPairs'][number]);
    log(`events: list with ${count} streams ${pair.with!.toFixed(0)} req/s, without ${pair.without!.toFixed(0)} req/s`);
  }
  closeAll(streams);
  const ratios = listPairs.map((p) => p.with / p.without).sort((a, b) => a - b);
  const listRatio = ratios.length % 2 ? ratios[(ratios.length - 1) / 2]! : (ratios[ratios.length / 2 - 1]! + ratios[ratios.length / 2]!) / 2;
  return { samples: latency.samples, viaApi: latency.viaApi, viaSql: latency.viaSql, streams: count, rssBeforeMiB, rssWithStreamsMiB, listPairs, listRatio, connections: deps.connections };
}

async function measureLatency(deps: EventDeps, subjects: { org: SeedOrg; integration: SeedOrg['integrations'][number] }[], samples: number) {
  const { sql, apiUrl } = deps;
  const streams = await Promise.all(subjects.map(({ org, integration }) => openSse(apiUrl, `/api/v1/orgs/${org.orgId}/projects/${integration.projectId}/audit/events`, org.token)));
  const viaApi: number[] = [];
  const viaSql: number[] = [];
  // Each change flips `paused` (a column the public row shows), so every one is an event.
  await sql`update audit_integrations set paused = false where id in ${sql(subjects.map((s) => s.integration.id))}`;
  const paused = subjects.map(() => false);
  try {
    for (let n = 0; n < samples; n++) {
      const k = n % subjects.length;
      const { org, integration } = subjects[k]!;
      const stream = streams[k]!;
      const from = stream.events.length;
      const arrived = stream.next((e) => e.event === 'integration.updated' && (JSON.parse(e.data) as { id: string }).id === integration.id, from, 'the change');
      const t0 = performance.now();
      paused[k] = !paused[k];
      if (Math.floor(n / subjects.length) % 2 === 0) {
        // Through the API (every other round): a settings change, NOTIFY after its commit.
        const res = await fetch(`${apiUrl}/api/v1/orgs/${org.orgId}/projects/${integration.projectId}/audit/integrations/${integration.provider}/settings`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${org.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ paused: paused[k] }),
        });
        if (res.status !== 200) throw new Error(`settings answered ${res.status}`);
        await arrived;
        viaApi.push(performance.now() - t0);
      } else {
        // Straight in Postgres, as a script would: no NOTIFY, the hub's poll finds it. Timed from the commit.
        await sql`update audit_integrations set paused = ${paused[k]!} where id = ${integration.id}`;
        const committed = performance.now();
        await arrived;
        viaSql.push(performance.now() - committed);
      }
    }
  } finally {
    streams.forEach((s) => s.close());
    // Leave the rows as seeded (not paused) for what is measured after.
    await sql`update audit_integrations set paused = false where id in ${sql(subjects.map((s) => s.integration.id))}`;
  }
  return { samples, viaApi: stats(viaApi), viaSql: stats(viaSql) };
}
