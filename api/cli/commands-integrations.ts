import path from 'node:path';
import type { Provider } from '../sdk/src/index.js';
import { arg, positiveNumberFlag, print, providerArg, stringFlag, type Command, type CommandContext } from './context.js';
import { readCredentials, type CatalogKey } from './credentials.js';
import { OperationFailed, UsageError } from './exit.js';
import { collect, renderFields, renderTable } from './output.js';

/** `sync --wait` gives up after this long unless --timeout says otherwise (the sync itself goes on). */
export const DEFAULT_WAIT_SECONDS = 300;


const providers: Command = async (ctx) => {
  const catalog = await ctx.client.providers.list();
  print(ctx, catalog, () =>
    renderTable(catalog, [
      { title: 'PROVIDER', value: (p) => p.id },
      { title: 'LABEL', value: (p) => p.label },
      { title: 'KIND', value: (p) => p.kind },
      { title: 'OAUTH', value: (p) => (p.oauth ? (p.oauth.configured ? 'configured' : 'not configured') : '-') },
      // Secret fields marked with `*`: those are the ones `connect` takes only from the environment or a file.
      { title: 'FIELDS (* secret)', value: (p) => p.credentials.map((c) => `${c.key}${c.secret ? '*' : ''}${c.required ? '' : '?'}`).join(' ') },
    ]),
  );
};

const list: Command = async (ctx) => {
  const rows = await ctx.client.integrations.list(arg(ctx, 'project'));
  print(ctx, rows, () =>
    renderTable(rows, [
      { title: 'PROVIDER', value: (r) => r.provider },
      { title: 'STATUS', value: (r) => r.status },
      { title: 'LAST SYNC', value: (r) => r.last_sync_at },
      { title: 'UPDATED', value: (r) => r.updated_at },
      { title: 'ID', value: (r) => r.id },
    ]),
  );
};

const get: Command = async (ctx) => {
  const row = await ctx.client.integrations.get(arg(ctx, 'project'), providerArg(ctx));
  print(ctx, row, () =>
    renderFields([
      ['provider', row.provider],
      ['status', row.status],
      ['id', row.id],
      ['last sync', row.last_sync_at],
      ['next sync', row.next_sync_at],
      ['interval', row.settings.sync_interval_seconds === null ? 'deployment default' : `${row.settings.sync_interval_seconds}s`],
      ['paused', row.settings.paused ? 'yes' : 'no'],
      ['health', row.health.reason ? `${row.health.state}: ${row.health.reason}` : row.health.state],
      ['credentials expire', row.health.credentials_expire_at],
    ]),
  );
};

/** The credentials of verify/connect, checking plain `--set` values against the catalog's secret flags. */
async function credentialsOf(ctx: CommandContext, provider: string): Promise<Record<string, unknown>> {
  const sets = (ctx.values.set as string[] | undefined) ?? [];
  const file = stringFlag(ctx, 'credentials-file');
  if (sets.length === 0 && file === undefined) throw new UsageError('no credentials: give --set and/or --credentials-file');
  const needsCatalog = sets.some((s) => !s.slice(s.indexOf('=') + 1).startsWith('@env:'));
  let keys: CatalogKey[] = [];
  if (needsCatalog) {
    const catalog = await ctx.client.providers.list();
    const entry = catalog.find((p) => p.id === provider);
    if (!entry) throw new UsageError(`unknown provider; one of: ${catalog.map((p) => p.id).join(', ')}`);
    keys = entry.credentials;
  }
  return readCredentials({
    sets,
    file: file === undefined || file === '-' ? file : path.resolve(ctx.cwd, file),
    keys,
    provider,
    env: ctx.env,
    readStdin: ctx.readStdin,
  });
}

