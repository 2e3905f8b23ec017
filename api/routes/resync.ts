import Router from '@koa/router';
import { requestSync, type SyncRequestDeps } from './sync-request.js';

/**
 * POST …/:provider/resync: a sync with trigger `full_resync` (the adapter forgets its links and re-matches every open
 * finding by its marker, activities/providers/tracker-sync.ts). Answers exactly as POST …/sync does. A running sync is
 * always signalled, never just joined: the round in flight keeps its links, so the resync needs a round of its own
 * (workflows/sync-integration.ts).
 */
export function resyncRoutes(deps: SyncRequestDeps): Router {
  const router = new Router({ prefix: '/orgs/:org_id/projects/:project_id/audit/integrations' });
  router.post('/:provider/resync', (ctx) => requestSync(ctx, deps, { trigger: 'full_resync', joinRunning: false, action: 'resync_requested', what: 'resync' }));
  return router;
}
