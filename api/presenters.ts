import { isInboundProvider } from '../db/inbound-hooks.js';
import { UNAVAILABLE_REASON, type RealtimeState } from '../db/inbound-registration.js';
import { PROVIDERS, type Provider } from '../db/providers.js';

// Integration rows are presented by Postgres (db/integrations.ts presentedJsonSql: the field list, the timestamp
// format, `credentials: {}` on a disconnected row); only the never-connected placeholders are built here.

/** A never-connected provider, with the spec's quirks: `inserted_at` instead of `created_at`, and `credentials: {}`. */
function presentPlaceholder(provider: Provider) {
  return {
    id: null,
    provider,
    status: 'disconnected' as const,
    credentials: {},
    last_sync_at: null,
    inserted_at: null,
    updated_at: null,
  };
}

/** presentPlaceholder of each provider as JSON text, in the catalog's order: the list appends them to its rows. */
export const PLACEHOLDER_JSON = new Map(PROVIDERS.map((provider) => [provider, JSON.stringify(presentPlaceholder(provider))]));

/**
 * The list's `data`: the project's rows as Postgres rendered them, then a placeholder for each provider not among them;
 * with `only` (a connect session's providers), the entries of those providers alone.
 */
export function integrationListJson(rows: readonly { provider: string; json: string }[], only?: readonly Provider[]): string {
  const shown = (provider: string) => only === undefined || (only as readonly string[]).includes(provider);
  const items = rows.filter((r) => shown(r.provider)).map((r) => r.json);
  for (const [provider, placeholder] of PLACEHOLDER_JSON) if (shown(provider) && !rows.some((r) => r.provider === provider)) items.push(placeholder);
  return `[${items.join(',')}]`;
}

/** The single GET's `realtime`: the inbound webhook's state, its URL once the hook exists, its secret only when asked for. */
export interface RealtimeView {
  state: RealtimeState;
  reason: string | null;
  url: string | null;
  secret: string | null;
}

/** Before any sync registered anything: `pending` for the five that push webhooks, `unavailable` for the others. */
export function initialRealtime(provider: Provider): RealtimeView {
  return isInboundProvider(provider) ? { state: 'pending', reason: null, url: null, secret: null } : { state: 'unavailable', reason: UNAVAILABLE_REASON, url: null, secret: null };
}

/** A detail row's JSON text (an object, as Postgres rendered it) with `realtime` as its last field. */
export function withRealtime(detailJson: string, realtime: RealtimeView): string {
  return `${detailJson.slice(0, detailJson.lastIndexOf('}'))},"realtime":${JSON.stringify(realtime)}}`;
}

/**
 * The single GET of a never-connected provider: its placeholder (with the spec's quirks) plus the defaults a row starts
 * with — no own interval, not paused, nothing due, health unknown, no webhook yet.
 */
export const PLACEHOLDER_DETAIL_JSON = new Map(
  PROVIDERS.map((provider) => [
    provider,
    JSON.stringify({
      ...presentPlaceholder(provider),
      settings: { sync_interval_seconds: null, paused: false },
      next_sync_at: null,
      health: { state: 'unknown', reason: null, checked_at: null, credentials_expire_at: null },
      realtime: initialRealtime(provider),
    }),
  ]),
);
