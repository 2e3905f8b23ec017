import type { Context } from 'koa';
import type { z } from 'zod';
import type { ApiKeyRow, Scope } from '../../db/api-keys.js';
import type { ConnectSessionRow } from '../../db/connect-sessions.js';
import { isProvider, type Provider } from '../../db/providers.js';
import { ApiError } from '../errors.js';
import { apiKeyOf, authorize, connectSessionOf, SESSION_FORBIDDEN } from '../middleware/auth.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const PROJECT_SLUG = /^[a-z0-9][a-z0-9_-]{0,99}$/;

export interface Scoped {
  key: ApiKeyRow;
  orgId: string;
  projectId: string;
}

function projectPath(ctx: Context): { orgId: string; projectId: string } {
  const orgId = String(ctx.params.org_id);
  const projectId = String(ctx.params.project_id);
  if (!UUID.test(orgId) || !PROJECT_SLUG.test(projectId)) throw new ApiError('not_found', 404);
  return { orgId: orgId.toLowerCase(), projectId };
}

/** 404 for ids that cannot exist, then 403 unless this key may act on the org with the scope (a connect session: 403). */
export function scope(ctx: Context, needed: Scope): Scoped {
  const { orgId, projectId } = projectPath(ctx);
  const key = apiKeyOf(ctx);
  authorize(key, orgId, needed);
  return { key, orgId, projectId };
}

/** Who may act through connectScope: an API key, or a connect session (with its creating key's id in the session). */
export type ConnectScoped = { orgId: string; projectId: string } & ({ key: ApiKeyRow; session?: undefined } | { key?: undefined; session: ConnectSessionRow });

/**
 * scope() for the routes a connect session may call (api/middleware/connect-session-gate.ts SESSION_ROUTES): an API key
 * as scope() checks it, or a session of this org and project, and of the path's provider when the path names one of
 * the eight (another name is the route's 422); anything else is 403.
 */
export function connectScope(ctx: Context, needed: Scope): ConnectScoped {
  const session = connectSessionOf(ctx);
  if (!session) return scope(ctx, needed);
  const { orgId, projectId } = projectPath(ctx);
  const provider = ctx.params.provider === undefined ? undefined : String(ctx.params.provider);
  const providerRefused = provider !== undefined && isProvider(provider) && !session.providers.includes(provider);
  if (session.org_id !== orgId || session.project_id !== projectId || providerRefused) throw new ApiError('forbidden', 403, SESSION_FORBIDDEN);
  return { session, orgId, projectId };
}

/** Org-level resources (webhooks, the audit log): 404 for an org id that cannot exist, then the org and scope check. */
export function orgScope(ctx: Context, needed: Scope): { key: ApiKeyRow; orgId: string } {
  const orgId = String(ctx.params.org_id);
  if (!UUID.test(orgId)) throw new ApiError('not_found', 404);
  const key = apiKeyOf(ctx);
  authorize(key, orgId.toLowerCase(), needed);
  return { key, orgId: orgId.toLowerCase() };
}

/** 422 invalid_provider for anything but the eight providers. */
export function providerParam(ctx: Context): Provider {
  const provider = String(ctx.params.provider);
  if (!isProvider(provider)) throw new ApiError('invalid_provider', 422);
  return provider;
}

/**
 * Names the failing field, never the value: schemas phrase their messages as predicates ("must be …"), and zod's own
 * fallbacks only name types.
 */
export function validationError(error: z.ZodError, what = 'body'): ApiError {
  const issue = error.issues[0];
  const path = (issue?.path ?? []).map((p, i) => (i === 0 || /^[A-Za-z0-9_-]{1,64}$/.test(String(p)) ? String(p) : '<key>'));
  const field = path.length > 0 ? path.join('.') : what;
  return new ApiError('validation_failed', 422, `${field} ${issue?.message ?? 'is invalid'}`);
}
