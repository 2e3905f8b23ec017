import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An instant GitHub: answers the REST calls the GitHub adapter makes (activities/providers/github.ts) at once, so the
 * sync-engine numbers are the engine's own. It still checks what it receives: a request without a bearer token or to
 * an unknown route is refused and counted, and run.ts reports those counts.
 */
export interface FakeProvider {
  url: string;
  counts: { ok: number; refused: number };
  close(): Promise<void>;
}

const REPO = /^\/repos\/([^/]+)\/([^/]+)(\/issues(?:\/(\d+))?)?$/;

export async function startFakeGithub(): Promise<FakeProvider> {
  const counts = { ok: 0, refused: 0 };
  let issueNumber = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const m = REPO.exec(url.pathname);
      const send = (status: number, body: unknown) => {
        if (status >= 400) counts.refused += 1;
        else counts.ok += 1;
        res.writeHead(status, { 'content-type': 'application/json', 'x-ratelimit-remaining': '4999' });
        res.end(JSON.stringify(body));
      };
      if (!/^Bearer ghp_\w+$/.test(req.headers.authorization ?? '')) return send(401, { message: 'Bad credentials' });
      if (!m) return send(404, { message: 'Not Found' });
      const [, owner, repo, issues, number] = m;
      const issue = (n: number, body: string | null) => ({
        number: n,
        html_url: `https://github.com/${owner}/${repo}/issues/${n}`,
        state: 'open',
        body,
        created_at: new Date().toISOString(),
      });
      if (!issues && req.method === 'GET') return send(200, { full_name: `${owner}/${repo}`, has_issues: true, private: true });
      if (issues && !number && req.method === 'GET') return send(200, []);
      if (issues && !number && req.method === 'POST') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { body?: string };
        return send(201, issue(++issueNumber, body.body ?? null));
      }
      if (number && req.method === 'GET') return send(200, issue(Number(number), null));
      if (number && req.method === 'PATCH') return send(200, issue(Number(number), null));
      return send(404, { message: 'Not Found' });
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
