import { createHmac, randomUUID } from 'node:crypto';
import type { CredentialCipher } from '../../db/crypto.js';
import { ensureInboundHook } from '../../db/inbound-hooks.js';
import type { Sql } from '../../db/sql.js';
import { percentile } from './load-types.js';
import type { SeedOrg } from './seed.js';

/**
 * Issue 28's inbound target: a tracker issue closed → its finding resolved here. For `samples` connected GitHub
 * integrations of the seed, one open finding linked to issue #n (a finding_tasks row, as a sync leaves it) and the
 * integration's inbound hook (the secret the worker would register with GitHub); then, one after the other, GitHub's
 * `issues` / `closed` delivery, signed as GitHub signs it, POSTed to the running API, and the time until the finding
 * reads `resolved` (the worker's housekeeping pass applies it, woken by the API's NOTIFY). Also the API's answer time.
 */
export interface InboundStats {
  samples: number;
  /** POST → 2xx. */
  answerP50Ms: number;
  answerP99Ms: number;
  /** POST → finding resolved in Postgres. */
  resolvedP50Ms: number;
  resolvedP99Ms: number;
  resolvedMaxMs: number;
}

export async function measureInbound(deps: { sql: Sql; cipher: CredentialCipher; apiUrl: string; orgs: readonly SeedOrg[]; quick: boolean; log: (msg: string) => void }): Promise<InboundStats> {
  const { sql, apiUrl } = deps;
  const samples = deps.quick ? 10 : 50;
  const subjects = deps.orgs
    .flatMap((org) => org.integrations.filter((i) => i.provider === 'github' && i.status === 'connected').map((i) => ({ org, i })))
    .slice(0, samples);
  if (subjects.length < samples) throw new Error(`only ${subjects.length} connected GitHub integrations to measure inbound webhooks on`);
  const answers: number[] = [];
  const resolved: number[] = [];
  for (const [n, { org, i }] of subjects.entries()) {
    const issue = 9000 + n;
    const [finding] = await sql<{ id: string }[]>`
      insert into findings (org_id, project_id, title, severity) values (${org.orgId}, ${i.projectId}, ${`Inbound bench ${n}`}, 'low') returning id
    `;
    await sql`
      insert into finding_tasks (finding_id, integration_id, provider, external_id, url, state, synced_at)
      values (${finding!.id}, ${i.id}, 'github', ${String(issue)}, null, 'open', now())
    `;
    const hook = await ensureInboundHook(sql, deps.cipher, { integrationId: i.id, orgId: org.orgId, projectId: i.projectId, provider: 'github' });
    const body = JSON.stringify({ action: 'closed', issue: { number: issue, state: 'closed', updated_at: new Date().toISOString() }, repository: { full_name: 'acme/web' } });
    const signature = `sha256=${createHmac('sha256', hook.secret!).update(body).digest('hex')}`;
    const t0 = performance.now();
    const res = await fetch(`${apiUrl}/api/v1/inbound/github/${hook.hookId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': signature },
      body,
    });
    answers.push(performance.now() - t0);
    if (res.status >= 300) throw new Error(`inbound webhook answered ${res.status}: ${await res.text()}`);
    for (;;) {
      const [row] = await sql<{ status: string }[]>`select status from findings where id = ${finding!.id}`;
      if (row?.status === 'resolved') break;
      if (performance.now() - t0 > 60_000) throw new Error('finding not resolved within 60 s of the signed webhook');
      await new Promise((r) => setTimeout(r, 10));
    }
    resolved.push(performance.now() - t0);
  }
  const a = [...answers].sort((x, y) => x - y);
  const r = [...resolved].sort((x, y) => x - y);
  const stats = { samples, answerP50Ms: percentile(a, 50), answerP99Ms: percentile(a, 99), resolvedP50Ms: percentile(r, 50), resolvedP99Ms: percentile(r, 99), resolvedMaxMs: r.at(-1)! };
  deps.log(`inbound: answered p50 ${stats.answerP50Ms.toFixed(1)} ms; finding resolved p50 ${stats.resolvedP50Ms.toFixed(0)} ms, p99 ${stats.resolvedP99Ms.toFixed(0)} ms`);
  return stats;
}
