import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { hexHmacMatches, hmacSha256, STAND_IN_SECRET } from './signatures.js';
import { eventTime, sha256Param, type InboundRequest, type InboundScheme } from './scheme.js';

/**
 * Jira Cloud webhooks (https://developer.atlassian.com/cloud/jira/platform/webhooks/), two documented ways in:
 * - Admin webhooks registered with a secret (REST `POST /rest/webhooks/1.0/webhook` or the admin page): WebSub-style
 *   `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body under the secret>` ("Secure admin webhooks").
 * - Dynamic webhooks an OAuth 2.0 app registers (`POST /rest/api/3/webhook`) take no secret: each request carries
 *   `Authorization: Bearer <JWT>` signed (HS256) with the app's client secret ("Webhooks authentication for OAuth 2.0
 *   apps"). That proves Jira sent it, not what the body says (the JWT does not cover the body), and the key is the
 *   app's, shared by every integration: accepted only when JIRA_CLIENT_SECRET is configured, with `exp` checked.
 * `X-Atlassian-Webhook-Identifier` is the same on every retry. Events: `jira:issue_updated` (the issue's status
 * category `done` = closed, as the Jira adapter reads it) and `jira:issue_deleted`; `timestamp` (epoch ms) is the time.
 */
const Payload = z.object({
  webhookEvent: z.string(),
  timestamp: z.number().nullish(),
  issue: z.object({
    key: z.string().min(1).max(200),
    fields: z.object({ status: z.object({ statusCategory: z.object({ key: z.string().nullish() }).nullish() }).nullish() }).nullish(),
  }),
});

/** Clock skew allowed on the JWT's `exp`. */
const JWT_LEEWAY_S = 30;

function jwtMatches(appSecret: string | undefined, authorization: string | undefined, nowMs: number): boolean {
  const token = authorization?.match(/^Bearer\s+([\w-]+\.[\w-]+\.[\w-]+)$/i)?.[1];
  const [header = '', claims = '', signature = ''] = token?.split('.') ?? [];
  const expected = hmacSha256(appSecret ?? STAND_IN_SECRET, `${header}.${claims}`);
  const provided = Buffer.from(signature, 'base64url');
  const sameLength = provided.length === expected.length;
  const signed = timingSafeEqual(sameLength ? provided : Buffer.alloc(expected.length), expected) && sameLength;
  if (!signed || appSecret === undefined || token === undefined) return false;
  try {
    const alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
    const exp = (JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return alg === 'HS256' && (exp === undefined || (typeof exp === 'number' && exp + JWT_LEEWAY_S > nowMs / 1000));
  } catch {
    return false;
  }
}

/** Which way the request claims to be signed: the hub signature when present, else the OAuth app's JWT. */
const hubSignature = (req: InboundRequest) => req.header('x-hub-signature');

export const jira: InboundScheme = {
  verify(req, { secret, jiraAppSecret }, nowMs) {
    const hub = hubSignature(req);
    return hub !== undefined ? hexHmacMatches(secret, req.body, sha256Param(hub)) : jwtMatches(jiraAppSecret, req.header('authorization'), nowMs);
  },
  deliveryId: (req) => req.header('x-atlassian-webhook-identifier'),
  fresh: () => true,
  reduce(_req, payload) {
    const parsed = Payload.safeParse(payload);
    if (!parsed.success) return undefined;
    const { webhookEvent, issue, timestamp } = parsed.data;
    // The issue key: finding_tasks.external_id as the Jira adapter stores it.
    const at = eventTime(timestamp);
    if (webhookEvent === 'jira:issue_deleted') return { kind: 'deleted', ref: issue.key, at };
    const category = issue.fields?.status?.statusCategory?.key;
    if (webhookEvent !== 'jira:issue_updated' || !category) return undefined;
    return { kind: category === 'done' ? 'closed' : 'reopened', ref: issue.key, at };
  },
};
