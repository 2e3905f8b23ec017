import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuditClient, type AuditClient, type ConnectSessionCreated } from '../../api/sdk/src/index.js';

export interface ReceivedHook {
  type: string;
  data: Record<string, unknown>;
  /** Checked with the SDK's webhooks.verify against the endpoint's secret, on the raw body. */
  verified: boolean;
}

/**
 * A product that embeds the hosted connect page, as docs/embed.md tells one to: its server creates a connect session
 * with its API key (through the SDK) and hands the browser only the session's URL; its settings page opens that URL in
 * a popup and listens for the page's message; its webhook receiver verifies deliveries. It is served as
 * http://localhost:<port>, another origin than the API's http://127.0.0.1:<port>.
 */
export interface Product {
  origin: string;
  /** The webhook receiver, by address (the worker's egress allow-list is 127.0.0.0/8). */
  hookUrl: string;
  /** The page after a connect in the same tab: return_url. */
  returnUrl: string;
  /** Sessions its server created, token included (the test plays the product's back office with them). */
  sessions: ConnectSessionCreated[];
  hooks: ReceivedHook[];
  /** Points the product at the API, with its key and (once created) its webhook secret. */
  configure(opts: { apiUrl: string; apiKey: string }): AuditClient;
  setWebhookSecret(secret: string): void;
  close(): Promise<void>;
}

function settingsPage(apiOrigin: string): string {
  // The product's own page: it trusts a message only from the API's origin, and opens the popup from the click.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Acme settings</title></head>
<body>
<h1>Integrations</h1>
<button id="popup">Connect GitHub</button>
<button id="same-tab">Connect GitHub in this tab</button>
<p id="status" role="status"></p>
<script type="module">
  const API_ORIGIN = ${JSON.stringify(apiOrigin)};
  window.received = [];
  window.addEventListener('message', (event) => {
    window.received.push({ origin: event.origin, data: event.data });
    if (event.origin !== API_ORIGIN || event.data?.type !== 'audit-integrations:connected') return;
    document.getElementById('status').textContent = event.data.provider + ' connected';
  });
  const sessionUrl = async () => (await (await fetch('/connect-session', { method: 'POST' })).json()).url;
  document.getElementById('popup').addEventListener('click', async () => {
    window.open(await sessionUrl(), 'audit-connect', 'popup,width=520,height=760');
  });
  document.getElementById('same-tab').addEventListener('click', async () => {
    window.location.assign(await sessionUrl());
  });
</script>
</body></html>`;
}

export async function startProduct(opts: { project: string; provider: 'github' }): Promise<Product> {
  let client: AuditClient | undefined;
  let apiOrigin = '';
  let secret = '';
  const sessions: ConnectSessionCreated[] = [];
  const hooks: ReceivedHook[] = [];
  let origin = '';

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const path = new URL(req.url ?? '/', 'http://product').pathname;
        if (req.method === 'GET' && path === '/settings') {
          return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(settingsPage(apiOrigin));
        }
        if (req.method === 'POST' && path === '/connect-session' && client) {
          // Server side, with the product's API key: the browser gets the URL, never the key.
          const created = await client.connectSessions.create({ project_id: opts.project, providers: [opts.provider], return_url: `${origin}/settings?tab=integrations` });
          sessions.push(created);
          return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: created.url }));
        }
        if (req.method === 'POST' && path === '/hooks' && client) {
          const raw = Buffer.concat(chunks).toString('utf8');
          const verified = await client.webhooks.verify(secret, req.headers, raw);
          const payload = JSON.parse(raw) as { type: string; data: Record<string, unknown> };
          hooks.push({ type: payload.type, data: payload.data, verified });
          return res.writeHead(verified ? 204 : 400).end();
        }
        res.writeHead(404).end();
      })().catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  origin = `http://localhost:${port}`;
  return {
    origin,
    hookUrl: `http://127.0.0.1:${port}/hooks`,
    returnUrl: `${origin}/settings?tab=integrations`,
    sessions,
    hooks,
    configure({ apiUrl, apiKey }) {
      apiOrigin = new URL(apiUrl).origin;
      client = createAuditClient({ baseUrl: apiUrl, token: apiKey });
      return client;
    },
    setWebhookSecret: (value) => void (secret = value),
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
