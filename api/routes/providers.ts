import Router from '@koa/router';
import { presentCatalog } from '../catalog.js';
import { sendData } from '../middleware/envelope.js';
import type { OAuthConfig } from '../oauth-config.js';

/** `GET /api/v1/providers` (any valid key): the catalog — keys, formats, links, and whether OAuth is configured here. */
export function providerRoutes(oauth: OAuthConfig | undefined): Router {
  const router = new Router();
  const catalog = presentCatalog(oauth);
  router.get('/providers', (ctx) => {
    sendData(ctx, catalog);
  });
  return router;
}
