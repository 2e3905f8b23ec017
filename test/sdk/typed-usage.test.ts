import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/services.js';

const SDK = path.join(PROJECT_ROOT, 'api', 'sdk');
const TSC = path.join(PROJECT_ROOT, 'node_modules', 'typescript7', 'bin', 'tsc');
// Consumer files in the run's data folder (never beside the SDK's sources, so `npm run typecheck`, running at the same
// time, never sees the broken one), compiled as a consumer's code would be by the checker `npm run typecheck` uses,
// under the SDK's own tsconfig (DOM and ES2022, no Node types, strict). Each compile gets a folder at the same depth.
const folder = (name: string) => path.join(inject('testDataDir'), 'sdk-typed-usage', name);
const SDK_INDEX = path.relative(folder('x'), path.join(SDK, 'src', 'index.js'));

const HEADER = `import { AuditApiError, createAuditClient, type Finding, type IntegrationDetail, type Provider } from '${SDK_INDEX}';
const client = createAuditClient({ baseUrl: 'https://audit.example', token: () => sessionStorage.getItem('key') });
`;

const USAGE = `${HEADER}
export async function changedSince(since: Date): Promise<Finding[]> {
  const out: Finding[] = [];
  for await (const finding of client.findings.list('web', { severity: 'high', status: 'resolved', updatedSince: since })) out.push(finding);
  return out;
}

export async function syncAndWait(provider: Provider): Promise<IntegrationDetail | string> {
  try {
    const row = await client.integrations.sync('web', provider, { wait: true, timeoutMs: 60_000, onProgress: (r) => console.log(r.status) });
    return row.health.state === 'needs_reconnect' ? (row.health.reason ?? 'reconnect') : row;
  } catch (err) {
    if (err instanceof AuditApiError) return \`\${err.status} \${err.code}: \${err.message} (\${err.requestId ?? 'no request id'})\`;
    throw err;
  }
}

// A placeholder's id is null and it has inserted_at; a row has created_at: the union narrows on id.
export const created = client.integrations.list('web', { org: '11111111-1111-1111-1111-111111111111' }).then((rows) =>
  rows.map((r) => (r.id === null ? r.inserted_at : r.created_at)),
);
export const verified: Promise<boolean> = client.webhooks.verify('whsec_c2VjcmV0', new Headers(), new Uint8Array());
export const url = client.connectSessions.create({ project_id: 'web', providers: ['github', 'jira'], return_url: 'https://app.example/done' }).then((s) => s.url);
export const page = client.integrations.listOrg({ status: ['error', 'syncing'], health: 'needs_reconnect' }).page().then((p) => p.nextCursor);
export const audit = client.auditLog.list({ action: 'connect', since: '2025-06-10T00:00:00Z' });
export const settings = client.integrations.settings('web', 'github', { sync_interval_seconds: 3600, paused: false }).then((d) => d.next_sync_at);
export const started = client.integrations.oauthStart('web', 'github', { repository: 'acme/web' }).then((s) => s.authorize_url);
export const me = client.me().then((m) => m.scopes.includes('audit:write'));
`;

// Each line marked "// error" must be reported, and nothing else.
const MISTAKES = `${HEADER}
export const a = client.integrations.connect('web', 'githib', { token: 'x' }); // error: not a provider
export const b = client.findings.list('web', { severity: 'urgent' }); // error: not a severity
export const c = client.me().then((m) => m.orgId); // error: the field is org_id
export const d = client.integrations.settings('web', 'github', { interval: 60 }); // error: not a settings field
export const e = client.webhooks.create({ url: 'https://x.example', events: ['sync.done'] }); // error: not an event type
export const f = process.env.AUDIT_API_TOKEN; // error: no Node types in the SDK's world
`;

interface Diagnostic {
  /** Relative to the compile's folder; undefined for a diagnostic about no file (the configuration, say). */
  file: string | undefined;
  line: number;
  text: string;
}

/** `tsc -p` over the files, with the SDK's tsconfig extended: every diagnostic it prints. */
async function compile(name: string, files: Record<string, string>): Promise<Diagnostic[]> {
  const dir = folder(name);
  await mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, file), text);
  const tsconfig = { extends: path.relative(dir, path.join(SDK, 'tsconfig.json')), compilerOptions: { rootDir: path.relative(dir, PROJECT_ROOT), noEmit: true }, include: Object.keys(files) };
  await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  const output = await new Promise<string>((resolve, reject) => {
    // Exit code 2 means "diagnostics reported": the output says which.
    execFile(process.execPath, [TSC, '-p', dir, '--pretty', 'false'], { cwd: dir }, (err, stdout, stderr) => (err && err.code !== 2 && err.code !== 1 ? reject(err) : resolve(stdout + stderr)));
  });
  // `file(line,col): error TSnnnn: message`; a continuation line (indented) belongs to the diagnostic before it.
  const diagnostics: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    const m = /^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/.exec(line);
    if (m) diagnostics.push({ file: path.relative(dir, path.resolve(dir, m[1]!)), line: Number(m[2]), text: m[3]! });
    else if (/^error TS\d+/.test(line)) diagnostics.push({ file: undefined, line: 0, text: line });
    else if (line.trim() !== '' && diagnostics.length > 0) diagnostics.at(-1)!.text += ` ${line.trim()}`;
  }
  return diagnostics;
}

const where = (d: Diagnostic) => (d.file ? `${d.file}:${d.line} ${d.text}` : d.text);

describe('the SDK’s types, compiled by tsc as a consumer uses them', () => {
  it('compiles typical usage with zero diagnostics under the SDK tsconfig', async () => {
    expect((await compile('usage', { 'usage.ts': USAGE })).map(where)).toEqual([]);
  });

  it('reports a wrong provider literal, a wrong field, a wrong enum value and Node globals', async () => {
    const diagnostics = await compile('mistakes', { 'mistakes.ts': MISTAKES });
    const lines = MISTAKES.split('\n');
    const expected = lines.flatMap((line, i) => (line.includes('// error') ? [i + 1] : []));
    expect(expected).toHaveLength(6);
    const reported = [...new Set(diagnostics.map((d) => (d.file === 'mistakes.ts' ? d.line : -1)))].sort((x, y) => x - y);
    expect(reported, diagnostics.map(where).join('\n')).toEqual(expected);
    expect(diagnostics.map(where).join('\n')).toMatch(/"githib".*not assignable/);
  });
});
