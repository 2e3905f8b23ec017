import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { buildConnectPage, buildDashboard } from '../../api/dashboard/build.js';
import { startFakeGithub } from '../fakes/github.js';
import { stackTest, type StackOptions } from '../helpers/fixture.js';

/**
 * CHROMIUM_PATH, else Debian's headless shell (what `npm run setup` installs: the browser without its UI, about 30 % less
 * CPU for the browser tests), else Debian's full Chromium.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((p) => existsSync(p)) ?? '/usr/bin/chromium-headless-shell';
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-artifacts/dashboard');

/** Debian's Chromium, headless (CHROMIUM); nothing is ever downloaded. */
export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium-headless-shell) or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A desktop-sized page in a fresh headless Chromium, watched for leaks from its first request. */
export async function openWatchedPage(): Promise<{ browser: Browser; page: Page; watch: PageWatch }> {
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(15_000);
  return { browser, page, watch: watchPage(page) };
}

/**
 * A fresh build of the current source of one of the two browser apps (the dashboard, or the hosted connect page) for
 * this test file alone (cheap with esbuild; no race with other files).
 */
export async function buildForTest(app: 'dashboard' | 'connect' = 'dashboard'): Promise<string> {
  const dir = path.join(inject('testDataDir'), `${app}-${randomBytes(4).toString('hex')}`);
  await (app === 'dashboard' ? buildDashboard(dir) : buildConnectPage(dir));
  return dir;
}

/** The dashboard of the file's stack in one watched Chromium page. */
export interface Dashboard {
  browser: Browser;
  page: Page;
  watch: PageWatch;
  /** `GET /dashboard/` of the stack's API. */
  url: string;
  /** Loads the dashboard (the sign-in form unless a key is already in this page's sessionStorage). */
  open(): Promise<void>;
  /** Fills the sign-in form and submits it; the caller waits for what it expects to see (cards, an error…). */
  signIn(key: string, project: string): Promise<void>;
}

/**
 * stackTest (test/helpers/fixture.ts) with the dashboard: the API serves a fresh build of the current source, and the
 * file-scoped `dashboard` fixture is one headless Chromium page, watched for leaks from its first request.
 *
 *     const test = dashboardTest({ worker: { housekeeping: {} } });
 *     test('…', async ({ stack: { token }, dashboard: { page, open, signIn } }) => { await open(); await signIn(token, 'web'); … });
 */
export function dashboardTest(opts: StackOptions = {}) {
  const api = opts.api;
  return stackTest({
    ...opts,
    api: async () => ({ ...(typeof api === 'function' ? await api() : api), dashboardDir: await buildForTest() }),
  }).extend('dashboard', { scope: 'file' }, async ({ stack }, { onCleanup }): Promise<Dashboard> => {
    const { browser, page, watch } = await openWatchedPage();
    onCleanup(() => browser.close());
    const url = `${stack.api.baseUrl}/dashboard/`;
    return {
      browser,
      page,
      watch,
      url,
      async open() {
        await page.goto(url);
      },
      async signIn(key, project) {
        await page.getByLabel('API key', { exact: true }).fill(key);
        await page.getByLabel('Project', { exact: true }).fill(project);
        await page.getByRole('button', { name: 'Open dashboard', exact: true }).click();
      },
    };
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Everything a page exposes that a credential must never reach: DOM, input values, storage, and every URL it used. */
export interface PageWatch {
  urls: string[];
  consoleErrors: string[];
  /** Where each secret was found; empty when none leaked. `allowSession` permits the API key in sessionStorage. */
  leaks(secrets: string[], opts?: { allowSession?: boolean }): Promise<string[]>;
}

export function watchPage(page: Page): PageWatch {
  const urls: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  page.on('framenavigated', (f) => urls.push(f.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  return {
    urls,
    consoleErrors,
    async leaks(secrets, opts = {}) {
      const places: Record<string, string> = {
        dom: await page.content(),
        inputs: await page.evaluate<string>('JSON.stringify([...document.querySelectorAll("input, textarea, select")].map((e) => e.value))'),
        localStorage: await page.evaluate<string>('JSON.stringify(Object.entries(localStorage))'),
        sessionStorage: opts.allowSession ? '' : await page.evaluate<string>('JSON.stringify(Object.entries(sessionStorage))'),
        urls: [...urls, page.url()].join('\n'),
      };
      const found: string[] = [];
      for (const secret of secrets) {
        for (const [place, text] of Object.entries(places)) if (text.includes(secret)) found.push(`${place} holds ${secret.slice(0, 6)}…`);
      }
      return found;
    },
  };
}

/**
 * A pass-through proxy in front of a fake provider that can hold requests: the test sees the "syncing" state for as
 * long as it wants, with no timing involved.
 */
export interface Gate {
  url: string;
  hold(): void;
  release(): void;
  /** Requests currently waiting at the gate. */
  waiting(): number;
  close(): Promise<void>;
}

export async function startGate(target: () => string): Promise<Gate> {
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => undefined;
  let waiting = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        waiting += 1;
        await gate;
        waiting -= 1;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k)) headers[k] = v;
        const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
        const upstream = await fetch(`${target()}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body ? { body } : {}) });
        const out: Record<string, string> = {};
        upstream.headers.forEach((v, k) => {
          if (k !== 'content-length' && k !== 'content-encoding' && k !== 'transfer-encoding' && k !== 'connection') out[k] = v;
        });
        res.writeHead(upstream.status, out).end(Buffer.from(await upstream.arrayBuffer()));
      })().catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold() {
      gate = new Promise((r) => (open = r));
    },
    release() {
      open();
      gate = Promise.resolve();
    },
    waiting: () => waiting,
    async close() {
      open();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** `dashboardTest` with a fake GitHub for `github` and a gate in front of it (to hold its answers), one each per file. */
export function githubDashboardTest(github: { token: string; repository: string }, opts: StackOptions = {}) {
  return dashboardTest(opts)
    .extend('github', { scope: 'file' }, async ({}, { onCleanup }) => {
      const fake = await startFakeGithub(github);
      onCleanup(() => fake.close());
      return fake;
    })
    .extend('gate', { scope: 'file' }, async ({ github: fake }, { onCleanup }) => {
      const gate = await startGate(() => fake.url);
      onCleanup(() => gate.close());
      return gate;
    });
}