const verify: Command = async (ctx) => {
  const provider = providerArg(ctx);
  const result = await ctx.client.integrations.verify(arg(ctx, 'project'), provider, await credentialsOf(ctx, provider));
  print(ctx, result, () =>
    [
      result.ok ? `ok: ${provider} accepts these credentials (checked: ${result.checked})` : `${provider}: ${result.problems.length} problem(s) (checked: ${result.checked})`,
      ...result.problems.map((p) => `  ${p.key}: ${p.message}`),
      ...(result.note ? [`note: ${result.note}`] : []),
    ].join('\n'),
  );
  if (!result.ok) throw new OperationFailed('verify_failed', `${provider}: problems with ${[...new Set(result.problems.map((p) => p.key))].join(', ')}`);
};

const connect: Command = async (ctx) => {
  const provider = providerArg(ctx);
  const row = await ctx.client.integrations.connect(arg(ctx, 'project'), provider, await credentialsOf(ctx, provider));
  print(ctx, row, () => `connected ${row.provider} to project ${row.project_id} (integration ${row.id}); its first sync starts by itself`);
};

const sync: Command = async (ctx) => {
  const project = arg(ctx, 'project');
  const provider = providerArg(ctx);
  const wait = ctx.values.wait === true;
  const timeout = positiveNumberFlag(ctx, 'timeout');
  if (timeout !== undefined && !wait) throw new UsageError('--timeout needs --wait');
  if (!wait) {
    const row = await ctx.client.integrations.sync(project, provider);
    print(ctx, row, () => `${row.provider}: sync started (status ${row.status}); \`audit-integrations sync ${project} ${provider} --wait\` waits for it`);
    return;
  }
  const started = Date.now();
  // A terminal gets one line rewritten in place; a pipe or file gets only the result, so scripts parse clean output.
  const progress = ctx.output.tty
    ? (row: { status: string }) => ctx.output.progress(`${provider}: ${row.status}… ${Math.round((Date.now() - started) / 1000)}s`)
    : undefined;
  let row;
  try {
    // The SDK follows the project's live events (subscribed before the sync starts), or polls a server without them.
    row = await ctx.client.integrations.sync(project, provider, { wait: true, timeoutMs: Math.round((timeout ?? DEFAULT_WAIT_SECONDS) * 1000), ...(progress ? { onProgress: progress } : {}) });
  } finally {
    // Cleared before anything else is written: stdout and stderr share the terminal's line.
    ctx.output.progress(undefined);
  }
  print(ctx, row, () => `${row.provider}: sync finished (status ${row.status}, last sync ${row.last_sync_at ?? '-'})`);
};

const disconnect: Command = async (ctx) => {
  const project = arg(ctx, 'project');
  const provider = providerArg(ctx);
  await ctx.client.integrations.disconnect(project, provider);
  print(ctx, { project_id: project, provider, status: 'disconnected' }, () => `disconnected ${provider} from project ${project}; its credentials are wiped`);
};

const syncs: Command = async (ctx) => {
  const provider = ctx.args.provider as Provider | undefined;
  // Without a provider: every connected provider's runs, one provider after the other.
  const runs = await collect(ctx.client.syncRuns.list(arg(ctx, 'project'), provider), positiveNumberFlag(ctx, 'limit', { integer: true }));
  print(ctx, runs, () =>
    renderTable(runs, [
      { title: 'PROVIDER', value: (r) => r.provider },
      { title: 'STARTED', value: (r) => r.started_at },
      { title: 'OUTCOME', value: (r) => r.outcome },
      { title: 'TRIGGER', value: (r) => r.trigger },
      { title: 'PUSHED', value: (r) => r.items_pushed },
      { title: 'PULLED', value: (r) => r.items_pulled },
      { title: 'UPDATED', value: (r) => r.items_updated },
      { title: 'ERROR', value: (r) => (r.error_code ? `${r.error_code}: ${r.error_message ?? ''}` : null) },
    ]),
  );
};

export const INTEGRATION_COMMANDS: Record<string, Command> = { providers, list, get, verify, connect, sync, disconnect, syncs };
