import type { InboundChange, InboundChangeKind } from '../../db/inbound-deliveries.js';

/** A delivery as the schemes see it: headers (absent and empty are the same) and the raw body, unparsed. */
export interface InboundRequest {
  header(name: string): string | undefined;
  body: Buffer;
}

export interface VerifyKeys {
  /** The hook's signing secret, or the stand-in for an unknown hook (api/inbound/signatures.ts). */
  secret: string;
  /** JIRA_CLIENT_SECRET: Jira signs the dynamic webhooks of OAuth 2.0 apps with a JWT under it (api/inbound/jira.ts). */
  jiraAppSecret?: string | undefined;
}

/**
 * One provider's documented webhook scheme (docs/providers.md → Inbound webhooks names each source). `verify` runs on
 * the raw bytes before anything is parsed; the rest only on a verified delivery.
 */
export interface InboundScheme {
  /** Constant time in the secret: true when the request carries a valid signature under `keys`. */
  verify(req: InboundRequest, keys: VerifyKeys, nowMs: number): boolean;
  /** The provider's delivery id (the same on its retries); undefined: the body's digest stands in. */
  deliveryId(req: InboundRequest): string | undefined;
  /** False when the delivery is outside the provider's timestamp window: acknowledged, without effect. */
  fresh(req: InboundRequest, payload: unknown, nowMs: number): boolean;
  /** The change that matters to a finding, or undefined (another event or action: acknowledged and dropped). */
  reduce(req: InboundRequest, payload: unknown): InboundChange | undefined;
}

/** A provider's time as ISO 8601 (a date string, or epoch milliseconds), or null when there is none to read. */
export function eventTime(value: unknown): string | null {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : null;
}

/** `actions` maps the provider's action names to ours; anything else is undefined (prototype keys included). */
export function kindOf(actions: Readonly<Record<string, InboundChangeKind>>, action: string): InboundChangeKind | undefined {
  return Object.hasOwn(actions, action) ? actions[action] : undefined;
}

/** `sha256=<hex>` (GitHub's X-Hub-Signature-256, WebSub's X-Hub-Signature as Jira sends it): the hex part. */
export function sha256Param(value: string | undefined): string | undefined {
  return value?.startsWith('sha256=') ? value.slice('sha256='.length) : undefined;
}
