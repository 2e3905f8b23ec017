import { z } from 'zod';
import { hexHmacMatches } from './signatures.js';
import { eventTime, type InboundScheme } from './scheme.js';

/**
 * Linear webhooks (https://linear.app/developers/webhooks): `Linear-Signature` is the hex HMAC-SHA256 of the raw body
 * under the webhook's signing secret; the body's `webhookTimestamp` (epoch ms, so signed) must be within a minute of
 * now, as Linear asks receivers to check; `Linear-Delivery` identifies the delivery. Issue events (`type: Issue`):
 * `update` carries the issue with its workflow state (`state.type` completed or canceled = closed, as the Linear adapter
 * reads it), `remove` means deleted.
 */
export const LINEAR_WINDOW_MS = 60_000;

const Payload = z.object({
  action: z.string(),
  type: z.string(),
  webhookTimestamp: z.number().nullish(),
  data: z.object({ id: z.string().min(1).max(200), updatedAt: z.string().nullish(), state: z.object({ type: z.string().nullish() }).nullish() }),
});

export const linear: InboundScheme = {
  verify: (req, { secret }) => hexHmacMatches(secret, req.body, req.header('linear-signature')),
  deliveryId: (req) => req.header('linear-delivery'),
  fresh(_req, payload, nowMs) {
    const ts = (payload as { webhookTimestamp?: unknown } | null)?.webhookTimestamp;
    return typeof ts === 'number' && Math.abs(nowMs - ts) <= LINEAR_WINDOW_MS;
  },
  reduce(_req, payload) {
    const parsed = Payload.safeParse(payload);
    if (!parsed.success || parsed.data.type !== 'Issue') return undefined;
    const { action, data } = parsed.data;
    // The id: finding_tasks.external_id as the Linear adapter stores it.
    const at = eventTime(data.updatedAt);
    if (action === 'remove') return { kind: 'deleted', ref: data.id, at };
    if (action !== 'update' || !data.state?.type) return undefined;
    const closed = data.state.type === 'completed' || data.state.type === 'canceled';
    return { kind: closed ? 'closed' : 'reopened', ref: data.id, at };
  },
};
