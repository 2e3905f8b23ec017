import { createHmac, randomUUID } from 'node:crypto';
import { ensureInboundHook, type InboundProvider } from '../../db/inbound-hooks.js';
import { upsertIntegration } from '../../db/integrations.js';
import type { CredentialCipher } from '../../db/crypto.js';
import type { Sql } from '../../db/sql.js';

/**
 * The provider side of inbound webhooks: each builder makes a delivery as the provider's documentation shows it (the
 * headers it sends, the body's shape, the signature computed over the exact bytes sent). docs/providers.md names the
 * sources.
 */
export interface Delivery {
  headers: Record<string, string>;
  body: string;
}

const hex = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');
const json = { 'content-type': 'application/json' };

/** GitHub `issues` event (X-Hub-Signature-256, X-GitHub-Delivery). */
export function githubIssues(secret: string, p: { action: string; number: number; updatedAt: string; deliveryId?: string }): Delivery {
  const body = JSON.stringify({
    action: p.action,
    issue: { number: p.number, state: p.action === 'closed' ? 'closed' : 'open', title: 'Missing alt text', updated_at: p.updatedAt, closed_at: p.action === 'closed' ? p.updatedAt : null },
    repository: { full_name: 'acme/web' },
    sender: { login: 'octocat', type: 'User' },
  });
  return {
    body,
    headers: { ...json, 'user-agent': 'GitHub-Hookshot/044aadd', 'x-github-event': 'issues', 'x-github-delivery': p.deliveryId ?? randomUUID(), 'x-github-hook-id': '292430182', 'x-hub-signature-256': `sha256=${hex(secret, body)}` },
  };
}

/** GitLab Issue Hook (X-Gitlab-Token is the secret itself; Idempotency-Key stays the same on retries). */
export function gitlabIssue(secret: string, p: { action: 'close' | 'reopen' | 'update'; iid: number; updatedAt: string; deliveryId?: string }): Delivery {
  const body = JSON.stringify({
    object_kind: 'issue',
    event_type: 'issue',
    user: { username: 'root' },
    project: { path_with_namespace: 'acme/web' },
    object_attributes: { id: 301, iid: p.iid, title: 'Missing alt text', state: p.action === 'close' ? 'closed' : 'opened', action: p.action, updated_at: p.updatedAt },
  });
  const id = p.deliveryId ?? randomUUID();
  return { body, headers: { ...json, 'x-gitlab-event': 'Issue Hook', 'x-gitlab-token': secret, 'x-gitlab-event-uuid': randomUUID(), 'idempotency-key': id, 'x-gitlab-instance': 'https://gitlab.example' } };
}

/** Jira jira:issue_updated / jira:issue_deleted, signed as a secure admin webhook (X-Hub-Signature: sha256=…). */
export function jiraIssue(secret: string, p: { event: 'jira:issue_updated' | 'jira:issue_deleted'; key: string; category: 'done' | 'new' | 'indeterminate'; timestamp: number; deliveryId?: string }): Delivery {
  const body = jiraBody(p);
  return { body, headers: { ...json, 'x-atlassian-webhook-identifier': p.deliveryId ?? randomUUID(), 'x-atlassian-webhook-flow': 'Primary', 'x-hub-signature': `sha256=${hex(secret, body)}` } };
}

export function jiraBody(p: { event: string; key: string; category: string; timestamp: number }): string {
  return JSON.stringify({
    timestamp: p.timestamp,
    webhookEvent: p.event,
    issue_event_type_name: 'issue_generic',
    issue: { id: '10042', key: p.key, fields: { summary: 'Missing alt text', status: { name: p.category === 'done' ? 'Done' : 'To Do', statusCategory: { key: p.category } } } },
    changelog: { items: [{ field: 'status', fieldtype: 'jira' }] },
  });
}

/** A Jira OAuth app's dynamic webhook: `Authorization: Bearer <JWT HS256 under the app's client secret>`. */
export function jiraJwt(appSecret: string, claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', appSecret).update(unsigned).digest('base64url')}`;
}

