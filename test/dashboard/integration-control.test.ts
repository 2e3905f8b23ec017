import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { parseAllowList } from '../../activities/outbound/address.js';
import { createOutboundClient } from '../../activities/outbound/client.js';
import type { FakeGithub } from '../fakes/github.js';
import { call, type TestApi } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { githubDashboardTest, screenshot, type Dashboard, type Gate, type PageWatch } from './support.js';

const TOKEN = 'ghp_integrationControlToken0123456789ab';
const REPOSITORY = 'acme/web';
const WAIT = { timeout: 30_000 };
const REASON = 'GitHub answered 401: Bad credentials';

// SYNC_INTERVAL_MIN of 30 minutes: "Every 15 minutes" is refused by the API, so the card's error path is exercised.
// The connect form's verify call reaches the fake from the API: loopback is allowed there too.
const test = githubDashboardTest({ token: TOKEN, repository: REPOSITORY }, {
  api: () => ({ outbound: createOutboundClient({ allow: parseAllowList('127.0.0.0/8') }), syncSchedule: { defaultIntervalMs: 6 * 3_600_000, minIntervalMs: 30 * 60_000 } }),
});

interface Detail {
  status: string;
  settings: { sync_interval_seconds: number | null; paused: boolean };
  next_sync_at: string | null;
  health: { state: string; reason: string | null; checked_at: string | null };
}

