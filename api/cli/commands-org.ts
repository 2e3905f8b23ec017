import type { FindingStatus, Severity } from '../sdk/src/index.js';
import { arg, instantFlag, listFlag, positiveNumberFlag, print, stringFlag, type Command, type CommandContext } from './context.js';
import { UsageError } from './exit.js';
import { collect, renderFields, renderTable } from './output.js';

const limitOf = (ctx: CommandContext) => positiveNumberFlag(ctx, 'limit', { integer: true });

const findings: Command = async (ctx) => {
  // Typed as the SDK's unions; anything else is the server's 422 naming the filter (exit 1).
  const severity = stringFlag(ctx, 'severity') as Severity | undefined;
  const status = stringFlag(ctx, 'status') as FindingStatus | undefined;
  const updatedSince = instantFlag(ctx, 'updated-since');
  const filters = { ...(severity ? { severity } : {}), ...(status ? { status } : {}), ...(updatedSince ? { updatedSince } : {}) };
  const items = await collect(ctx.client.findings.list(arg(ctx, 'project'), filters), limitOf(ctx));
  print(ctx, items, () =>
    renderTable(items, [
      { title: 'ID', value: (f) => f.id },
      { title: 'SEVERITY', value: (f) => f.severity },
      { title: 'STATUS', value: (f) => f.status },
      { title: 'UPDATED', value: (f) => f.updated_at },
      { title: 'ISSUES', value: (f) => f.tasks.map((t) => t.url ?? t.provider) },
      { title: 'TITLE', value: (f) => f.title },
    ]),
  );
};

/** A secret the API answers once (create, rotate): printed last, on its own line, the way `npm run keys` prints a token. */
function printSecret(ctx: CommandContext, webhook: { id: string; url: string; secret: string }, what: string): void {
  print(ctx, webhook, () => [`${what} webhook ${webhook.id} (${webhook.url})`, 'store this signing secret now; it is not shown again:', webhook.secret].join('\n'));
}

const webhooksList: Command = async (ctx) => {
  const hooks = await ctx.client.webhooks.list();
  print(ctx, hooks, () =>
    renderTable(hooks, [
      { title: 'ID', value: (w) => w.id },
      { title: 'ENABLED', value: (w) => (w.enabled ? 'yes' : `no${w.disabled_reason ? ` (${w.disabled_reason})` : ''}`) },
      { title: 'PROJECT', value: (w) => w.project_id ?? 'all' },
      { title: 'EVENTS', value: (w) => w.events },
      { title: 'URL', value: (w) => w.url },
    ]),
  );
};

const webhooksCreate: Command = async (ctx) => {
  const url = stringFlag(ctx, 'url');
  const events = listFlag(ctx, 'events');
  if (!url) throw new UsageError('--url is required');
  if (!events?.length) throw new UsageError('--events is required (a comma list, e.g. sync.failed,integration.auth_failed)');
  const project = stringFlag(ctx, 'project');
  const created = await ctx.client.webhooks.create({ url, events: events as never, ...(project ? { project_id: project } : {}) });
  printSecret(ctx, created, 'created');
};

const webhooksRotate: Command = async (ctx) => {
  printSecret(ctx, await ctx.client.webhooks.rotate(arg(ctx, 'webhook_id')), 'new secret for');
};

const webhooksDeliveries: Command = async (ctx) => {
  const items = await collect(ctx.client.webhooks.deliveries(arg(ctx, 'webhook_id')), limitOf(ctx));
  print(ctx, items, () =>
    renderTable(items, [
      { title: 'ID', value: (d) => d.id },
      { title: 'EVENT', value: (d) => d.event_type },
      { title: 'STATUS', value: (d) => d.status },
      { title: 'ATTEMPTS', value: (d) => d.attempts },
      { title: 'LAST ANSWER', value: (d) => d.last_status_code ?? d.last_error },
      { title: 'NEXT ATTEMPT', value: (d) => d.next_attempt_at },
      { title: 'DELIVERED', value: (d) => d.delivered_at },
    ]),
  );
};

const sessionsCreate: Command = async (ctx) => {
  const providers = listFlag(ctx, 'providers');
  const expires = positiveNumberFlag(ctx, 'expires-in', { integer: true });
  const returnUrl = stringFlag(ctx, 'return-url');
  const session = await ctx.client.connectSessions.create({
    project_id: arg(ctx, 'project'),
    ...(providers ? { providers: providers as never } : {}),
    ...(expires !== undefined ? { expires_in_seconds: expires } : {}),
    ...(returnUrl ? { return_url: returnUrl } : {}),
  });
  // Only the URL on stdout, so `url=$(audit-integrations sessions create web)` works; the rest for the person at the terminal.
  if (!ctx.output.json) ctx.output.err(`session ${session.id} for ${session.project_id} (${session.providers.join(', ')}), expires ${session.expires_at}`);
  print(ctx, session, () => session.url);
};

const sessionsGet: Command = async (ctx) => {
  const s = await ctx.client.connectSessions.get(arg(ctx, 'session_id'));
  print(ctx, s, () =>
    renderFields([
      ['id', s.id],
      ['state', s.state],
      ['project', s.project_id],
      ['providers', s.providers],
      ['return url', s.return_url],
      ['expires', s.expires_at],
      ['revoked', s.revoked_at],
      ['created', s.created_at],
    ]),
  );
};

const sessionsRevoke: Command = async (ctx) => {
  const id = arg(ctx, 'session_id');
  await ctx.client.connectSessions.revoke(id);
  print(ctx, { id, state: 'revoked' }, () => `revoked session ${id}`);
};

const auditLog: Command = async (ctx) => {
  const filters = Object.fromEntries(
    [
      ['project_id', stringFlag(ctx, 'project')],
      ['provider', stringFlag(ctx, 'provider')],
      ['action', stringFlag(ctx, 'action')],
      ['since', instantFlag(ctx, 'since')],
      ['until', instantFlag(ctx, 'until')],
    ].filter(([, v]) => v !== undefined),
  );
  const entries = await collect(ctx.client.auditLog.list(filters), limitOf(ctx));
  print(ctx, entries, () =>
    renderTable(entries, [
      { title: 'WHEN', value: (e) => e.created_at },
      { title: 'ACTION', value: (e) => e.action },
      { title: 'PROJECT', value: (e) => e.project_id },
      { title: 'PROVIDER', value: (e) => e.provider },
      { title: 'BY', value: (e) => e.actor.api_key_name ?? e.actor.api_key_id ?? e.actor.name ?? e.actor.type },
      { title: 'TARGET', value: (e) => e.target_id },
    ]),
  );
};

export const ORG_COMMANDS: Record<string, Command> = {
  findings,
  'webhooks list': webhooksList,
  'webhooks create': webhooksCreate,
  'webhooks rotate': webhooksRotate,
  'webhooks deliveries': webhooksDeliveries,
  'sessions create': sessionsCreate,
  'sessions get': sessionsGet,
  'sessions revoke': sessionsRevoke,
  'audit-log': auditLog,
};
