import Router from '@koa/router';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'koa';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * Where `npm run build:dashboard` (postinstall, `npm run build`) writes a browser app: dist/<name>. Run from source this
 * file is api/routes/; compiled it is dist/api/routes/, next to dist/<name>.
 */
export function builtAppDir(name: string): string {
  const root = path.resolve(HERE, '../..');
  return path.basename(root) === 'dist' ? path.join(root, name) : path.join(root, 'dist', name);
}

/**
 * Strict: only our own origin, no inline script or style, no plugins, not frameable, forms post nowhere else. The
 * OAuth redirect is a navigation, which CSP does not govern. The same for every page served here.
 */
export const PAGE_CSP = "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'";

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

export interface StaticAppOptions {
  /** The URL prefix without a trailing slash: `/dashboard`. */
  mount: string;
  /** The build directory (index.html, hashed bundles, favicon). */
  dir: string;
  /** What the 503 calls the app when it was never built: "The dashboard". */
  title: string;
  /** Cross-Origin-Opener-Policy; `same-origin` unless the app must stay reachable from the window that opened it. */
  openerPolicy?: 'same-origin' | 'unsafe-none';
}

/**
 * Serves one built browser app: index.html for `<mount>` and `<mount>/`, other files by name, from the build directory
 * only, with the security headers every page here carries. A missing build answers 503 with the command that makes it.
 */
export function staticAppRoutes(opts: StaticAppOptions): Router {
  const { dir, mount } = opts;
  const cache = new Map<string, Asset>();
  const router = new Router();

  function setSecurityHeaders(ctx: Context): void {
    ctx.set('Content-Security-Policy', PAGE_CSP);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Cross-Origin-Opener-Policy', opts.openerPolicy ?? 'same-origin');
  }

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
      ctx.body = name === 'index.html' ? `${opts.title} is not built: run \`npm run build:dashboard\`.\n` : 'Not found.\n';
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

  router.get(mount, (ctx) => serve(ctx, 'index.html'));
  router.get(`${mount}/`, (ctx) => serve(ctx, 'index.html'));
  router.get(`${mount}/:name`, (ctx) => serve(ctx, String(ctx.params.name)));
  return router;
}
