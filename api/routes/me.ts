import Router from '@koa/router';
import type { ApiKeyRow } from '../../db/api-keys.js';
import { sendData } from '../middleware/envelope.js';
import { formatTimestamp } from '../../db/timestamps.js';

/**
 * `GET /api/v1/me`: who the presented key is, so a client (the dashboard) can find its org without asking the user.
 * The token, its hash and its prefix stay out: this answers "which key", never "what key".
 */
export function meRoutes(): Router {
  const router = new Router();
  router.get('/me', (ctx) => {
    const key = ctx.state.apiKey as ApiKeyRow;
    sendData(ctx, { key_id: key.id, org_id: key.org_id, name: key.name, scopes: key.scopes, created_at: formatTimestamp(key.created_at) });
  });
  return router;
}
