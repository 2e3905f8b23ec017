import Router from '@koa/router';
import { z } from 'zod';
import { HTTP_URL_MESSAGE, HTTP_URL_PATTERN, isHttpUrl, NUL, WHITESPACE } from '../../db/http-url.js';
import { listTasksForFindings } from '../../db/finding-tasks.js';
import { FINDING_STATUSES, listFindings, SEVERITIES, type FindingCursor } from '../../db/findings.js';
import type { Sql } from '../../db/sql.js';
import { ApiError } from '../errors.js';
import { readJsonBody } from '../middleware/body.js';
import { sendData } from '../middleware/envelope.js';
import { presentFinding } from '../presenters-findings.js';
import { createFindingWithinQuota, DEFAULT_QUOTAS, setFindingStatusWithinQuota, type Quotas } from '../quotas.js';
import { instantQuery, intQuery, queryOf } from './query.js';
import { scope, UUID, validationError } from './scope.js';

/**
 * Messages are predicates on the field name, so the 422 says what is wrong without echoing the value. NUL is refused
 * here (422) because Postgres cannot store it in text.
 */
const text = (max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string') })
    .max(max, `must be at most ${max} characters`)
    .regex(new RegExp(`^[^${NUL}]*$`), 'must not contain NUL characters');
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (iss) => (iss.input === undefined ? 'is required' : `must be one of ${values.join(', ')}`) });
const httpUrl = text(2048)
  .refine(isHttpUrl, HTTP_URL_MESSAGE)
  .meta({ format: 'uri', pattern: HTTP_URL_PATTERN, description: 'An absolute http(s) URL (WHATWG URL syntax)' });

export const CreateFindingSchema = z.object(
  {
    title: text(300).trim().min(1, 'must not be empty').meta({ pattern: `^[^${NUL}]*[^${WHITESPACE}${NUL}][^${NUL}]*$`, description: 'Not blank, no NUL; stored trimmed' }),
    description: text(20_000).nullish(),
    severity: oneOf(SEVERITIES),
    url: httpUrl.nullish(),
    category: text(100).nullish(),
  },
  { error: 'must be a JSON object' },
);

export const UpdateFindingSchema = z.object({ status: oneOf(FINDING_STATUSES) }, { error: 'must be a JSON object' });

export const ListQuerySchema = z.object({
  limit: intQuery(1, 100).optional(),
  cursor: z.string().max(200, 'is invalid').optional(),
  status: oneOf(FINDING_STATUSES).optional(),
  severity: oneOf(SEVERITIES).optional(),
  // Inclusive, so a script that passes the newest updated_at it has seen (second precision) misses nothing changed in
  // that same second; it sees those rows again instead. Without `status`, resolved findings are listed too.
  updated_since: instantQuery('Only findings updated at or after this instant (inclusive); resolved ones included unless `status` is given').optional(),
});

/** Opaque to clients: base64url of the last row's created_at (microseconds) and id. */
export function encodeCursor(cursor: FindingCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdUs, cursor.id])).toString('base64url');
}

function decodeCursor(value: string): FindingCursor {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && /^\d{1,20}$/.test(parsed[0]) && typeof parsed[1] === 'string' && UUID.test(parsed[1])) {
      return { createdUs: parsed[0], id: parsed[1] };
    }
  } catch {
    // Falls through to the 422 below.
  }
  throw new ApiError('validation_failed', 422, 'cursor is invalid');
}

export function findingRoutes(deps: { sql: Sql; quotas?: Quotas }): Router {
  const { sql } = deps;
  const quotas = deps.quotas ?? DEFAULT_QUOTAS;
  const router = new Router({ prefix: '/orgs/:org_id/projects/:project_id/audit/findings' });

  router.get('/', async (ctx) => {
    const project = scope(ctx, 'audit:read');
    const parsed = ListQuerySchema.safeParse(queryOf(ctx));
    if (!parsed.success) throw validationError(parsed.error, 'query');
    const { limit = 50, cursor, status, severity, updated_since: updatedSince } = parsed.data;
    const page = await listFindings(sql, project, { limit, after: cursor ? decodeCursor(cursor) : undefined, status, severity, updatedSince });
    const tasks = await listTasksForFindings(sql, page.rows.map((r) => r.id));
    sendData(ctx, page.rows.map((r) => presentFinding(r, tasks)), 200, {
      total: page.total,
      next_cursor: page.next ? encodeCursor(page.next) : null,
    });
  });

  router.post('/', async (ctx) => {
    const project = scope(ctx, 'audit:write');
    const parsed = CreateFindingSchema.safeParse((await readJsonBody(ctx)) ?? {});
    if (!parsed.success) throw validationError(parsed.error);
    const row = await createFindingWithinQuota(sql, quotas, project, parsed.data);
    sendData(ctx, presentFinding(row, []), 201);
  });

  router.patch('/:id', async (ctx) => {
    const project = scope(ctx, 'audit:write');
    const id = String(ctx.params.id);
    if (!UUID.test(id)) throw new ApiError('not_found', 404);
    const parsed = UpdateFindingSchema.safeParse((await readJsonBody(ctx)) ?? {});
    if (!parsed.success) throw validationError(parsed.error);
    const row = await setFindingStatusWithinQuota(sql, quotas, project, id.toLowerCase(), parsed.data.status);
    if (!row) throw new ApiError('not_found', 404);
    sendData(ctx, presentFinding(row, await listTasksForFindings(sql, [row.id])));
  });

  return router;
}
