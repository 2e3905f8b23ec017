import { expect } from 'vitest';
import { call, type TestApi } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

export interface CreatedWebhook {
  id: string;
  secret: string;
  [k: string]: unknown;
}

/** The webhooks API as a client uses it, for one org. */
export function webhooksFor(api: TestApi, token: string, orgId: string) {
  const base = `/api/v1/orgs/${orgId}/webhooks`;
  return {
    base,
    async create(body: Record<string, unknown>): Promise<CreatedWebhook> {
      const res = await call(api.baseUrl, 'POST', base, { token, body });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      return res.json.data as CreatedWebhook;
    },
    get: (id: string) => call(api.baseUrl, 'GET', `${base}/${id}`, { token }),
    list: () => call(api.baseUrl, 'GET', base, { token }),
    update: (id: string, body: unknown) => call(api.baseUrl, 'PATCH', `${base}/${id}`, { token, body }),
    rotate: (id: string) => call(api.baseUrl, 'POST', `${base}/${id}/rotate-secret`, { token }),
    remove: (id: string) => call(api.baseUrl, 'DELETE', `${base}/${id}`, { token }),
    deliveries: (id: string, query = '') => call(api.baseUrl, 'GET', `${base}/${id}/deliveries${query}`, { token }),
    retry: (id: string, deliveryId: string) => call(api.baseUrl, 'POST', `${base}/${id}/deliveries/${deliveryId}/retry`, { token }),
    /** Waits until the endpoint's newest delivery matches. */
    async deliveryWhen(id: string, match: (d: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>> {
      return waitFor(async () => {
        const res = await call(api.baseUrl, 'GET', `${base}/${id}/deliveries`, { token });
        return (res.json.data as Record<string, unknown>[]).find(match);
      }, what);
    },
  };
}

/** Short backoff so a test sees retries in seconds; the production default starts at 10 s. */
export const TEST_WEBHOOK_RETRY = { initialIntervalMs: 300, maxIntervalMs: 2000, windowMs: 10 * 60_000 };
