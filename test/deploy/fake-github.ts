import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGithub {
  url: string;
  /** Requests received, as `METHOD path`. */
  requests: string[];
  /** Holds every later `GET /repos/…` until release() (a provider call in flight). */
  hold(): void;
  release(): void;
  /** Resolves when a held request has arrived. */
  held(): Promise<void>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

/**
 * GitHub's REST API as the adapter uses it (repos/{owner}/{repo}, issues), checking `Authorization: Bearer <token>`.
 * A wrong token gets GitHub's 401 — with `echoSecret`, one that quotes what it received, as misbehaving APIs do.
 */
export async function startFakeGithub(opts: { token: string; echoSecret?: boolean }): Promise<FakeGithub> {
  const requests: string[] = [];
  let holding = false;
  const waiting: ServerResponse[] = [];
  const heldListeners: (() => void)[] = [];
  let issues = 0;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      requests.push(`${req.method} ${path}`);
      const body = await readBody(req);
      const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      const auth = req.headers.authorization ?? '';
      if (auth !== `Bearer ${opts.token}`) {
        json(401, { message: opts.echoSecret ? `Bad credentials: ${auth} ${body}` : 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
        return;
      }
      const m = /^\/repos\/([^/]+)\/([^/]+)(\/issues(?:\/(\d+))?)?$/.exec(path);
      if (!m) return json(404, { message: 'Not Found' });
      if (!m[3] && req.method === 'GET') {
        if (holding) {
          waiting.push(res);
          heldListeners.splice(0).forEach((l) => l());
          return;
        }
        return json(200, { id: 1, full_name: `${m[1]}/${m[2]}`, has_issues: true });
      }
      if (m[3] && !m[4] && req.method === 'GET') return json(200, []);
      if (m[3] && !m[4] && req.method === 'POST') {
        issues += 1;
        return json(201, { number: issues, html_url: `https://github.test/${m[1]}/${m[2]}/issues/${issues}`, state: 'open', created_at: new Date().toISOString() });
      }
      if (m[4]) return json(200, { number: Number(m[4]), html_url: `https://github.test/issues/${m[4]}`, state: 'open', created_at: new Date().toISOString() });
      json(405, { message: 'Method Not Allowed' });
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const res of waiting.splice(0)) {
        if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 1, has_issues: true }));
      }
    },
    held: () => new Promise<void>((resolve) => (waiting.length > 0 ? resolve() : heldListeners.push(resolve))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export { waitFor } from '../helpers/wait.js';
