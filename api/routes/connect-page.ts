import type Router from '@koa/router';
import { builtAppDir, staticAppRoutes } from './static-app.js';

/** Where `npm run build:dashboard` (postinstall, `npm run build`) writes the hosted connect page: dist/connect. */
export const DEFAULT_CONNECT_DIR = builtAppDir('connect');

/**
 * Serves the hosted connect page at /connect (api/connect/): the dashboard's headers (strict CSP, `frame-ancestors
 * 'none'`, no referrer) except Cross-Origin-Opener-Policy. A product opens this page in a popup and waits for its
 * postMessage; `same-origin` would put the popup in a new browsing context group and null its `window.opener`, so the
 * product would never hear back. `unsafe-none` keeps the opener; what the page sends it is one message to the origin
 * of the session's server-checked return_url, and the page itself holds nothing the opener could read (cross-origin
 * windows see only postMessage, close and location). It is still never framed.
 */
export function connectPageRoutes(opts: { dir?: string } = {}): Router {
  return staticAppRoutes({ mount: '/connect', dir: opts.dir ?? DEFAULT_CONNECT_DIR, title: 'The connect page', openerPolicy: 'unsafe-none' });
}
