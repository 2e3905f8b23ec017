import type { Context } from 'koa';
import type { z } from 'zod';
import type { ApiKeyRow, Scope } from '../../db/api-keys.js';
import { isProvider, type Provider } from '../../db/providers.js';
import { ApiError } from '../errors.js';
import { authorize } from '../middleware/auth.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const PROJECT_SLUG = /^[a-z0-9][a-z0-9_-]{0,99}$/;

export interface Scoped {
  key: ApiKeyRow;
  orgId: string;
  projectId: string;
}

/** 404 for ids that cannot exist, then 403 unless this key may act on the org with the scope. */
export function scope(ctx: Context, needed: Scope): Scoped {
  const orgId = String(ctx.params.org_id);
  const projectId = String(ctx.params.project_id);
  if (!UUID.test(orgId) || !PROJECT_SLUG.test(projectId)) throw new ApiError('not_found', 404);
  const key = ctx.state.apiKey as ApiKeyRow;
  authorize(key, orgId.toLowerCase(), needed);
  return { key, orgId: orgId.toLowerCase(), projectId };
}

/** Org-level resources (webhooks, the audit log): 404 for an org id that cannot exist, then the org and scope check. */
export function orgScope(ctx: Context, needed: Scope): { key: ApiKeyRow; orgId: string } {
  const orgId = String(ctx.params.org_id);
  if (!UUID.test(orgId)) throw new ApiError('not_found', 404);
  const key = ctx.state.apiKey as ApiKeyRow;
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
