import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { parseAllowList } from '../../activities/outbound/address.js';
import { createOutboundClient } from '../../activities/outbound/client.js';
import type { Stack } from '../helpers/fixture.js';
import { call } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { githubStackTest } from '../sync/support.js';
import { BIN, REPO_ROOT, runCli, startCli, type CliOptions, type CliResult } from './support.js';

const GOOD_TOKEN = 'ghp_cliGoodToken0123456789abcdef';
const REPOSITORY = 'acme/web';
// The API's verify reads the fake GitHub on loopback: allowed here as an operator would for a self-hosted provider.
const test = githubStackTest({ token: GOOD_TOKEN, repository: REPOSITORY }, { api: () => ({ outbound: createOutboundClient({ allow: parseAllowList('127.0.0.0/8') }) }) });

/** The CLI against this file's stack, with its key unless `token` says otherwise. */
function cliOf(stack: Stack) {
  const envOf = (opts: CliOptions & { token?: string }) => ({ AUDIT_API_URL: stack.api.baseUrl, AUDIT_API_TOKEN: opts.token ?? stack.token, ...opts.env });
  return {
    run: (args: readonly string[], opts: CliOptions & { token?: string } = {}) => runCli(args, { ...opts, env: envOf(opts) }),
    start: (args: readonly string[], opts: CliOptions & { token?: string } = {}) => startCli(args, { ...opts, env: envOf(opts) }),
  };
}

function expectExit(result: CliResult, code: number): CliResult {
  expect(result.code, `exit code; stderr: ${result.stderr}`).toBe(code);
  return result;
}

const parsed = <T>(result: CliResult): T => JSON.parse(result.stdout) as T;
type Row = { provider: string; status: string; id: string | null };

