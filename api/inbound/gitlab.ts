import { z } from 'zod';
import { tokenMatches } from './signatures.js';
import { eventTime, kindOf, type InboundScheme } from './scheme.js';

/**
 * GitLab project webhooks (https://docs.gitlab.com/ee/user/project/integrations/webhooks.html): `X-Gitlab-Token` carries the
 * hook's secret token itself (no HMAC), compared here as SHA-256 digests in constant time. `Idempotency-Key` (GitLab
 * 17.4+) is the same on every retry of a delivery; older versions send `X-Gitlab-Event-UUID`. Issue events
 * (`X-Gitlab-Event: Issue Hook`, confidential ones `Confidential Issue Hook`) carry `object_attributes.action` open,
 * close, reopen or update (https://docs.gitlab.com/ee/user/project/integrations/webhook_events.html).
 * GitLab sends no event when an issue is deleted. No timestamp is signed.
 */
const Payload = z.object({
  object_kind: z.string(),
  object_attributes: z.object({ iid: z.number().int().positive(), action: z.string().nullish(), updated_at: z.string().nullish() }),
});

const EVENTS = new Set(['Issue Hook', 'Confidential Issue Hook']);
const ACTIONS = { close: 'closed', reopen: 'reopened' } as const;

export const gitlab: InboundScheme = {
  verify: (req, { secret }) => tokenMatches(secret, req.header('x-gitlab-token')),
  deliveryId: (req) => req.header('idempotency-key') ?? req.header('x-gitlab-event-uuid'),
  fresh: () => true,
  reduce(req, payload) {
    if (!EVENTS.has(req.header('x-gitlab-event') ?? '')) return undefined;
    const parsed = Payload.safeParse(payload);
    if (!parsed.success || !['issue', 'work_item'].includes(parsed.data.object_kind)) return undefined;
    const kind = kindOf(ACTIONS, parsed.data.object_attributes.action ?? '');
    // The project-scoped iid: finding_tasks.external_id as the GitLab adapter stores it.
    return kind && { kind, ref: String(parsed.data.object_attributes.iid), at: eventTime(parsed.data.object_attributes.updated_at) };
  },
};
