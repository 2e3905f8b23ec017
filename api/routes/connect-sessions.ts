import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { recordAudit } from '../../db/audit-log.js';
import { createConnectSession, findConnectSession, revokeConnectSession, type ConnectSessionRow } from '../../db/connect-sessions.js';
import { PROVIDERS } from '../../db/providers.js';
import type { Sql } from '../../db/sql.js';
import { formatTimestamp } from '../../db/timestamps.js';
import { requestActor } from '../audit.js';
import { ApiError } from '../errors.js';
import { connectSessionOf } from '../middleware/auth.js';
import { discardBody, readJsonBody } from '../middleware/body.js';
import { sendData } from '../middleware/envelope.js';
import { publicBase, type PublicBaseConfig } from '../public-base.js';
import { orgScope, PROJECT_SLUG, UUID, validationError } from './scope.js';

export const SESSION_TTL = { min: 60, max: 3600, default: 1800 } as const;
const MAX_RETURN_URL = 2048;

export interface ConnectSessionRoutesDeps {
  sql: Sql;
  /** CONNECT_RETURN_ORIGINS, each an origin (`https://app.example`); empty: no return_url is accepted. */
  returnOrigins?: readonly string[];
  /** NODE_ENV=production: return_url must be https. */
  httpsOnly?: boolean;
  /** PUBLIC_URL and HOST:PORT, the base of a session's `url` (api/public-base.ts, as the OAuth redirect URI's). */
  base?: PublicBaseConfig | undefined;
}

/**
 * return_url: where the connect page sends the browser when it is not a popup, and whose origin its postMessage
 * targets. Only origins the operator listed (CONNECT_RETURN_ORIGINS) — otherwise a session could be minted that sends
 * the user, or the connected message, to anyone; https unless the server runs outside production.
 */
function returnUrlSchema(origins: readonly string[], httpsOnly: boolean) {
  return z
    .string({ error: 'must be a string' })
    .max(MAX_RETURN_URL, `must be at most ${MAX_RETURN_URL} characters`)
    .superRefine((value, ctx) => {
      const url = URL.canParse(value) ? new URL(value) : undefined;
      const schemeOk = url !== undefined && (url.protocol === 'https:' || (!httpsOnly && url.protocol === 'http:'));
      if (!url || !schemeOk || url.username !== '' || url.password !== '') {
        ctx.addIssue({ code: 'custom', message: httpsOnly ? 'must be an https URL without credentials' : 'must be an http(s) URL without credentials' });
      } else if (origins.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'is not accepted by this server (CONNECT_RETURN_ORIGINS is empty)' });
      } else if (!origins.includes(url.origin)) {
        ctx.addIssue({ code: 'custom', message: 'must be on an origin listed in CONNECT_RETURN_ORIGINS' });
      }
    })
    .meta({ format: 'uri', description: 'On an origin listed in CONNECT_RETURN_ORIGINS (none listed: refused); https only when the server runs with NODE_ENV=production' });
}

export function connectSessionBodySchema(origins: readonly string[], httpsOnly: boolean) {
  return z.strictObject(
    {
      project_id: z.string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string') }).regex(PROJECT_SLUG, 'must be a project id (^[a-z0-9][a-z0-9_-]{0,99}$)'),
      providers: z
        .array(z.enum(PROVIDERS, { error: `must each be one of ${PROVIDERS.join(', ')}` }), { error: 'must be an array of providers' })
        .min(1, 'must name at least one provider')
        .max(PROVIDERS.length, `must name at most ${PROVIDERS.length} providers`)
        .refine((v) => new Set(v).size === v.length, 'must not repeat a provider')
        .optional()
        .meta({ uniqueItems: true, description: 'What the session may connect; default all eight' }),
      expires_in_seconds: z
        .int({ error: `must be an integer from ${SESSION_TTL.min} to ${SESSION_TTL.max}` })
        .min(SESSION_TTL.min, `must be at least ${SESSION_TTL.min}`)
        .max(SESSION_TTL.max, `must be at most ${SESSION_TTL.max}`)
        .optional()
        .meta({ description: `Lifetime of the session; default ${SESSION_TTL.default}` }),
      return_url: returnUrlSchema(origins, httpsOnly).optional(),
    },
    { error: (iss) => (iss.code === 'unrecognized_keys' ? 'has an unknown field; expected project_id, providers, expires_in_seconds, return_url' : 'must be a JSON object with project_id') },
  );
}

