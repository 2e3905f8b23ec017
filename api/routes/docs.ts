import Router from '@koa/router';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Context } from 'koa';
import { ApiError } from '../errors.js';
import { openApiDocument } from '../openapi/document.js';

// Swagger UI's own build, straight from node_modules (swagger-ui-dist): no CDN, no bundling step of ours.
const SWAGGER_DIR = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const SPEC_URL = '/api/v1/openapi.json';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Audit Integrations API</title>
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

// A file rather than an inline script, so the page works under a CSP without 'unsafe-inline' scripts.
const INIT = `window.ui = SwaggerUIBundle({ url: ${JSON.stringify(SPEC_URL)}, dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });\n`;

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

// Swagger UI sets style attributes and loads fonts/images as data: URLs; scripts only from here.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

function page(ctx: Context, type: string, body: string | Buffer): void {
  ctx.set('Content-Security-Policy', CSP);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.type = type;
  ctx.body = body;
}

/**
 * `GET /api/v1/openapi.json` (no API key: it describes, it does not disclose) and the reference page at `/docs`.
 * Mounted before /api/v1's authentication.
 */
export function docsRoutes(): Router {
  const router = new Router();
  const cache = new Map<string, Buffer>();

  router.get(SPEC_URL, (ctx) => {
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = openApiDocument();
  });
  router.get('/docs', (ctx) => page(ctx, 'text/html; charset=utf-8', PAGE));
  router.get('/docs/:asset', async (ctx) => {
    const name = String(ctx.params.asset);
    if (name === 'init.js') return page(ctx, 'text/javascript; charset=utf-8', INIT);
    const type = ASSETS[name];
    if (!type) throw new ApiError('not_found', 404);
    let body = cache.get(name);
    if (!body) {
      body = await readFile(path.join(SWAGGER_DIR, name));
      cache.set(name, body);
    }
    ctx.set('Cache-Control', 'public, max-age=3600');
    page(ctx, type, body);
  });
  return router;
}
