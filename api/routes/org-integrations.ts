import Router from '@koa/router';
import { z } from 'zod';
import { HEALTH_STATES, listOrgIntegrations, orgIntegrationExists } from '../../db/integration-settings.js';
import { INTEGRATION_STATUSES, PROVIDERS } from '../../db/providers.js';
import type { Sql } from '../../db/sql.js';
import { ApiError } from '../errors.js';
import { sendRenderedData } from '../middleware/envelope.js';
import { intQuery } from './query.js';
import { orgScope, validationError } from './scope.js';
import { decodeCursor, encodeCursor } from './sync-runs.js';

export const DEFAULT_ORG_INTEGRATIONS_LIMIT = 50;
export const MAX_ORG_INTEGRATIONS_LIMIT = 100;
/** Values one comma-list filter may hold. */
const MAX_FILTER_VALUES = 50;

/**
 * A comma-separated list of `item` (a regex source), at most MAX_FILTER_VALUES, as the de-duplicated array. The pattern
 * is what the OpenAPI document shows, so a client (or a fuzzer) that follows it is never refused.
 */
function commaList<T extends string>(item: string, message: string) {
  return z
    .string({ error: message })
    .regex(new RegExp(`^${item}(?:,${item}){0,${MAX_FILTER_VALUES - 1}}$`), message)
    .transform((value) => [...new Set(value.split(','))] as T[]);
}
const oneOf = (values: readonly string[]) => `(?:${values.join('|')})`;

export const OrgIntegrationsQuerySchema = z.object({
  project_id: commaList<string>('[a-z0-9][a-z0-9_-]{0,99}', `must be a comma-separated list of at most ${MAX_FILTER_VALUES} project ids`)
    .optional()
    .meta({ description: 'Only these projects (comma-separated)' }),
  provider: commaList<(typeof PROVIDERS)[number]>(oneOf(PROVIDERS), `must be a comma-separated list of ${PROVIDERS.join(', ')}`)
    .optional()
    .meta({ description: 'Only these providers (comma-separated)' }),
  status: commaList<(typeof INTEGRATION_STATUSES)[number]>(oneOf(INTEGRATION_STATUSES), `must be a comma-separated list of ${INTEGRATION_STATUSES.join(', ')}`)
    .optional()
    .meta({ description: 'Only these statuses (comma-separated)' }),
  health: commaList<(typeof HEALTH_STATES)[number]>(oneOf(HEALTH_STATES), `must be a comma-separated list of ${HEALTH_STATES.join(', ')}`)
    .optional()
    .meta({ description: 'Only these health states (comma-separated)' }),
  limit: intQuery(1, MAX_ORG_INTEGRATIONS_LIMIT).optional().meta({ description: `Rows per page (default ${DEFAULT_ORG_INTEGRATIONS_LIMIT})` }),
  cursor: z.string().max(200).optional().meta({ description: 'meta.next_cursor of the previous page' }),
});

/**
 * `GET /api/v1/orgs/:org_id/integrations` (audit:read): every integration row of the org across its projects (no
 * placeholders), in (project_id, provider) order, cursor-paginated, each as the single GET shows it.
 */
export function orgIntegrationRoutes(deps: { sql: Sql }): Router {
  const { sql } = deps;
  const router = new Router({ prefix: '/orgs/:org_id/integrations' });

  router.get('/', async (ctx) => {
    const { orgId } = orgScope(ctx, 'audit:read');
    const query = OrgIntegrationsQuerySchema.safeParse(ctx.query);
    if (!query.success) throw validationError(query.error, 'query');
    const q = query.data;
    const afterId = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    if (q.cursor !== undefined && afterId === undefined) throw new ApiError('validation_failed', 422, 'cursor is invalid');
    const limit = q.limit ?? DEFAULT_ORG_INTEGRATIONS_LIMIT;
    const rows = await listOrgIntegrations(sql, { orgId, projectIds: q.project_id, providers: q.provider, statuses: q.status, healths: q.health, limit: limit + 1, afterId });
    // One query per page: only an empty page after a cursor needs telling apart from a cursor this org never issued.
    if (afterId !== undefined && rows.length === 0 && !(await orgIntegrationExists(sql, orgId, afterId))) throw new ApiError('validation_failed', 422, 'cursor is invalid');
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    sendRenderedData(ctx, `[${page.map((r) => r.json).join(',')}]`, 200, { next_cursor: rows.length > limit && last ? encodeCursor(last.id) : null });
  });

  return router;
}
