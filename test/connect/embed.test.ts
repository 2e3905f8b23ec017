import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList } from '../../activities/outbound/address.js';
import { createOutboundClient } from '../../activities/outbound/client.js';
import type { AuditClient } from '../../api/sdk/src/index.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { call, startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { launchBrowser, screenshot } from '../dashboard/support.js';
import { TEST_WEBHOOK_RETRY } from '../webhooks/support.js';
import { startProduct, type Product } from './product.js';
import { buildForTest } from '../dashboard/support.js';

const GITHUB_TOKEN = 'ghp_embeddedProductToken0123456789abcd';
const REPOSITORY = 'acme/web';
const PROJECT = 'web';

interface Received {
  origin: string;
  data: { type: string; provider: string; integration_id: string };
}

/**
 * Issue 27's "done when": a product embeds the hosted connect page. Its server creates a session with its key, its
 * settings page opens the page in a popup, the user connects GitHub there, the product hears about it by postMessage
 * and by webhook, and the session token then reads nothing else and, once revoked, nothing at all.
 */
describe('a product embeds the hosted connect page (Chromium, two origins, real API + worker, fake GitHub)', () => {
  let github: FakeGithub;
  let product: Product;
  let api: TestApi;
  let worker: TestWorker;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let client: AuditClient;
  let apiKey: string;
  const orgId = randomUUID();

  async function fillGithub(popup: Page): Promise<void> {
    await popup.getByLabel('Token', { exact: true }).fill(GITHUB_TOKEN);
    await popup.getByLabel('Repository', { exact: true }).fill(REPOSITORY);
    await popup.getByLabel('API base URL', { exact: true }).fill(github.url);
    await popup.getByRole('button', { name: 'Verify and connect', exact: true }).click();
  }

  beforeAll(async () => {
    github = await startFakeGithub({ token: GITHUB_TOKEN, repository: REPOSITORY });
    product = await startProduct({ project: PROJECT, provider: 'github' });
    api = await startTestApi({
      connectPageDir: await buildForTest('connect'),
      // CONNECT_RETURN_ORIGINS: the product's origin only.
      connect: { returnOrigins: [product.origin], httpsOnly: false },
      outbound: createOutboundClient({ allow: parseAllowList('127.0.0.0/8') }),
    });
    // Housekeeping dispatches the webhook outbox.
    worker = await startTestWorker(api, { housekeeping: {}, webhooks: { retry: TEST_WEBHOOK_RETRY } });
    apiKey = await api.createKey(orgId);
    client = product.configure({ apiUrl: api.baseUrl, apiKey });
    const hook = await client.webhooks.create({ url: product.hookUrl, events: ['integration.connected'], project_id: PROJECT });
    product.setWebhookSecret(hook.secret);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await api?.close();
    await product?.close();
    await github?.close();
  });

  it('popup: the product receives the message from the API’s origin and the webhook; the token then reads nothing else', async () => {
    await page.goto(`${product.origin}/settings`);
    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Connect GitHub', exact: true }).click();
    const popup = await popupOpened;
    expect(new URL(popup.url()).origin).toBe(api.baseUrl);
    await popup.getByRole('heading', { name: 'Connect GitHub', exact: true }).waitFor();
    const closed = popup.waitForEvent('close');
    await fillGithub(popup);
    await closed;

    await page.getByText('github connected').waitFor();
    const received = await page.evaluate<Received[]>('window.received');
    const [session] = product.sessions;
    const row = await client.integrations.get(PROJECT, 'github');
    expect(row.id).toEqual(expect.any(String));
    expect(received).toEqual([{ origin: api.baseUrl, data: { type: 'audit-integrations:connected', provider: 'github', integration_id: row.id } }]);
    await screenshot(page, 'embed-01-product-heard');

    const hook = await waitFor(async () => product.hooks.find((h) => h.type === 'integration.connected'), 'integration.connected at the product');
    expect(hook.verified).toBe(true);
    expect(hook.data).toMatchObject({ integration_id: row.id, org_id: orgId, provider: 'github', project_id: PROJECT });

    // The session's token is for connecting only: findings are forbidden; once revoked, nothing answers it.
    const findings = `/api/v1/orgs/${orgId}/projects/${PROJECT}/audit/findings`;
    const before = await call(api.baseUrl, 'GET', findings, { token: session!.token });
    expect([before.status, before.json.error?.code]).toEqual([403, 'forbidden']);
    await client.connectSessions.revoke(session!.id);
    const after = await call(api.baseUrl, 'GET', findings, { token: session!.token });
    expect([after.status, after.json.error?.code]).toEqual([401, 'unauthorized']);
    expect((await call(api.baseUrl, 'GET', '/api/v1/connect-session', { token: session!.token })).status).toBe(401);
    expect(github.violations).toEqual([]);
  });

  it('same tab: the page returns to return_url with connected=github added to its query', async () => {
    await page.goto(`${product.origin}/settings`);
    await page.getByRole('button', { name: 'Connect GitHub in this tab', exact: true }).click();
    await page.waitForURL((u) => u.origin === api.baseUrl);
    await page.getByRole('heading', { name: 'Connect GitHub', exact: true }).waitFor();
    expect(page.url()).toBe(`${api.baseUrl}/connect/`);
    await fillGithub(page);
    await page.waitForURL((u) => u.origin === product.origin);
    expect(page.url()).toBe(`${product.returnUrl}&connected=github`);
    // No message: there was no opener to send one to.
    expect(await page.evaluate<Received[]>('window.received')).toEqual([]);
    expect(product.sessions).toHaveLength(2);
  });
});
