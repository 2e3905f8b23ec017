import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { call, type TestApi } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { dashboardTest, screenshot, type Dashboard, type PageWatch } from '../dashboard/support.js';
import { startReceiver, type Receiver } from './receiver.js';

const WAIT = { timeout: 60_000 };

// A short delivery window so a failing receiver ends the delivery `failed` within seconds.
const test = dashboardTest({ worker: { housekeeping: {}, webhooks: { retry: { initialIntervalMs: 200, maxIntervalMs: 400, windowMs: 1000 } } } }).extend(
  'receiver',
  { scope: 'file' },
  async ({}, { onCleanup }) => {
    const receiver = await startReceiver();
    onCleanup(() => receiver.close());
    return receiver;
  },
);

describe('dashboard Webhooks panel (Chromium, real API + worker, local receiver)', () => {
  let api: TestApi;
  let receiver: Receiver;
  let dashboard: Dashboard;
  let page: Page;
  let watch: PageWatch;
  let apiKey: string;
  let orgId: string;
  const project = 'web';

  test.beforeAll(({ stack, dashboard: d, receiver: r }) => {
    ({ api, orgId, token: apiKey } = stack);
    ({ page, watch } = (dashboard = d));
    receiver = r;
  });

  /** Opens (or refreshes) the endpoint's recent deliveries until one has the status. */
  async function deliveryIn(status: string): Promise<void> {
    await waitFor(async () => {
      await page.getByRole('button', { name: `Recent deliveries to ${receiver.url}`, exact: true }).click();
      return (await page.locator(`li.delivery[data-status="${status}"]`).count()) > 0 ? true : undefined;
    }, `a ${status} delivery in the panel`);
  }

  test('adds an endpoint (secret shown once), lists its deliveries with their status, and retries a failed one', async () => {
    await dashboard.open();
    await dashboard.signIn(apiKey, project);
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor(WAIT);
    await page.getByText('No webhook endpoints yet.').waitFor(WAIT);

    await page.getByLabel('Endpoint URL', { exact: true }).fill(receiver.url);
    await page.getByLabel('integration.connected', { exact: true }).check();
    // Only that event: the sync the connect makes due is not part of this test.
    await page.getByLabel('sync.succeeded', { exact: true }).uncheck();
    await page.getByLabel('sync.failed', { exact: true }).uncheck();
    await page.getByRole('button', { name: 'Add endpoint', exact: true }).click();
    const secret = (await page.locator('.secret-value').textContent(WAIT)) ?? '';
    expect(secret).toMatch(/^whsec_/);
    receiver.secrets.push(secret);
    await page.locator('li.webhook').getByText('enabled', { exact: true }).waitFor(WAIT);
    const listed = await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/webhooks`, { token: apiKey });
    expect(listed.json.data).toEqual([expect.objectContaining({ url: receiver.url, events: ['integration.connected'], project_id: null })]);
    await screenshot(page, 'webhooks-01-added');

    // The receiver is down: the delivery ends failed; up again, Retry delivers it.
    receiver.answerAlways(500);
    expect((await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/${project}/audit/integrations/linear/connect`, { token: apiKey, body: { credentials: { token: 'lin_api_dashboard' } } })).status).toBe(200);
    await deliveryIn('failed');
    await expect(page.locator('li.delivery[data-status="failed"]').first().textContent()).resolves.toContain('HTTP 500');
    await screenshot(page, 'webhooks-02-failed');
    receiver.answerAlways(null);
    await page.locator('li.delivery[data-status="failed"]').first().getByRole('button', { name: /^Retry/ }).click();
    await deliveryIn('delivered');
    expect(receiver.accepted.size).toBe(1);
    expect([...receiver.accepted.values()][0]!.payload.type).toBe('integration.connected');
    await screenshot(page, 'webhooks-03-retried');
    expect(await watch.leaks([apiKey], { allowSession: true })).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });
});
