import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { INBOUND_PROVIDERS } from '../../db/inbound-hooks.js';
import { errors, json, V1, v1Responses } from './common.js';
import { envelope } from './schemas.js';

/** POST /api/v1/inbound/{provider}/{hook_id} (issue 28): the providers' own signed webhooks, no API key. */
export function registerInboundPaths(registry: OpenAPIRegistry): void {
  const answer = (statuses: readonly [string, ...string[]]) => json(envelope(z.strictObject({ status: z.enum(statuses) })));
  registry.registerPath({
    method: 'post',
    path: `${V1}/inbound/{provider}/{hook_id}`,
    tags: ['Inbound webhooks'],
    summary: "A provider's webhook (GitHub, GitLab, Jira, Linear, Sentry)",
    description:
      "Called by the provider, not by API clients: no API key, authenticated by the provider's own signature over the raw " +
      'body with the hook\'s secret (docs/providers.md → Inbound webhooks: GitHub `X-Hub-Signature-256`, GitLab ' +
      '`X-Gitlab-Token`, Jira `X-Hub-Signature` or the OAuth app\'s JWT, Linear `Linear-Signature` with `webhookTimestamp`, ' +
      'Sentry `Sentry-Hook-Signature`). The URL and secret of an integration are in its `realtime` detail. At most 1 MiB. ' +
      'An unknown hook and a bad signature are the same 401; refusals are limited per client address ' +
      '(INBOUND_FAILURES_PER_MINUTE). What matters (an issue closed, reopened or deleted; a Sentry issue resolved or ' +
      'unresolved) is stored before the answer and applied by the worker within seconds.',
    request: {
      params: z.object({
        provider: z.enum(INBOUND_PROVIDERS),
        hook_id: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/).meta({ description: 'The hook\'s address token (not a secret)' }),
      }),
      body: { required: true, content: json(z.record(z.string(), z.unknown()).meta({ description: "The provider's event, as it sends it (application/json)" })) },
    },
    responses: v1Responses({
      202: { description: 'Verified and stored: the change is applied within seconds', content: answer(['accepted']) },
      200: {
        description: 'Verified, without effect: `duplicate` (this delivery, or this signed body, was stored before), `stale` (outside the provider\'s timestamp window), `ignored` (an event or action that changes no finding)',
        content: answer(['duplicate', 'stale', 'ignored']),
      },
      ...errors('bad_request', 'invalid_json', 'invalid_signature', 'not_found', 'payload_too_large', 'rate_limited', 'unavailable'),
    }),
  });
}
