import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { bearer, errors, json, PROJECT, ProviderParams, SCOPED_FAILURES, v1Responses } from './common.js';
import { envelope, IntegrationSchema } from './schemas.js';

/** POST …/resync (issue 26): answered exactly as POST …/sync, with its own trigger. */
export function registerResyncPaths(registry: OpenAPIRegistry): void {
  const responses: Record<string, ResponseConfig> = {
    202: { description: 'Resync enqueued', content: json(envelope(IntegrationSchema)) },
    ...errors(...SCOPED_FAILURES, 'invalid_provider', 'not_connected', 'request_failed'),
  };
  registry.registerPath({
    security: bearer,
    method: 'post',
    path: `${PROJECT}/integrations/{provider}/resync`,
    tags: ['Integrations'],
    summary: 'Start a full resync',
    description:
      'Scope audit:write. A sync recorded with trigger `full_resync`: the links between findings and tracker issues are ' +
      'forgotten and every open finding is matched again to its issue by the marker in it (an issue is created only ' +
      'where none carries the marker), and everything is pulled again. Answers at once with the row `syncing`, as POST ' +
      '…/sync does; a sync already running is followed by the resync. Any body is ignored. Audited as `resync_requested`.',
    request: { params: ProviderParams },
    responses: v1Responses(responses),
  });
}
