import Router from '@koa/router';
import { z } from 'zod';
import { AUDIT_ACTIONS, auditEntryExists, listAuditLog } from '../../db/audit-log.js';
import { PROVIDERS } from '../../db/providers.js';
import type { Sql } from '../../db/sql.js';
import { ApiError } from '../errors.js';
import { sendData } from '../middleware/envelope.js';
import { presentAuditEntry } from '../presenters-webhooks.js';
import { instantQuery } from './query.js';
import { orgScope, validationError } from './scope.js';
import { decodeCursor, DEFAULT_SYNC_RUNS_LIMIT, encodeCursor, ListQuerySchema } from './sync-runs.js';

export const AuditLogQuerySchema = ListQuerySchema.extend({
  project_id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,99}$/, 'must be a project id').optional(),
  provider: z.enum(PROVIDERS, { error: `must be one of ${PROVIDERS.join(', ')}` }).optional(),
  action: z.enum(AUDIT_ACTIONS, { error: `must be one of ${AUDIT_ACTIONS.join(', ')}` }).optional(),
  // As UTC text within the years Postgres reads (year 0000 and offsets past ±15:59 were a 500): api/routes/query.ts.
  since: instantQuery('Entries at or after this instant').optional(),
  until: instantQuery('Entries before this instant').optional(),
});

/** `GET /api/v1/orgs/:org_id/audit-log` (audit:read): newest first, cursor-paginated, filtered. */
export function auditLogRoutes(deps: { sql: Sql }): Router {
  const { sql } = deps;
  const router = new Router({ prefix: '/orgs/:org_id/audit-log' });

  router.get('/', async (ctx) => {
    const { orgId } = orgScope(ctx, 'audit:read');
    const query = AuditLogQuerySchema.safeParse(ctx.query);
    if (!query.success) throw validationError(query.error, 'query');
    const q = query.data;
    const afterId = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    if (q.cursor !== undefined && (afterId === undefined || !(await auditEntryExists(sql, orgId, afterId)))) throw new ApiError('validation_failed', 422, 'cursor is invalid');
    const limit = q.limit ?? DEFAULT_SYNC_RUNS_LIMIT;
    const rows = await listAuditLog(sql, {
      orgId,
      projectId: q.project_id,
      provider: q.provider,
      action: q.action,
      since: q.since === undefined ? undefined : new Date(q.since),
      until: q.until === undefined ? undefined : new Date(q.until),
      limit: limit + 1,
      afterId,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    sendData(ctx, page.map(presentAuditEntry), 200, { next_cursor: rows.length > limit && last ? encodeCursor(last.id) : null });
  });

  return router;
}
