import type { OrgResolver } from './org.js';
import { DEFAULT_PAGE_SIZE, pagedList, type PagedList } from './paging.js';
import type { Transport } from './transport.js';
import type { AuditEntry, AuditLogFilters, OrgOption, PageOption, Webhook, WebhookCreate, WebhookDelivery, WebhookUpdate, WebhookWithSecret } from './types.js';
import { verifyWebhook, type VerifyOptions, type WebhookHeaders } from './webhook-signature.js';

const WEBHOOKS = '/api/v1/orgs/{org_id}/webhooks';
const ONE = `${WEBHOOKS}/{webhook_id}` as const;

export interface CursorMeta {
  request_id: string;
  next_cursor: string | null;
}

export interface WebhooksClient {
  /** The org's endpoints, oldest first (not paged: at most ORG_MAX_WEBHOOKS). */
  list(opts?: OrgOption): Promise<Webhook[]>;
  /** Answers the signing secret, once: store it. `org` is the org option, never sent. */
  create(body: WebhookCreate & OrgOption, opts?: OrgOption): Promise<WebhookWithSecret>;
  get(id: string, opts?: OrgOption): Promise<Webhook>;
  update(id: string, patch: WebhookUpdate, opts?: OrgOption): Promise<Webhook>;
  remove(id: string, opts?: OrgOption): Promise<void>;
  /** A new secret (answered once); the previous one keeps signing beside it for 24 hours. */
  rotate(id: string, opts?: OrgOption): Promise<WebhookWithSecret>;
  /** Newest first, every page. */
  deliveries(id: string, opts?: OrgOption & PageOption): PagedList<WebhookDelivery, CursorMeta>;
  retry(id: string, deliveryId: string, opts?: OrgOption): Promise<WebhookDelivery>;
  /**
   * True when `rawBody` (as received, before parsing) carries a valid signature of `secret` (`whsec_…`) in the
   * Standard Webhooks headers, with a timestamp within five minutes. WebCrypto, constant-time comparison.
   */
  verify(secret: string, headers: WebhookHeaders, rawBody: string | Uint8Array | ArrayBuffer, options?: VerifyOptions): Promise<boolean>;
}

export interface AuditLogClient {
  /** Newest first, every page; filters as the API names them. */
  list(filters?: AuditLogFilters & OrgOption & PageOption): PagedList<AuditEntry, CursorMeta>;
}

export function webhooksClient(t: Transport, orgOf: OrgResolver): WebhooksClient {
  const one = async (id: string, opts?: OrgOption) => ({ path: { org_id: await orgOf(opts), webhook_id: id } });
  return {
    async list(opts) {
      return (await t.get(WEBHOOKS, { params: { path: { org_id: await orgOf(opts) } } })).data;
    },
    async create(body, opts) {
      const { org, ...fields } = body;
      const path = { org_id: await orgOf(opts?.org ? opts : org ? { org } : {}) };
      return (await t.post(WEBHOOKS, { params: { path }, body: fields })).data;
    },
    async get(id, opts) {
      return (await t.get(ONE, { params: await one(id, opts) })).data;
    },
    async update(id, patch, opts) {
      return (await t.patch(ONE, { params: await one(id, opts), body: patch })).data;
    },
    async remove(id, opts) {
      await t.delete(ONE, { params: await one(id, opts) });
    },
    async rotate(id, opts) {
      return (await t.post(`${ONE}/rotate-secret`, { params: await one(id, opts) })).data;
    },
    deliveries(id, opts = {}) {
      return pagedList(async (cursor) => {
        const query = { limit: opts.pageSize ?? DEFAULT_PAGE_SIZE, ...(cursor ? { cursor } : {}) };
        return t.get(`${ONE}/deliveries`, { params: { ...(await one(id, opts)), query } });
      });
    },
    async retry(id, deliveryId, opts) {
      const path = { org_id: await orgOf(opts), webhook_id: id, delivery_id: deliveryId };
      return (await t.post(`${ONE}/deliveries/{delivery_id}/retry`, { params: { path } })).data;
    },
    verify: verifyWebhook,
  };
}

export function auditLogClient(t: Transport, orgOf: OrgResolver): AuditLogClient {
  return {
    list(filters = {}) {
      const { org, pageSize, ...apiFilters } = filters;
      return pagedList(async (cursor) => {
        const query = { ...apiFilters, limit: pageSize ?? DEFAULT_PAGE_SIZE, ...(cursor ? { cursor } : {}) };
        return t.get('/api/v1/orgs/{org_id}/audit-log', { params: { path: { org_id: await orgOf(org === undefined ? {} : { org }) }, query } });
      });
    },
  };
}
