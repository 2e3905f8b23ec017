import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { parseAllowList } from '../../activities/outbound/address.js';
import { createOutboundClient } from '../../activities/outbound/client.js';
import type { FakeGithub } from '../fakes/github.js';
import { call, type TestApi } from '../helpers/stack.js';
import { githubDashboardTest, screenshot, type Dashboard, type Gate, type PageWatch } from './support.js';

const GOOD_TOKEN = 'ghp_dashboardGoodToken0123456789abcdef';
const BAD_TOKEN = 'ghp_dashboardWrongToken9876543210fedcba';
const REPOSITORY = 'acme/web';
const WAIT = { timeout: 60_000 };

// The connect form's verify call reaches the fake from the API: loopback must be allowed there too.
const test = githubDashboardTest({ token: GOOD_TOKEN, repository: REPOSITORY }, { api: () => ({ outbound: createOutboundClient({ allow: parseAllowList('127.0.0.0/8') }) }) });

describe('dashboard end to end (Chromium, real API + worker, fake GitHub)', () => {
  let api: TestApi;
  let github: FakeGithub;
  let gate: Gate;
  let dashboard: Dashboard;
  let page: Page;
  let watch: PageWatch;
  let apiKey: string;
  let orgId: string;
  let base: string;
  const project = 'web';
  const card = (provider: string): Locator => page.locator(`audit-integration-card[data-provider="${provider}"]`);
  const cardIn = (provider: string, status: string): Locator => page.locator(`audit-integration-card[data-provider="${provider}"][data-status="${status}"]`);
  const connectRequests = () => watch.urls.filter((u) => u.endsWith('/connect'));

  async function fillConnectForm(token: string): Promise<void> {
    const dialog = page.getByRole('dialog', { name: 'Connect GitHub', exact: true });
    await dialog.getByLabel('Token', { exact: true }).fill(token);
    await dialog.getByLabel('Repository', { exact: true }).fill(REPOSITORY);
    await dialog.getByLabel('API base URL', { exact: true }).fill(gate.url);
    await dialog.getByRole('button', { name: 'Save and connect', exact: true }).click();
    await dialog.waitFor({ state: 'detached', ...WAIT });
  }

  test.beforeAll(({ stack, dashboard: d, github: g, gate: gt }) => {
    ({ api, orgId, token: apiKey } = stack);
    base = `/api/v1/orgs/${orgId}/projects/${project}/audit`;
    ({ page, watch } = (dashboard = d));
    [github, gate] = [g, gt];
  });

  test('signs in with a pasted key: the eight providers, the org from GET /me, the key only in sessionStorage', async () => {
    await dashboard.open();
    await dashboard.signIn(`kr_live_${'x'.repeat(40)}`, project);
    await page.getByText('This API key was not accepted. Check it and try again.').waitFor(WAIT);
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);

    await dashboard.signIn(apiKey, project);

    await expect.poll(() => page.locator('audit-integration-card').count(), WAIT).toBe(8);
    await page.locator('audit-integration-card[data-status="disconnected"]').nth(7).waitFor(WAIT);
    await expect(page.locator('header code').textContent()).resolves.toBe(orgId);
    expect(await page.evaluate<string>('JSON.stringify(Object.entries(localStorage))')).toBe(JSON.stringify([['audit.project', project]]));
    expect(await page.evaluate<string | null>('sessionStorage.getItem("audit.apiKey")')).toBe(apiKey);
    expect(await watch.leaks([apiKey], { allowSession: true })).toEqual([]);
    await screenshot(page, '01-signed-in');
  });

  test('validates the connect form in the browser, then connects GitHub and clears the token', async () => {
    await call(api.baseUrl, 'POST', `${base}/findings`, { token: apiKey, body: { title: 'Missing alt text on hero image', severity: 'high', url: 'https://example.com/', category: 'accessibility' } });
    await call(api.baseUrl, 'POST', `${base}/findings`, { token: apiKey, body: { title: 'Minor: favicon is 404', severity: 'low' } });

    await card('github').getByRole('button', { name: 'Connect (GitHub)', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect GitHub', exact: true });
    await dialog.getByRole('button', { name: 'Save and connect', exact: true }).click();
    await expect(dialog.getByText('Token is required.').isVisible()).resolves.toBe(true);
    await dialog.getByLabel('Repository', { exact: true }).fill('not a repository');
    await dialog.getByRole('button', { name: 'Save and connect', exact: true }).click();
    await expect(dialog.getByText('Repository must look like owner/name.').isVisible()).resolves.toBe(true);
    expect(await dialog.getByLabel('Token', { exact: true }).getAttribute('type')).toBe('password');
    expect(connectRequests()).toEqual([]);
    await screenshot(page, '02-connect-validation');

    // The server's check: a token GitHub refuses is reported next to its field, and nothing is connected.
    const dialogAgain = page.getByRole('dialog', { name: 'Connect GitHub', exact: true });
    await dialogAgain.getByLabel('Token', { exact: true }).fill('ghp_refusedByGithub000000000000000000');
    await dialogAgain.getByLabel('Repository', { exact: true }).fill(REPOSITORY);
    await dialogAgain.getByLabel('API base URL', { exact: true }).fill(gate.url);
    await dialogAgain.getByRole('button', { name: 'Save and connect', exact: true }).click();
    await dialogAgain.getByText('Token was not accepted by GitHub.').waitFor(WAIT);
    expect(connectRequests()).toEqual([]);
    expect(watch.urls.filter((u) => u.endsWith('/github/verify'))).toHaveLength(1);

    await fillConnectForm(GOOD_TOKEN);
    await cardIn('github', 'connected').waitFor(WAIT);
    expect(connectRequests()).toHaveLength(1);
    expect(await watch.leaks([GOOD_TOKEN, apiKey], { allowSession: true })).toEqual([]);
    expect(await watch.leaks([GOOD_TOKEN])).toEqual([]);
    await screenshot(page, '03-connected');
  });

  test('syncs: the row goes syncing → connected without a reload, and the finding links to the created issue', async () => {
    gate.hold();
    await card('github').getByRole('button', { name: 'Sync now (GitHub)', exact: true }).click();
    await cardIn('github', 'syncing').waitFor(WAIT);
    await expect(card('github').locator('.status').textContent()).resolves.toBe('Syncing…');
    await expect.poll(() => gate.waiting(), WAIT).toBeGreaterThan(0);
    await screenshot(page, '04-syncing');

    gate.release();
    await cardIn('github', 'connected').waitFor(WAIT);
    await expect(card('github').locator('.last-sync time').count()).resolves.toBe(1);
    const link = page.locator('li.finding', { hasText: 'Missing alt text on hero image' }).getByRole('link', { name: 'GitHub #' });
    await link.first().waitFor(WAIT);
    const issueUrls = github.issues().map((i) => `https://github.com/${REPOSITORY}/issues/${i.externalId}`);
    expect(issueUrls).toContain(await link.first().getAttribute('href'));
    expect(await link.first().getAttribute('rel')).toBe('noopener noreferrer');

    await card('github').getByText('Sync history').click();
    const run = card('github').locator('tr[data-outcome="succeeded"]');
    await run.first().waitFor(WAIT);
    const [latest] = (await call(api.baseUrl, 'GET', `${base}/integrations/github/syncs?limit=1`, { token: apiKey })).json.data as { items_pushed: number; items_pulled: number; items_updated: number }[];
    expect(latest!.items_pushed).toBe(2);
    const counts = `${latest!.items_pushed} / ${latest!.items_pulled} / ${latest!.items_updated}`;
    await expect(run.first().textContent()).resolves.toMatch(new RegExp(`^Manual.*Succeeded${counts}`));
    await screenshot(page, '05-synced-with-issue-links');
  });

  test('filters findings by severity', async () => {
    await page.getByLabel('Severity', { exact: true }).selectOption('low');
    await expect.poll(() => page.locator('li.finding').allTextContents(), WAIT).toEqual([expect.stringContaining('favicon is 404')]);
    await page.getByLabel('Severity', { exact: true }).selectOption('');
    await expect.poll(() => page.locator('li.finding').count(), WAIT).toBe(2);
  });

  test('shows the error state with the failed run’s message after a wrong token', async () => {
    // The form's verify step refuses a token GitHub rejects, so a token that stops working later is stored through
    // the API, as a client without the dashboard could.
    const stored = await call(api.baseUrl, 'POST', `${base}/integrations/github/connect`, { token: apiKey, body: { credentials: { token: BAD_TOKEN, repository: REPOSITORY, base_url: gate.url } } });
    expect(stored.status).toBe(200);
    await card('github').getByRole('button', { name: 'Sync now (GitHub)', exact: true }).click();
    await cardIn('github', 'error').waitFor(WAIT);

    const runs = await call(api.baseUrl, 'GET', `${base}/integrations/github/syncs?limit=1`, { token: apiKey });
    const message = (runs.json.data as { error_message: string }[])[0]!.error_message;
    expect(message).toBeTruthy();
    await expect.poll(() => card('github').locator('.card-error').textContent(), WAIT).toBe(message);
    expect(await watch.leaks([BAD_TOKEN, GOOD_TOKEN])).toEqual([]);
    await screenshot(page, '06-error');
  });

  test('disconnects only after confirmation, with focus back on the card', async () => {
    await card('github').getByRole('button', { name: 'Disconnect (GitHub)', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Disconnect GitHub?', exact: true });
    await screenshot(page, '07-disconnect-confirm');
    await confirm.getByRole('button', { name: 'Cancel', exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await card('github').getAttribute('data-status')).toBe('error');

    await card('github').getByRole('button', { name: 'Disconnect (GitHub)', exact: true }).click();
    await confirm.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await cardIn('github', 'disconnected').waitFor(WAIT);
    await expect(page.evaluate<string>('document.activeElement.textContent')).resolves.toBe('Connect (GitHub)');
    const list = await call(api.baseUrl, 'GET', `${base}/integrations`, { token: apiKey });
    expect((list.json.data as { provider: string; status: string }[]).find((r) => r.provider === 'github')?.status).toBe('disconnected');
    await screenshot(page, '08-disconnected');
  });

  test('offers exactly the documented credential keys per provider, secrets as password inputs', async () => {
    // The provider table of docs/providers.md (a public contract); secrets are the keys a screen must never show.
    const documented: Record<string, [string, string[]]> = {
      github: ['GitHub', ['token', 'repository', 'base_url']],
      gitlab: ['GitLab', ['token', 'project', 'base_url']],
      jira: ['Jira', ['base_url', 'email', 'api_token', 'project_key', 'issue_type']],
      linear: ['Linear', ['api_key', 'team_id', 'base_url']],
      sentry: ['Sentry', ['token', 'organization', 'project', 'base_url']],
      ga4: ['Google Analytics 4', ['property_id', 'access_token', 'refresh_token', 'client_id', 'client_secret', 'base_url', 'token_url']],
      gsc: ['Google Search Console', ['site_url', 'access_token', 'refresh_token', 'client_id', 'client_secret', 'base_url', 'token_url']],
      cloudflare: ['Cloudflare', ['api_token', 'zone_id', 'base_url']],
    };
    const secrets = new Set(['token', 'api_token', 'api_key', 'access_token', 'refresh_token', 'client_secret']);
    for (const [provider, [label, keys]] of Object.entries(documented)) {
      await card(provider).getByRole('button', { name: `Connect (${label})`, exact: true }).click();
      const dialog = page.getByRole('dialog', { name: `Connect ${label}`, exact: true });
      const inputs = dialog.locator('input');
      const names = await inputs.evaluateAll((els) => els.map((e) => [e.getAttribute('name'), e.getAttribute('type')]));
      expect(names, provider).toEqual(keys.map((k) => [k, secrets.has(k) ? 'password' : k === 'base_url' || k === 'token_url' ? 'url' : 'text']));
      await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      // Closing hands focus back to the opener (Chromium may do so a moment after the dialog is gone).
      await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.textContent')).toBe(`Connect (${label})`);
    }
  });

  test('works from the keyboard: the dialog takes focus, Escape closes it and focus returns', async () => {
    const connect = card('gitlab').getByRole('button', { name: 'Connect (GitLab)', exact: true });
    // Chromium may still be returning focus to the opener of the previous test's last dialog: focus the button until
    // it holds, since keyboard input goes wherever focus is.
    await expect
      .poll(async () => {
        await connect.focus();
        return page.evaluate<string | undefined>('document.activeElement?.textContent');
      })
      .toBe('Connect (GitLab)');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Connect GitLab', exact: true });
    await dialog.waitFor();
    await expect(page.evaluate<string>('document.activeElement.name')).resolves.toBe('token');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(page.evaluate<string>('document.activeElement.textContent')).resolves.toBe('Connect (GitLab)');
  });

  test('fits a narrow screen, raised no CSP or script errors, and never exposed a credential', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, '09-narrow');
    expect(watch.consoleErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
    expect(await watch.leaks([GOOD_TOKEN, BAD_TOKEN])).toEqual([]);
    expect(await watch.leaks([apiKey], { allowSession: true })).toEqual([]);
    expect(github.violations).toEqual([]);
  });
});