describe('integration control in the dashboard (Chromium, real API + worker, fake GitHub)', () => {
  let api: TestApi;
  let github: FakeGithub;
  let gate: Gate;
  let dashboard: Dashboard;
  let page: Page;
  let watch: PageWatch;
  let apiKey: string;
  let orgId: string;
  const projectBase = (project: string) => `/api/v1/orgs/${orgId}/projects/${project}/audit`;
  const card = (provider: string): Locator => page.locator(`audit-integration-card[data-provider="${provider}"]`);
  const detail = async (project = 'web'): Promise<Detail> => (await call(api.baseUrl, 'GET', `${projectBase(project)}/integrations/github`, { token: apiKey })).json.data as Detail;
  // As the worker records a check: the state, its reason and when.
  const setHealth = (project: string, state: string, reason: string | null) =>
    api.db.sql`update audit_integrations set health_state = ${state}, health_reason = ${reason}, health_checked_at = now() where org_id = ${orgId} and project_id = ${project} and provider = 'github'`;

  async function connectGithub(project: string): Promise<void> {
    const res = await call(api.baseUrl, 'POST', `${projectBase(project)}/integrations/github/connect`, { token: apiKey, body: { credentials: { token: TOKEN, repository: REPOSITORY, base_url: gate.url } } });
    expect(res.status).toBe(200);
  }

  /** Keyboard input goes wherever focus is: focus the control until it holds (a closing dialog may hand focus back late). */
  async function focusUntilHeld(control: Locator, name: string): Promise<void> {
    await expect
      .poll(async () => {
        await control.focus();
        return page.evaluate<string | undefined>('document.activeElement?.textContent');
      })
      .toBe(name);
  }

  test.beforeAll(async ({ stack, dashboard: d, github: g, gate: gt }) => {
    ({ api, orgId, token: apiKey } = stack);
    ({ page, watch } = (dashboard = d));
    [github, gate] = [g, gt];
    await connectGithub('web');
    await connectGithub('shop');
  });

  test('shows "Reconnect needed: <reason>" for a needs_reconnect row, and its Reconnect button opens the connect dialog', async () => {
    await setHealth('web', 'needs_reconnect', REASON);
    await dashboard.open();
    await dashboard.signIn(apiKey, 'web');

    const health = card('github').locator('.health');
    await expect.poll(() => health.textContent(), WAIT).toBe(`Reconnect needed: ${REASON}Reconnect (GitHub)`);
    expect(await health.isVisible()).toBe(true);
    // One Reconnect for the card: the usual one steps aside while the notice offers it.
    await expect(card('github').getByRole('button', { name: 'Reconnect (GitHub)', exact: true }).count()).resolves.toBe(1);
    // Other cards stay quiet.
    expect(await card('gitlab').locator('.health').isVisible()).toBe(false);
    await screenshot(page, 'control-01-reconnect-needed');

    const reconnect = health.getByRole('button', { name: 'Reconnect (GitHub)', exact: true });
    await focusUntilHeld(reconnect, 'Reconnect (GitHub)');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Connect GitHub', exact: true });
    await dialog.waitFor();
    await expect(page.evaluate<string>('document.activeElement.name')).resolves.toBe('token');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.textContent')).toBe('Reconnect (GitHub)');

    // Reconnecting through it: the state stays until the new credentials have worked (checked_at cleared), said quietly.
    await reconnect.click();
    await dialog.getByLabel('Token', { exact: true }).fill(TOKEN);
    await dialog.getByLabel('Repository', { exact: true }).fill(REPOSITORY);
    await dialog.getByLabel('API base URL', { exact: true }).fill(gate.url);
    await dialog.getByRole('button', { name: 'Save and connect', exact: true }).click();
    await dialog.waitFor({ state: 'detached', ...WAIT });
    await expect.poll(() => health.textContent(), WAIT).toBe('Reconnected: the next sync or health check confirms the new credentials.');
    expect(await detail()).toMatchObject({ status: 'connected', health: { state: 'needs_reconnect', checked_at: null } });
    await expect(card('github').getByRole('button', { name: 'Reconnect (GitHub)', exact: true }).isVisible()).resolves.toBe(true);

    // degraded: a quieter line, no Reconnect; ok: nothing.
    await setHealth('web', 'degraded', 'GitHub answered 503');
    await page.reload();
    await expect.poll(() => card('github').getAttribute('data-health'), WAIT).toBe('degraded');
    await expect(card('github').locator('.health').textContent()).resolves.toBe('GitHub had trouble answering lately: GitHub answered 503');
    await expect(card('github').getByText('Reconnect needed').count()).resolves.toBe(0);
    await expect(card('github').getByRole('button', { name: 'Reconnect (GitHub)', exact: true }).count()).resolves.toBe(1);
    await setHealth('web', 'ok', null);
    await page.reload();
    await expect.poll(() => card('github').getAttribute('data-health'), WAIT).toBe('ok');
    expect(await card('github').locator('.health').isVisible()).toBe(false);
  });

  test('the settings panel PATCHes the interval and pause and shows the answer; a refused interval is shown in the card', async () => {
    await focusUntilHeld(card('github').locator('summary', { hasText: 'Sync settings' }), 'Sync settings (GitHub)');
    await page.keyboard.press('Enter');
    const interval = card('github').getByLabel('Sync interval (GitHub)', { exact: true });
    await interval.waitFor();
    expect(await interval.inputValue()).toBe('');

    await interval.selectOption({ label: 'Every hour' });
    await card('github').getByRole('button', { name: 'Save interval (GitHub)', exact: true }).click();
    await expect.poll(async () => (await detail()).settings.sync_interval_seconds, WAIT).toBe(3600);
    const after = await detail();
    await expect.poll(() => card('github').locator('.next-sync .when').getAttribute('data-datetime'), WAIT).toBe(after.next_sync_at);

    // Below this deployment's SYNC_INTERVAL_MIN: the API's 422 names the field, in the card; nothing changed.
    await interval.selectOption({ label: 'Every 15 minutes' });
    await card('github').getByRole('button', { name: 'Save interval (GitHub)', exact: true }).click();
    const alert = card('github').locator('audit-integration-settings [role="alert"]');
    await expect.poll(() => alert.textContent(), WAIT).toContain('sync_interval_seconds');
    expect((await detail()).settings.sync_interval_seconds).toBe(3600);

    await card('github').getByRole('button', { name: 'Pause syncs (GitHub)', exact: true }).click();
    await card('github').getByRole('button', { name: 'Resume syncs (GitHub)', exact: true }).waitFor(WAIT);
    await expect(alert.textContent()).resolves.toBe('');
    const paused = await detail();
    expect(paused.settings).toEqual({ sync_interval_seconds: 3600, paused: true });
    expect(paused.next_sync_at).toBeNull();
    await expect(card('github').locator('.next-sync').textContent()).resolves.toMatch(/^Paused/);
    await screenshot(page, 'control-02-settings-paused');

    await card('github').getByRole('button', { name: 'Resume syncs (GitHub)', exact: true }).click();
    await card('github').getByRole('button', { name: 'Pause syncs (GitHub)', exact: true }).waitFor(WAIT);
    expect((await detail()).settings).toEqual({ sync_interval_seconds: 3600, paused: false });

    await interval.selectOption({ label: 'Deployment default' });
    await card('github').getByRole('button', { name: 'Save interval (GitHub)', exact: true }).click();
    await expect.poll(async () => (await detail()).settings.sync_interval_seconds, WAIT).toBeNull();
    const patches = watch.urls.filter((u) => u.endsWith('/integrations/github/settings'));
    expect(patches).toHaveLength(5);
  });

  test('Full resync asks for confirmation, then the card goes syncing and a full_resync run is recorded', async () => {
    const runs = () => api.db.sql<{ trigger: string; outcome: string }[]>`
      select r.trigger, r.outcome from sync_runs r join audit_integrations i on i.id = r.integration_id
      where i.org_id = ${orgId} and i.project_id = 'web' and i.provider = 'github'`;
    const resync = card('github').getByRole('button', { name: 'Full resync (GitHub)', exact: true });
    await resync.click();
    const confirm = page.getByRole('dialog', { name: 'Full resync of GitHub?', exact: true });
    await confirm.waitFor();
    // The safe choice has focus first.
    await expect(page.evaluate<string>('document.activeElement.textContent')).resolves.toBe('Cancel');
    await screenshot(page, 'control-03-resync-confirm');
    await confirm.getByRole('button', { name: 'Cancel', exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(watch.urls.filter((u) => u.endsWith('/resync'))).toEqual([]);

    gate.hold();
    await resync.click();
    await confirm.getByRole('button', { name: 'Start full resync', exact: true }).click();
    await page.locator('audit-integration-card[data-provider="github"][data-status="syncing"]').waitFor(WAIT);
    await waitFor(async () => ((await runs()).some((r) => r.trigger === 'full_resync') ? true : undefined), 'a full_resync run');
    gate.release();
    await page.locator('audit-integration-card[data-provider="github"][data-status="connected"]').waitFor(WAIT);
    expect((await runs()).filter((r) => r.trigger === 'full_resync')).toEqual([{ trigger: 'full_resync', outcome: 'succeeded' }]);
    await card('github').locator('summary', { hasText: 'Sync history' }).click();
    await expect.poll(() => card('github').locator('tr[data-outcome="succeeded"] td').first().textContent(), WAIT).toBe('Full resync');
    expect(github.violations).toEqual([]);
  });

  test('the settings panel shows real-time updates: the state and reason, the webhook URL and (manual) the secret, each with a copy button', async () => {
    // The resync above ran the registration step; this worker has no PUBLIC_URL, so the hook is to be added by hand.
    const { realtime } = (await call(api.baseUrl, 'GET', `${projectBase('web')}/integrations/github`, { token: apiKey })).json.data as { realtime: { state: string; reason: string; url: string; secret: string } };
    expect(realtime.state).toBe('manual');
    await page.reload();
    await card('github').locator('summary', { hasText: 'Sync settings' }).click();
    const block = card('github').locator('.realtime');
    await expect.poll(() => block.getAttribute('data-state'), WAIT).toBe('manual');
    await expect(block.locator('.realtime-state').textContent()).resolves.toBe(`Real-time updates: Add the webhook by hand — ${realtime.reason}`);
    const url = card('github').getByLabel('Webhook URL (GitHub)', { exact: true });
    const secret = card('github').getByLabel('Webhook secret (GitHub)', { exact: true });
    expect(await url.inputValue()).toBe(realtime.url);
    expect(await secret.inputValue()).toBe(realtime.secret);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(api.baseUrl).origin });
    await card('github').getByRole('button', { name: 'Copy secret (GitHub)', exact: true }).click();
    await expect.poll(() => page.evaluate<string>('navigator.clipboard.readText()'), WAIT).toBe(realtime.secret);
    await card('github').getByRole('button', { name: 'Copy URL (GitHub)', exact: true }).click();
    await expect.poll(() => page.evaluate<string>('navigator.clipboard.readText()'), WAIT).toBe(realtime.url);
    await screenshot(page, 'control-04b-realtime-manual');
  });

  test('the org view lists the integrations of every project, filters them and loads more with the cursor', async () => {
    await setHealth('web', 'needs_reconnect', REASON);
    await setHealth('shop', 'degraded', 'GitHub answered 503');
    // 30 more rows in 15 projects (disconnected): more than one page of 25.
    await api.db.sql`
      insert into audit_integrations (org_id, project_id, provider, status)
      select ${orgId}, 'bulk-' || lpad(n::text, 2, '0'), p, 'disconnected'
      from generate_series(1, 15) n, unnest(array['gitlab', 'linear']) p`;
    const view = page.locator('audit-org-integrations');
    const rows = view.locator('tbody tr');
    const keys = () => rows.evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute('data-project')}/${tr.getAttribute('data-provider')}`));
    const show = view.getByRole('button', { name: 'Show', exact: true });

    await show.click();
    await expect.poll(() => rows.count(), WAIT).toBe(25);
    const more = view.getByRole('button', { name: 'Load more', exact: true });
    await more.click();
    await expect.poll(() => rows.count(), WAIT).toBe(32);
    expect(await more.isVisible()).toBe(false);
    expect((await keys()).filter((k) => !k.startsWith('bulk-'))).toEqual(['shop/github', 'web/github']);

    await view.getByLabel('Health', { exact: true }).selectOption({ label: 'Reconnect needed' });
    await show.click();
    await expect.poll(keys, WAIT).toEqual(['web/github']);
    await expect(rows.first().locator('td').nth(3).textContent()).resolves.toBe(`Reconnect needed: ${REASON}`);

    await view.getByLabel('Health', { exact: true }).selectOption({ label: 'Degraded' });
    await show.click();
    await expect.poll(keys, WAIT).toEqual(['shop/github']);

    await view.getByLabel('Health', { exact: true }).selectOption({ label: 'All' });
    await view.getByLabel('Status', { exact: true }).selectOption({ label: 'Connected' });
    await show.click();
    await expect.poll(keys, WAIT).toEqual(['shop/github', 'web/github']);

    await view.getByLabel('Status', { exact: true }).selectOption({ label: 'All' });
    await view.getByLabel('Provider', { exact: true }).selectOption({ label: 'GitLab' });
    await view.getByLabel('Projects', { exact: true }).fill('bulk-01, bulk-02');
    await show.click();
    await expect.poll(keys, WAIT).toEqual(['bulk-01/gitlab', 'bulk-02/gitlab']);
    await screenshot(page, 'control-04-org-view');

    // A malformed project list is refused in the browser, next to its field, with nothing sent.
    const sent = watch.urls.length;
    await view.getByLabel('Projects', { exact: true }).fill('Not A Project');
    await show.click();
    await view.getByText('Projects must be project ids separated by commas.').waitFor();
    expect(await view.getByLabel('Projects', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(watch.urls.slice(sent).filter((u) => u.includes('/integrations?'))).toEqual([]);
  });

  test('fits a narrow screen, fetched nothing from elsewhere, raised no CSP or script errors, and never exposed a credential', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'control-05-narrow');
    const origin = new URL(api.baseUrl).origin;
    expect(watch.urls.filter((u) => new URL(u).origin !== origin && u !== 'about:blank')).toEqual([]);
    expect(watch.consoleErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
    expect(await watch.leaks([TOKEN])).toEqual([]);
    expect(await watch.leaks([apiKey], { allowSession: true })).toEqual([]);
  });
});