/** Linear Issue event (Linear-Signature over the raw body; webhookTimestamp in the body). */
export function linearIssue(secret: string, p: { action: 'update' | 'remove'; id: string; stateType: string; updatedAt: string; webhookTimestamp: number; deliveryId?: string }): Delivery {
  const body = JSON.stringify({
    action: p.action,
    type: 'Issue',
    createdAt: p.updatedAt,
    data: { id: p.id, identifier: 'AUD-7', title: 'Missing alt text', state: { id: randomUUID(), name: p.stateType, type: p.stateType }, updatedAt: p.updatedAt },
    updatedFrom: { stateId: randomUUID(), updatedAt: p.updatedAt },
    url: `https://linear.app/acme/issue/AUD-7`,
    organizationId: randomUUID(),
    webhookTimestamp: p.webhookTimestamp,
    webhookId: randomUUID(),
  });
  return { body, headers: { ...json, 'linear-event': 'Issue', 'linear-delivery': p.deliveryId ?? randomUUID(), 'linear-signature': hex(secret, body), 'user-agent': 'Linear-Webhook' } };
}

/** Sentry integration-platform issue webhook (Sentry-Hook-Signature under the client secret). */
export function sentryIssue(secret: string, p: { action: 'resolved' | 'unresolved' | 'assigned'; issueId: string; timestampSeconds: number; deliveryId?: string }): Delivery {
  const body = JSON.stringify({
    action: p.action,
    installation: { uuid: randomUUID() },
    data: { issue: { id: p.issueId, shortId: 'WEB-1', title: 'TypeError', status: p.action === 'resolved' ? 'resolved' : 'unresolved', project: { slug: 'web' } } },
    actor: { type: 'user', id: 1, name: 'Ada' },
  });
  return {
    body,
    headers: { ...json, 'request-id': p.deliveryId ?? randomUUID(), 'sentry-hook-resource': 'issue', 'sentry-hook-timestamp': String(p.timestampSeconds), 'sentry-hook-signature': hex(secret, body) },
  };
}

export async function deliver(baseUrl: string, provider: string, hookId: string, d: Delivery): Promise<{ status: number; json: { data: { status: string } | null; error: { code: string; message: string } | null; meta: { request_id: string } }; headers: Headers }> {
  const res = await fetch(`${baseUrl}/api/v1/inbound/${provider}/${hookId}`, { method: 'POST', headers: d.headers, body: d.body });
  return { status: res.status, json: (await res.json()) as never, headers: res.headers };
}

export interface Seeded {
  integrationId: string;
  findingId: string;
  hookId: string;
  secret: string;
}

/**
 * An integration with its hook, and an open finding linked to the remote issue `ref` (a tracker task; for Sentry, the
 * finding's source_ref). Not due for a sync: only the inbound path changes these rows.
 */
export async function seed(sql: Sql, cipher: CredentialCipher, p: { orgId: string; projectId: string; provider: InboundProvider; ref: string; secret?: string }): Promise<Seeded> {
  // One transaction: a housekeeping pass woken by an earlier test never sees the row due (and starts no sync of it).
  const row = await sql.begin(async (tx) => {
    const created = await upsertIntegration(tx, { orgId: p.orgId, projectId: p.projectId, provider: p.provider }, 'not-used');
    await tx`update audit_integrations set next_sync_at = null where id = ${created.id}`;
    return created;
  });
  const sentry = p.provider === 'sentry';
  const [finding] = await sql<{ id: string }[]>`
    insert into findings (org_id, project_id, title, severity, source, source_ref)
    values (${p.orgId}, ${p.projectId}, 'Missing alt text', 'medium', ${sentry ? 'sentry' : 'audit'}, ${sentry ? p.ref : null})
    returning id
  `;
  if (!sentry) {
    await sql`insert into finding_tasks (finding_id, integration_id, provider, external_id, state) values (${finding!.id}, ${row.id}, ${p.provider}, ${p.ref}, 'open')`;
  }
  const hook = await ensureInboundHook(sql, cipher, { integrationId: row.id, orgId: p.orgId, projectId: p.projectId, provider: p.provider, ...(p.secret ? { secret: p.secret } : {}) });
  return { integrationId: row.id, findingId: finding!.id, hookId: hook.hookId, secret: hook.secret! };
}

export async function findingStatus(sql: Sql, findingId: string): Promise<string | undefined> {
  const [row] = await sql<{ status: string }[]>`select status from findings where id = ${findingId}`;
  return row?.status;
}

export async function taskOf(sql: Sql, findingId: string): Promise<{ state: string; external_id: string } | undefined> {
  const [row] = await sql<{ state: string; external_id: string }[]>`select state, external_id from finding_tasks where finding_id = ${findingId}`;
  return row;
}

export async function deliveriesOf(sql: Sql, integrationId: string): Promise<{ delivery_id: string; change: unknown; outcome: string | null }[]> {
  return sql<{ delivery_id: string; change: unknown; outcome: string | null }[]>`select delivery_id, change, outcome from inbound_deliveries where integration_id = ${integrationId} order by id`;
}