describe('audit-integrations CLI (the real bin against the real API, worker and a fake GitHub)', () => {
  describe('usage (exit 2) and help (exit 0)', () => {
    test('a bare call, an unknown flag, a missing argument and --timeout without --wait exit 2 with the usage', async ({ stack }) => {
      const cli = cliOf(stack);
      const bare = expectExit(await cli.run([]), 2);
      expect(bare.stderr).toContain('a command is required');
      expect(bare.stdout).toBe('');
      const unknown = expectExit(await cli.run(['list', 'web', '--bogus=1']), 2);
      expect(unknown.stderr).toContain("Unknown option '--bogus'");
      expect(unknown.stderr).toContain('usage: audit-integrations list <project>');
      expect(expectExit(await cli.run(['get', 'web']), 2).stderr).toContain('missing <provider>');
      expect(expectExit(await cli.run(['sync', 'web', 'github', '--timeout', '5']), 2).stderr).toContain('--timeout needs --wait');
      expect(expectExit(await cli.run(['webhooks', 'frobnicate']), 2).stderr).toContain('webhooks takes one of: list, create, rotate, deliveries');
    });

    test('a stray argument is refused without being echoed (it may be a secret typed in the wrong place)', async ({ stack }) => {
      const result = expectExit(await cliOf(stack).run(['connect', 'web', 'github', 'ghp_strayArgumentSecret']), 2);
      expect(result.stderr).toContain('too many arguments');
      expect(result.stderr + result.stdout).not.toContain('ghp_strayArgumentSecret');
    });

    test('--help prints the command list, `<command> --help` its flags, both without any environment', async () => {
      const all = expectExit(await runCli(['--help']), 0);
      expect(all.stdout).toContain('usage: audit-integrations <command>');
      expect(all.stdout).toContain('sessions create <project>');
      expect(all.stdout).toContain('exit codes: 0 success, 1 the operation failed, 2 usage, 3 timeout, 4 auth');
      const sync = expectExit(await runCli(['sync', '--help']), 0);
      expect(sync.stdout).toContain('usage: audit-integrations sync <project> <provider> [--wait] [--timeout seconds]');
    });

    test('a missing AUDIT_API_TOKEN or AUDIT_API_URL exits 2 naming the variable', async ({ stack }) => {
      const noToken = expectExit(await runCli(['providers'], { env: { AUDIT_API_URL: stack.api.baseUrl } }), 2);
      expect(noToken.stderr).toContain('AUDIT_API_TOKEN: is not set');
      const noUrl = expectExit(await runCli(['providers'], { env: { AUDIT_API_TOKEN: stack.token } }), 2);
      expect(noUrl.stderr).toContain('AUDIT_API_URL: is not set');
      const badUrl = expectExit(await runCli(['providers'], { env: { AUDIT_API_URL: 'ftp://secret-host', AUDIT_API_TOKEN: stack.token } }), 2);
      expect(badUrl.stderr).toContain('AUDIT_API_URL: must be an http(s) URL');
      expect(badUrl.stderr).not.toContain('secret-host');
      expect(noUrl.stderr + badUrl.stderr).not.toContain(stack.token);
    });
  });

  describe('reading', () => {
    test('providers: a table of the eight with secret fields marked, and --json the catalog', async ({ stack }) => {
      const cli = cliOf(stack);
      const table = expectExit(await cli.run(['providers']), 0);
      const lines = table.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^PROVIDER\s+LABEL\s+KIND\s+OAUTH\s+FIELDS \(\* secret\)$/);
      expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['ga4', 'gsc', 'sentry', 'github', 'gitlab', 'jira', 'linear', 'cloudflare']);
      expect(lines.find((l) => l.startsWith('github'))).toContain('token*?');
      const json = parsed<{ id: string; credentials: { key: string; secret: boolean }[] }[]>(expectExit(await cli.run(['providers', '--json']), 0));
      expect(json.find((p) => p.id === 'github')!.credentials.find((c) => c.key === 'token')).toMatchObject({ secret: true });
    });

    test('list and get: the eight rows as a table and as JSON, one integration with its settings and health', async ({ stack }) => {
      const cli = cliOf(stack);
      const table = expectExit(await cli.run(['list', 'fresh']), 0);
      expect(table.stdout.split('\n')[0]).toMatch(/^PROVIDER\s+STATUS\s+LAST SYNC\s+UPDATED\s+ID$/);
      expect(table.stdout).toMatch(/^github\s+disconnected\s+-\s+-\s+-$/m);
      const rows = parsed<Row[]>(expectExit(await cli.run(['list', 'fresh', '--json']), 0));
      expect(rows).toHaveLength(8);
      expect(rows.every((r) => r.status === 'disconnected' && r.id === null)).toBe(true);
      const detail = expectExit(await cli.run(['get', 'fresh', 'gitlab']), 0);
      expect(detail.stdout).toMatch(/^status:\s+disconnected$/m);
      expect(detail.stdout).toMatch(/^interval:\s+deployment default$/m);
      expect(parsed<{ health: { state: string } }>(expectExit(await cli.run(['get', 'fresh', 'gitlab', '--json']), 0)).health.state).toBe('unknown');
    });

    test('--org names the org: its own works, another org is refused with exit 4', async ({ stack }) => {
      const cli = cliOf(stack);
      expect(parsed<Row[]>(expectExit(await cli.run(['list', 'web', '--org', stack.orgId, '--json']), 0))).toHaveLength(8);
      expect(expectExit(await cli.run(['list', 'web', '--org', randomUUID()]), 4).stderr).toMatch(/^error: forbidden: /m);
    });
  });

  describe('credentials', () => {
    test('a secret given as a plain --set value is refused with exit 2, naming the field and never the value; nothing is sent', async ({ stack, github }) => {
      const cli = cliOf(stack);
      const before = github.requests.length;
      const result = expectExit(await cli.run(['connect', 'plain', 'github', '--set', `repository=${REPOSITORY}`, '--set', 'token=ghp_plainSecretValue123']), 2);
      expect(result.stderr).toContain('--set token: token is a secret of github; give it as --set token=@env:NAME or in --credentials-file');
      expect(result.stderr + result.stdout).not.toContain('ghp_plainSecretValue123');
      // A key the catalog does not list is not known to be harmless either.
      expect(expectExit(await cli.run(['verify', 'plain', 'github', '--set', 'access_token=gho_managedSecret']), 2).stderr).toContain('access_token is not a non-secret field of github');
      const rows = parsed<Row[]>(expectExit(await cli.run(['list', 'plain', '--json']), 0));
      expect(rows.find((r) => r.provider === 'github')).toMatchObject({ status: 'disconnected', id: null });
      expect(github.requests.length).toBe(before);
    });

    test('@env: with the variable unset exits 2 naming the variable; a malformed credentials file does not echo its text', async ({ stack }) => {
      const cli = cliOf(stack);
      expect(expectExit(await cli.run(['connect', 'env', 'github', '--set', 'token=@env:CLI_TEST_UNSET']), 2).stderr).toContain('environment variable CLI_TEST_UNSET is not set');
      const bad = expectExit(await cli.run(['connect', 'env', 'github', '--credentials-file', '-'], { stdin: '{"token": "ghp_brokenJsonSecret", ' }), 2);
      expect(bad.stderr).toContain('--credentials-file: stdin is not valid JSON');
      expect(bad.stderr + bad.stdout).not.toContain('ghp_brokenJsonSecret');
      expect(expectExit(await cli.run(['connect', 'env', 'github', '--credentials-file', '-'], { stdin: '["ghp_x"]' }), 2).stderr).toContain('stdin must hold one JSON object');
    });

    test('verify with @env: the secret reaches GitHub but never the process arguments, stdout or stderr', async ({ stack, github }) => {
      const secret = GOOD_TOKEN;
      github.hold();
      const run = cliOf(stack).start(['verify', 'verify', 'github', '--set', `repository=${REPOSITORY}`, '--set', `base_url=${github.url}`, '--set', 'token=@env:CLI_GH_TOKEN'], {
        env: { CLI_GH_TOKEN: secret },
      });
      // While GitHub holds verify's read, the CLI process is alive: its arguments as the kernel shows them to `ps`.
      await github.held();
      const cmdline = await readFile(`/proc/${run.child.pid}/cmdline`, 'utf8');
      github.release();
      const result = expectExit(await run.done, 0);
      expect(cmdline.split('\0')).toContain('token=@env:CLI_GH_TOKEN');
      expect(cmdline).not.toContain(secret);
      expect(run.argv.join(' ')).not.toContain(secret);
      expect(result.stdout).toContain('ok: github accepts these credentials (checked: provider)');
      expect(result.stdout + result.stderr).not.toContain(secret);
      expect(github.requests.some((r) => r.headers.authorization === `Bearer ${secret}`)).toBe(true);
    });

    test('verify exits 1 with the problems when GitHub refuses the token', async ({ stack, github }) => {
      const result = expectExit(
        await cliOf(stack).run(['verify', 'verify', 'github', '--set', `repository=${REPOSITORY}`, '--set', `base_url=${github.url}`, '--set', 'token=@env:T'], { env: { T: 'ghp_refusedByGithub' } }),
        1,
      );
      expect(result.stdout).toMatch(/^github: \d+ problem\(s\) \(checked: provider\)$/m);
      expect(result.stderr).toMatch(/^error: verify_failed: github: problems with token$/m);
      expect(result.stdout + result.stderr).not.toContain('ghp_refusedByGithub');
    });
  });

  describe('connect and sync', () => {
    test('connect with @env:, then sync --wait ends connected: exit 0, no progress line off a terminal, the secret nowhere', async ({ stack, github }) => {
      const cli = cliOf(stack);
      const env = { CLI_GH_TOKEN: GOOD_TOKEN };
      const connected = expectExit(await cli.run(['connect', 'ok', 'github', '--set', `repository=${REPOSITORY}`, '--set', `base_url=${github.url}`, '--set', 'token=@env:CLI_GH_TOKEN', '--json'], { env }), 0);
      expect(parsed<Row>(connected)).toMatchObject({ provider: 'github', status: 'connected' });
      const synced = expectExit(await cli.run(['sync', 'ok', 'github', '--wait']), 0);
      expect(synced.stdout).toMatch(/^github: sync finished \(status connected, last sync \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)\n$/);
      expect(synced.stderr).toBe('');
      for (const out of [connected, synced]) expect(out.stdout + out.stderr).not.toContain(GOOD_TOKEN);
      const runs = parsed<{ id: string; outcome: string; trigger: string }[]>(expectExit(await cli.run(['syncs', 'ok', 'github', '--json']), 0));
      expect(runs[0]).toMatchObject({ outcome: 'succeeded', trigger: 'manual' });
      // Without a provider: the runs of every provider the project has, here GitHub's alone.
      expect(parsed<{ id: string }[]>(expectExit(await cli.run(['syncs', 'ok', '--json']), 0)).map((r) => r.id)).toEqual(runs.map((r) => r.id));
      expect(expectExit(await cli.run(['syncs', 'ok', 'github']), 0).stdout).toMatch(/^github\s+\S+\s+succeeded\s+manual\s+\d+\s+\d+\s+\d+\s+-$/m);
      expect(expectExit(await cli.run(['get', 'ok', 'github']), 0).stdout).toMatch(/^status:\s+connected$/m);
    });

    test('connect from --credentials-file - (stdin) with a token GitHub refuses: sync --wait exits 1 with the code on stderr', async ({ stack, github }) => {
      const cli = cliOf(stack);
      const stdin = JSON.stringify({ token: 'ghp_refusedStdinToken', base_url: github.url });
      expectExit(await cli.run(['connect', 'bad', 'github', '--credentials-file', '-', '--set', `repository=${REPOSITORY}`], { stdin }), 0);
      const result = expectExit(await cli.run(['sync', 'bad', 'github', '--wait']), 1);
      expect(result.stderr).toMatch(/^error: ProviderAuthFailed: /m);
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toContain('ghp_refusedStdinToken');
      expect(parsed<Row[]>(expectExit(await cli.run(['list', 'bad', '--json']), 0)).find((r) => r.provider === 'github')!.status).toBe('error');
    });

    test('sync --wait --timeout exits 3 while GitHub holds the sync; the sync itself finishes once released', async ({ stack, github, project }) => {
      const cli = cliOf(stack);
      expectExit(await cli.run(['connect', 'slow', 'github', '--set', `repository=${REPOSITORY}`, '--set', `base_url=${github.url}`, '--set', 'token=@env:T'], { env: { T: GOOD_TOKEN } }), 0);
      github.hold();
      const result = expectExit(await cli.run(['sync', 'slow', 'github', '--wait', '--timeout', '1']), 3);
      expect(result.stderr).toMatch(/^error: timeout: /m);
      await github.held();
      github.release();
      expect((await project('slow').rowWhen('github', 'connected')).status).toBe('connected');
    });

    test('sync --wait follows the live event stream: subscribed before the sync starts, one read of the row at the end', async ({ stack, github }) => {
      const cli = cliOf(stack);
      expectExit(await cli.run(['connect', 'live', 'github', '--set', `repository=${REPOSITORY}`, '--set', `base_url=${github.url}`, '--set', 'token=@env:T'], { env: { T: GOOD_TOKEN } }), 0);
      const streams = stack.api.events.size;
      const logged = stack.api.logs.length;
      github.hold();
      const run = cli.start(['sync', 'live', 'github', '--wait']);
      await github.held();
      expect(stack.api.events.size).toBe(streams + 1);
      // Another command while GitHub holds the sync (a few hundred ms in which polling would have read the row).
      expect(parsed<Row[]>(expectExit(await cli.run(['list', 'live', '--json']), 0)).find((r) => r.provider === 'github')!.status).toBe('syncing');
      github.release();
      const result = expectExit(await run.done, 0);
      expect(result.stdout).toMatch(/^github: sync finished \(status connected, last sync \S+\)\n$/);
      const routes = stack.api.logs.slice(logged).map((l) => JSON.parse(l) as { msg: string; method: string; route: string | null }).filter((l) => l.msg === 'request');
      const project = '/api/v1/orgs/:org_id/projects/:project_id/audit';
      // Each command reads its org once (GET /me); `sync --wait` then subscribes, starts the sync and reads the row once it ended.
      expect(routes.map((l) => `${l.method} ${l.route?.replace(project, '')}`)).toEqual([
        'GET /api/v1/me',
        'GET /events',
        'POST /integrations/:provider/sync',
        'GET /api/v1/me',
        'GET /integrations',
        'GET /integrations/:provider',
      ]);
    });

    test('sync --wait on a terminal shows a progress line on stderr, rewritten in place', async ({ stack, github }) => {
      const cli = cliOf(stack);
      expectExit(await cli.run(['connect', 'tty', 'github', '--set', `repository=${REPOSITORY}`, '--set', `base_url=${github.url}`, '--set', 'token=@env:T'], { env: { T: GOOD_TOKEN } }), 0);
      github.hold();
      // util-linux `script` gives the CLI a pseudo-terminal for stdout and stderr; -e passes its exit code through.
      const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
      const run = cliOf(stack).start([], { command: ['script', '-qec', [process.execPath, BIN, 'sync', 'tty', 'github', '--wait'].map(shellQuote).join(' '), '/dev/null'] });
      await waitFor(async () => (run.output().stdout.includes('github: syncing…') ? true : undefined), 'the progress line');
      github.release();
      const result = expectExit(await run.done, 0);
      expect(result.stdout).toContain('\r\u001b[Kgithub: syncing…');
      // The progress line is cleared before the result is written, so the result starts a clean line.
      expect(result.stdout).toMatch(/\r\u001b\[Kgithub: sync finished \(status connected/);
    });

    test('disconnect: exit 0, and the row is disconnected', async ({ stack, github }) => {
      const cli = cliOf(stack);
      expectExit(await cli.run(['connect', 'gone', 'github', '--set', `repository=${REPOSITORY}`, '--set', `base_url=${github.url}`, '--set', 'token=@env:T'], { env: { T: GOOD_TOKEN } }), 0);
      expect(expectExit(await cli.run(['disconnect', 'gone', 'github']), 0).stdout).toContain('disconnected github from project gone');
      expect(parsed<Row[]>(expectExit(await cli.run(['list', 'gone', '--json']), 0)).find((r) => r.provider === 'github')!.status).toBe('disconnected');
    });
  });

  describe('auth (exit 4)', () => {
    test('an unknown key exits 4 with unauthorized; a read-only key connecting exits 4 with forbidden', async ({ stack }) => {
      const cli = cliOf(stack);
      const bogus = expectExit(await cli.run(['list', 'web'], { token: `kr_live_${'x'.repeat(43)}` }), 4);
      expect(bogus.stderr).toMatch(/^error: unauthorized: /m);
      expect(bogus.stderr).not.toContain('x'.repeat(43));
      const readOnly = await stack.api.createKey(stack.orgId, ['audit:read']);
      const refused = expectExit(await cli.run(['connect', 'web', 'github', '--set', 'token=@env:T', '--set', `repository=${REPOSITORY}`], { token: readOnly, env: { T: GOOD_TOKEN } }), 4);
      expect(refused.stderr).toMatch(/^error: forbidden: /m);
    });
  });

  describe('findings, webhooks, audit log', () => {
    test('findings --updated-since lists only what changed since (resolved included), as a table and as JSON', async ({ stack }) => {
      const cli = cliOf(stack);
      const base = `/api/v1/orgs/${stack.orgId}/projects/mirror/audit/findings`;
      const create = async (title: string) => (await call(stack.api.baseUrl, 'POST', base, { token: stack.token, body: { title, severity: 'high' } })).json.data as { id: string };
      const old = await create('Old finding');
      const recent = await create('Recently resolved finding');
      await stack.api.db.sql`update findings set updated_at = '2020-01-01T00:00:00Z', created_at = '2020-01-01T00:00:00Z' where id = ${old.id}`;
      expect((await call(stack.api.baseUrl, 'PATCH', `${base}/${recent.id}`, { token: stack.token, body: { status: 'resolved' } })).status).toBe(200);

      const all = parsed<{ id: string }[]>(expectExit(await cli.run(['findings', 'mirror', '--json']), 0));
      expect(all.map((f) => f.id).sort()).toEqual([old.id, recent.id].sort());
      const changed = parsed<{ id: string; status: string }[]>(expectExit(await cli.run(['findings', 'mirror', '--updated-since', '2024-01-01T00:00:00Z', '--json']), 0));
      expect(changed).toEqual([expect.objectContaining({ id: recent.id, status: 'resolved' })]);
      const table = expectExit(await cli.run(['findings', 'mirror', '--updated-since', '2024-01-01T00:00:00Z']), 0);
      expect(table.stdout).toMatch(new RegExp(`^${recent.id}\\s+high\\s+resolved\\s+\\S+\\s+-\\s+Recently resolved finding$`, 'm'));
      expect(table.stdout).not.toContain(old.id);
      expect(expectExit(await cli.run(['findings', 'mirror', '--updated-since', 'yesterday']), 2).stderr).toContain('--updated-since must be an ISO 8601 date-time');
    });

    test('findings --json iterates every page into one array; --limit stops early', async ({ stack }) => {
      const cli = cliOf(stack);
      // More than two of the API's largest pages (100), written directly: the listing is what is under test.
      await stack.api.db.sql`insert into findings (org_id, project_id, title, severity) select ${stack.orgId}, 'paged', 'Finding ' || g, 'low' from generate_series(1, 230) g`;
      const all = parsed<{ id: string }[]>(expectExit(await cli.run(['findings', 'paged', '--json']), 0));
      expect(all).toHaveLength(230);
      expect(new Set(all.map((f) => f.id)).size).toBe(230);
      expect(parsed<unknown[]>(expectExit(await cli.run(['findings', 'paged', '--json', '--limit', '3']), 0))).toHaveLength(3);
    });

    test('webhooks create prints the secret once, last; list, rotate and deliveries', async ({ stack, github }) => {
      const cli = cliOf(stack);
      const created = expectExit(await cli.run(['webhooks', 'create', '--url', 'http://127.0.0.1:9/hooks', '--events', 'integration.connected', '--project', 'hooked']), 0);
      const lines = created.stdout.trimEnd().split('\n');
      expect(lines[1]).toBe('store this signing secret now; it is not shown again:');
      expect(lines[2]).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
      const id = /^created webhook ([0-9a-f-]{36}) /.exec(lines[0]!)![1]!;

      const hooks = parsed<{ id: string; events: string[]; project_id: string }[]>(expectExit(await cli.run(['webhooks', 'list', '--json']), 0));
      expect(hooks.find((h) => h.id === id)).toMatchObject({ events: ['integration.connected'], project_id: 'hooked' });
      expect(JSON.stringify(hooks)).not.toContain(lines[2]);
      expect(expectExit(await cli.run(['webhooks', 'list']), 0).stdout).toMatch(new RegExp(`^${id}\\s+yes\\s+hooked\\s+integration.connected\\s+http://127.0.0.1:9/hooks$`, 'm'));

      const rotated = parsed<{ id: string; secret: string }>(expectExit(await cli.run(['webhooks', 'rotate', id, '--json']), 0));
      expect(rotated.id).toBe(id);
      expect(rotated.secret).toMatch(/^whsec_/);
      expect(rotated.secret).not.toBe(lines[2]);

      // A connect in the webhook's project writes its delivery (the outbox) in the same transaction.
      expectExit(await cli.run(['connect', 'hooked', 'github', '--set', `repository=${REPOSITORY}`, '--set', `base_url=${github.url}`, '--set', 'token=@env:T'], { env: { T: GOOD_TOKEN } }), 0);
      const deliveries = parsed<{ event_type: string; status: string }[]>(expectExit(await cli.run(['webhooks', 'deliveries', id, '--json']), 0));
      expect(deliveries).toEqual([expect.objectContaining({ event_type: 'integration.connected', status: 'pending' })]);
    });

    test('audit-log lists the changes made through the CLI, filtered', async ({ stack, github }) => {
      const cli = cliOf(stack);
      expectExit(await cli.run(['connect', 'audited', 'github', '--set', `repository=${REPOSITORY}`, '--set', `base_url=${github.url}`, '--set', 'token=@env:T'], { env: { T: GOOD_TOKEN } }), 0);
      const entries = parsed<{ action: string; project_id: string; provider: string }[]>(expectExit(await cli.run(['audit-log', '--project', 'audited', '--json']), 0));
      expect(entries).toEqual([expect.objectContaining({ action: 'connect', project_id: 'audited', provider: 'github' })]);
      expect(expectExit(await cli.run(['audit-log', '--project', 'audited']), 0).stdout).toMatch(/^\S+\s+connect\s+audited\s+github\s+\S+\s+[0-9a-f-]{36}$/m);
    });
  });

  describe('connect sessions', () => {
    test('sessions create prints only the hosted connect URL; get shows it active, revoke ends it', async ({ stack }) => {
      const cli = cliOf(stack);
      const created = expectExit(await cli.run(['sessions', 'create', 'embedded', '--providers', 'github,jira', '--expires-in', '600']), 0);
      expect(created.stdout).toMatch(/^http:\/\/\S+\/connect\/#session=cs_[A-Za-z0-9_-]{43}\n$/);
      const id = /^session ([0-9a-f-]{36}) for embedded \(github, jira\), expires /.exec(created.stderr)![1]!;
      const session = parsed<{ state: string; providers: string[] }>(expectExit(await cli.run(['sessions', 'get', id, '--json']), 0));
      expect(session).toMatchObject({ state: 'active', providers: ['github', 'jira'] });
      expect(JSON.stringify(session)).not.toContain('cs_');
      expectExit(await cli.run(['sessions', 'revoke', id]), 0);
      expect(expectExit(await cli.run(['sessions', 'get', id]), 0).stdout).toMatch(/^state:\s+revoked$/m);
    });
  });

  describe('launchers', () => {
    test('`npm run cli -- providers` from the repo root, and the bin from another directory', async ({ stack }) => {
      const env = { AUDIT_API_URL: stack.api.baseUrl, AUDIT_API_TOKEN: stack.token };
      const viaNpm = expectExit(await runCli(['run', '--silent', 'cli', '--', 'providers', '--json'], { command: ['npm'], env }), 0);
      expect(JSON.parse(viaNpm.stdout)).toHaveLength(8);
      const elsewhere = await mkdtemp(path.join(tmpdir(), 'cli-cwd-'));
      try {
        const viaBin = expectExit(await runCli(['providers'], { cwd: elsewhere, env }), 0);
        expect(viaBin.stdout.split('\n')[0]).toMatch(/^PROVIDER\s+LABEL/);
      } finally {
        await rm(elsewhere, { recursive: true, force: true });
      }
    });

    test('through `npm run cli` from another directory, a relative --credentials-file is read from that directory', async ({ stack, github }) => {
      const elsewhere = await mkdtemp(path.join(tmpdir(), 'cli-cwd-'));
      try {
        await writeFile(path.join(elsewhere, 'github.json'), JSON.stringify({ token: GOOD_TOKEN, repository: REPOSITORY, base_url: github.url }));
        const env = { AUDIT_API_URL: stack.api.baseUrl, AUDIT_API_TOKEN: stack.token };
        const result = expectExit(await runCli(['--prefix', REPO_ROOT, 'run', '--silent', 'cli', '--', 'connect', 'npmfile', 'github', '--credentials-file', 'github.json', '--json'], { command: ['npm'], cwd: elsewhere, env }), 0);
        expect(JSON.parse(result.stdout)).toMatchObject({ provider: 'github', status: 'connected' });
      } finally {
        await rm(elsewhere, { recursive: true, force: true });
      }
    });
  });
});
