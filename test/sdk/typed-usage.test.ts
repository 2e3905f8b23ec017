import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SDK = path.resolve(import.meta.dirname, '../../api/sdk');
// Virtual files beside the SDK's sources (never on disk, so `npm run typecheck` never sees the broken one): compiled as
// a consumer's code would be, under the SDK's own tsconfig (DOM and ES2022, no Node types, strict).
const DIR = path.join(SDK, 'typed-usage');

const HEADER = `import { AuditApiError, createAuditClient, type Finding, type IntegrationDetail, type Provider } from '../src/index.js';
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

function compile(files: Record<string, string>): ts.Diagnostic[] {
  const config = ts.readConfigFile(path.join(SDK, 'tsconfig.json'), (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, SDK);
  const virtual = new Map(Object.entries(files).map(([name, text]) => [path.join(DIR, name), text]));
  const options = { ...parsed.options, rootDir: SDK, noEmit: true };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f);
  host.readFile = (f) => virtual.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) => {
    const text = virtual.get(f);
    return text === undefined ? getSourceFile.call(host, f, lang, ...rest) : ts.createSourceFile(f, text, lang);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  return [...ts.getPreEmitDiagnostics(program)];
}

const where = (d: ts.Diagnostic) =>
  d.file ? `${path.relative(SDK, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}` : ts.flattenDiagnosticMessageText(d.messageText, ' ');

describe('the SDK’s types, compiled by tsc as a consumer uses them', () => {
  it('compiles typical usage with zero diagnostics under the SDK tsconfig', () => {
    expect(compile({ 'usage.ts': USAGE }).map(where)).toEqual([]);
  });

  it('reports a wrong provider literal, a wrong field, a wrong enum value and Node globals', () => {
    const diagnostics = compile({ 'mistakes.ts': MISTAKES });
    const lines = MISTAKES.split('\n');
    const expected = lines.flatMap((line, i) => (line.includes('// error') ? [i + 1] : []));
    expect(expected).toHaveLength(6);
    const reported = [...new Set(diagnostics.map((d) => d.file && path.basename(d.file.fileName) === 'mistakes.ts' ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : -1))].sort((x, y) => x - y);
    expect(reported, diagnostics.map(where).join('\n')).toEqual(expected);
    expect(diagnostics.map(where).join('\n')).toMatch(/"githib".*not assignable/);
  });
});
