import { z } from 'zod';
import { hexHmacMatches } from './signatures.js';
import { eventTime, kindOf, sha256Param, type InboundScheme } from './scheme.js';

/**
 * GitHub repository webhooks (https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries):
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body under the hook's secret>`, `X-GitHub-Delivery` (a GUID kept
 * on redelivery), `X-GitHub-Event: issues` with `action` closed, reopened or deleted
 * (https://docs.github.com/en/webhooks/webhook-events-and-payloads#issues). No timestamp is signed.
 */
const Payload = z.object({
  action: z.string(),
  issue: z.object({ number: z.number().int().positive(), updated_at: z.string().nullish() }),
});

const ACTIONS = { closed: 'closed', reopened: 'reopened', deleted: 'deleted' } as const;

export const github: InboundScheme = {
  verify: (req, { secret }) => hexHmacMatches(secret, req.body, sha256Param(req.header('x-hub-signature-256'))),
  deliveryId: (req) => req.header('x-github-delivery'),
  fresh: () => true,
  reduce(req, payload) {
    if (req.header('x-github-event') !== 'issues') return undefined;
    const parsed = Payload.safeParse(payload);
    const kind = parsed.success ? kindOf(ACTIONS, parsed.data.action) : undefined;
    if (!parsed.success || !kind) return undefined;
    // The issue number: finding_tasks.external_id as the GitHub adapter stores it.
    return { kind, ref: String(parsed.data.issue.number), at: eventTime(parsed.data.issue.updated_at) };
  },
};
