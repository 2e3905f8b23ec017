import Router from '@koa/router';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'koa';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/**
 * Where `npm run build:dashboard` (postinstall, `npm run build`) writes the bundle: dist/dashboard. Run from source this
 * file is api/routes/; compiled it is dist/api/routes/, next to dist/dashboard.
 */
export const DEFAULT_DASHBOARD_DIR =
  path.basename(path.resolve(HERE, '../..')) === 'dist' ? path.resolve(HERE, '../../dashboard') : path.resolve(HERE, '../../dist/dashboard');

/**
 * Strict: only our own origin, no inline script or style, no plugins, not frameable, forms post nowhere else. The
 * OAuth redirect is a navigation, which CSP does not govern.
 */
export const DASHBOARD_CSP = "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
};
// Built assets carry a content hash in the name (app-3F2A1B9C.js): cacheable forever. Everything else revalidates.
const HASHED = /-[A-Z0-9]{8}\.(js|css)$/;
// One path segment of safe characters: no traversal, no dotfiles, nothing outside the build directory.
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9]+)+$/;

interface Asset {
  body: Buffer;
  etag: string;
}

function setSecurityHeaders(ctx: Context): void {
  ctx.set('Content-Security-Policy', DASHBOARD_CSP);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('X-Frame-Options', 'DENY');
  ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
}

/**
 * Serves the built dashboard at /dashboard: index.html for `/dashboard` and `/dashboard/`, other files by name, from
 * the build directory only. A missing build answers 503 with the command that makes it.
 */
export function dashboardRoutes(opts: { dir?: string } = {}): Router {
  const dir = opts.dir ?? DEFAULT_DASHBOARD_DIR;
  const cache = new Map<string, Asset>();
  const router = new Router();

  async function load(name: string): Promise<Asset | undefined> {
    const hit = cache.get(name);
    if (hit) return hit;
    try {
      const body = await readFile(path.join(dir, name));
      const asset = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
      // Hashed files never change; index.html is re-read so a rebuild is live without a restart.
      if (HASHED.test(name)) cache.set(name, asset);
      return asset;
    } catch {
      return undefined;
    }
  }

  async function serve(ctx: Context, name: string): Promise<void> {
    setSecurityHeaders(ctx);
    const ext = path.extname(name);
    const type = TYPES[ext];
    const asset = type && ASSET_NAME.test(name) ? await load(name) : undefined;
    if (!asset || !type) {
      ctx.status = name === 'index.html' ? 503 : 404;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = name === 'index.html' ? 'The dashboard is not built: run `npm run build:dashboard`.\n' : 'Not found.\n';
      return;
    }
    ctx.set('Cache-Control', HASHED.test(name) ? 'public, max-age=31536000, immutable' : 'no-cache');
    ctx.set('ETag', asset.etag);
    ctx.type = type;
    if (ctx.get('if-none-match') === asset.etag) {
      ctx.status = 304;
      return;
    }
    ctx.status = 200;
    ctx.body = asset.body;
  }

  router.get('/dashboard', (ctx) => serve(ctx, 'index.html'));
  router.get('/dashboard/', (ctx) => serve(ctx, 'index.html'));
  router.get('/dashboard/:name', (ctx) => serve(ctx, String(ctx.params.name)));
  return router;
}
