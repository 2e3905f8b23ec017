import type { Context, Middleware } from 'koa';
import { ApiError } from '../errors.js';
import { SESSION_FORBIDDEN } from './auth.js';

const INTEGRATIONS = '/api/v1/orgs/:org_id/projects/:project_id/audit/integrations';

/**
 * Everything a connect session may call, as `METHOD route` of the route table (HEAD goes with GET). The org, project
 * and provider in the path are the handler's to check against the session (api/routes/scope.ts connectScope). A route
 * not listed here — including every route added later — answers a session 403 before its handler runs.
 */
export const SESSION_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/v1/providers',
  'GET /api/v1/connect-session',
  `GET ${INTEGRATIONS}`,
  `POST ${INTEGRATIONS}/:provider/verify`,
  `POST ${INTEGRATIONS}/:provider/connect`,
  `POST ${INTEGRATIONS}/:provider/oauth/start`,
  // Live events, filtered to the session's providers' integration and sync events (api/routes/events.ts).
  'GET /api/v1/orgs/:org_id/projects/:project_id/audit/events',
]);

/** What @koa/router leaves on the context: every layer whose path matched, in the order they run. */
type RoutedContext = Context & { matched?: { path: string; methods: string[] }[] };

/**
 * Default deny for connect sessions, in one place after authentication: a request made with a session goes on only
 * when every route that matched its path and method is in SESSION_ROUTES (the first of them answers; requiring all of
 * them leaves no route a session could fall through to). API-key requests pass untouched.
 */
export function connectSessionGate(): Middleware {
  return async (ctx, next) => {
    if (ctx.state.connectSession !== undefined) {
      const method = ctx.method === 'HEAD' ? 'GET' : ctx.method;
      const routes = ((ctx as RoutedContext).matched ?? []).filter((layer) => layer.methods.includes(ctx.method));
      if (routes.length === 0 || !routes.every((layer) => SESSION_ROUTES.has(`${method} ${layer.path}`))) {
        throw new ApiError('forbidden', 403, SESSION_FORBIDDEN);
      }
    }
    await next();
  };
}
