import Router from '@koa/router';
import { apiKeyOf } from '../middleware/auth.js';
import { sendData } from '../middleware/envelope.js';
import { formatTimestamp } from '../../db/timestamps.js';

/**
 * `GET /api/v1/me`: who the presented key is, so a client (the dashboard) can find its org without asking the user.
 * The token, its hash and its prefix stay out: this answers "which key", never "what key".
 */
export function meRoutes(): Router {
  const router = new Router();
  router.get('/me', (ctx) => {
    // A connect session is no key: 403 (it has GET /api/v1/connect-session).
    const key = apiKeyOf(ctx);
    sendData(ctx, { key_id: key.id, org_id: key.org_id, name: key.name, scopes: key.scopes, created_at: formatTimestamp(key.created_at) });
  });
  return router;
}
