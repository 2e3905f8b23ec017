import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { call, type TestApi } from '../helpers/stack.js';

/** What POST …/connect-sessions answers (the token once). */
export interface CreatedSession {
  id: string;
  token: string;
  url: string;
  project_id: string;
  providers: string[];
  return_url: string | null;
  expires_at: string;
}

export async function createSession(api: TestApi, apiKey: string, orgId: string, body: Record<string, unknown>): Promise<CreatedSession> {
  const res = await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/connect-sessions`, { token: apiKey, body });
  expect(res.status, res.text).toBe(201);
  return res.json.data as CreatedSession;
}

export interface LoggedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
  page: Page;
}

/**
 * Every request any page of the context made (popups included, from their first request), with all its headers as
 * sent, and every URL a frame navigated to: the evidence for "the token went only in an Authorization header".
 */
export function logRequests(context: BrowserContext): { requests: LoggedRequest[]; navigations: string[]; settled(): Promise<LoggedRequest[]> } {
  const pending: Promise<LoggedRequest>[] = [];
  const navigations: string[] = [];
  const watch = (page: Page) => page.on('framenavigated', (f) => navigations.push(f.url()));
  context.pages().forEach(watch);
  context.on('page', watch);
  context.on('request', (r) => {
    // allHeaders() needs the page alive; a popup that closes right after its last request (the OAuth window) leaves
    // only the headers Playwright recorded when the request went out.
    const headers = r.allHeaders().catch(() => r.headers());
    pending.push(headers.then((h) => ({ url: r.url(), method: r.method(), headers: h, body: r.postData(), page: r.frame().page() })));
  });
  const requests: LoggedRequest[] = [];
  return {
    requests,
    navigations,
    async settled() {
      requests.splice(0, requests.length, ...(await Promise.all(pending)));
      return requests;
    },
  };
}

/** Everything a page keeps where a token must never be: DOM, input values, both storages and the context's cookies. */
export async function pageStores(page: Page): Promise<Record<string, string>> {
  return {
    dom: await page.content(),
    inputs: await page.evaluate<string>('JSON.stringify([...document.querySelectorAll("input")].map((e) => e.value))'),
    localStorage: await page.evaluate<string>('JSON.stringify(Object.entries(localStorage))'),
    sessionStorage: await page.evaluate<string>('JSON.stringify(Object.entries(sessionStorage))'),
    cookies: JSON.stringify(await page.context().cookies()),
    url: page.url(),
  };
}