function presentSession(row: ConnectSessionRow) {
  return {
    id: row.id,
    project_id: row.project_id,
    providers: row.providers,
    return_url: row.return_url,
    expires_at: formatTimestamp(row.expires_at),
    created_at: formatTimestamp(row.created_at),
  };
}

function sessionState(row: ConnectSessionRow, now: Date): 'active' | 'expired' | 'revoked' {
  if (row.revoked_at !== null) return 'revoked';
  return row.expires_at.getTime() > now.getTime() ? 'active' : 'expired';
}

/**
 * Connect sessions (docs/api.md → Connect sessions): an API key (audit:write) creates one for a project and some
 * providers and hands its token to a browser; the token is answered once, here, and stored only as its SHA-256.
 * `GET /api/v1/connect-session` is the session's own view of itself (introspection), for the hosted connect page.
 */
export function connectSessionRoutes(deps: ConnectSessionRoutesDeps): Router {
  const { sql } = deps;
  const schema = connectSessionBodySchema(deps.returnOrigins ?? [], deps.httpsOnly ?? false);
  const router = new Router();

  const sessionId = (ctx: Context): string => {
    const id = String(ctx.params.session_id);
    if (!UUID.test(id)) throw new ApiError('not_found', 404);
    return id.toLowerCase();
  };

  router.post('/orgs/:org_id/connect-sessions', async (ctx) => {
    const { key, orgId } = orgScope(ctx, 'audit:write');
    const parsed = schema.safeParse(await readJsonBody(ctx));
    if (!parsed.success) throw validationError(parsed.error);
    const body = parsed.data;
    const { row, token } = await sql.begin(async (tx) => {
      const created = await createConnectSession(tx, {
        orgId,
        projectId: body.project_id,
        providers: body.providers ?? PROVIDERS,
        returnUrl: body.return_url ?? null,
        expiresInSeconds: body.expires_in_seconds ?? SESSION_TTL.default,
        apiKey: key,
      });
      await recordAudit(tx, requestActor(ctx), { orgId, projectId: created.row.project_id, action: 'connect_session_created', targetId: created.row.id });
      return created;
    });
    ctx.set('Cache-Control', 'no-store');
    // The token rides in the fragment: browsers never send it to a server, so it reaches no access log.
    sendData(ctx, { ...presentSession(row), token, url: `${publicBase(ctx, deps.base)}/connect/#session=${token}` }, 201);
  });

  router.get('/orgs/:org_id/connect-sessions/:session_id', async (ctx) => {
    const { orgId } = orgScope(ctx, 'audit:read');
    const row = await findConnectSession(sql, orgId, sessionId(ctx));
    if (!row) throw new ApiError('not_found', 404);
    sendData(ctx, { ...presentSession(row), revoked_at: formatTimestamp(row.revoked_at), state: sessionState(row, new Date()) });
  });

  router.delete('/orgs/:org_id/connect-sessions/:session_id', async (ctx) => {
    const { orgId } = orgScope(ctx, 'audit:write');
    const id = sessionId(ctx);
    await discardBody(ctx);
    const found = await sql.begin(async (tx) => {
      const result = await revokeConnectSession(tx, orgId, id);
      // Revoking twice is no second change: one entry.
      if (result?.outcome === 'revoked') await recordAudit(tx, requestActor(ctx), { orgId, projectId: result.row.project_id, action: 'connect_session_revoked', targetId: id });
      return result !== undefined;
    });
    if (!found) throw new ApiError('not_found', 404);
    ctx.status = 204;
  });

  // Only for a session (the gate lets sessions in; an API key has GET /api/v1/me instead).
  router.get('/connect-session', (ctx) => {
    const session = connectSessionOf(ctx);
    if (!session) throw new ApiError('forbidden', 403, 'Only a connect session token may call this; an API key has GET /api/v1/me.');
    ctx.set('Cache-Control', 'no-store');
    sendData(ctx, {
      id: session.id,
      org_id: session.org_id,
      project_id: session.project_id,
      providers: session.providers,
      return_url: session.return_url,
      expires_at: formatTimestamp(session.expires_at),
    });
  });

  return router;
}
