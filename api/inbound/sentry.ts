import { z } from 'zod';
import { hexHmacMatches } from './signatures.js';
import { kindOf, type InboundScheme } from './scheme.js';

/**
 * Sentry integration-platform webhooks (https://docs.sentry.io/integrations/integration-platform/webhooks/):
 * `Sentry-Hook-Signature` is the hex HMAC-SHA256 of the body under the integration's client secret (Sentry issues it;
 * the user gives it to us). `Sentry-Hook-Resource: issue` with `action` resolved or unresolved
 * (https://docs.sentry.io/integrations/integration-platform/webhooks/, "issues"), `Request-ID` identifies
 * the delivery, `Sentry-Hook-Timestamp` (epoch seconds) when it was sent. Sentry's signature covers the body only: the
 * timestamp window below keeps out stale deliveries, but replay protection rests on the body digest (db/inbound-deliveries).
 */
export const SENTRY_WINDOW_MS = 5 * 60_000;

const Payload = z.object({ action: z.string(), data: z.object({ issue: z.object({ id: z.union([z.string().min(1).max(200), z.number().int()]) }) }) });

const ACTIONS = { resolved: 'resolved', unresolved: 'unresolved' } as const;

export const sentry: InboundScheme = {
  verify: (req, { secret }) => hexHmacMatches(secret, req.body, req.header('sentry-hook-signature')),
  deliveryId: (req) => req.header('request-id'),
  fresh(req, _payload, nowMs) {
    const value = Number(req.header('sentry-hook-timestamp'));
    // Epoch seconds (a fractional part allowed); a value in milliseconds is read as such.
    const ms = value > 1e12 ? value : value * 1000;
    return Number.isFinite(ms) && Math.abs(nowMs - ms) <= SENTRY_WINDOW_MS;
  },
  reduce(req, payload) {
    if (req.header('sentry-hook-resource') !== 'issue') return undefined;
    const parsed = Payload.safeParse(payload);
    const kind = parsed.success ? kindOf(ACTIONS, parsed.data.action) : undefined;
    // The Sentry issue id: findings.source_ref as the periodic pull stores it. Sentry's payload has no time of the change.
    return parsed.success && kind ? { kind, ref: String(parsed.data.data.issue.id), at: null } : undefined;
  },
};
