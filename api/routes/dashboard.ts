import type Router from '@koa/router';
import { builtAppDir, PAGE_CSP, staticAppRoutes } from './static-app.js';

/** Where `npm run build:dashboard` (postinstall, `npm run build`) writes the dashboard: dist/dashboard. */
export const DEFAULT_DASHBOARD_DIR = builtAppDir('dashboard');

export const DASHBOARD_CSP = PAGE_CSP;

/** Serves the built dashboard at /dashboard (api/routes/static-app.ts): no API key, strict CSP, not frameable. */
export function dashboardRoutes(opts: { dir?: string } = {}): Router {
  return staticAppRoutes({ mount: '/dashboard', dir: opts.dir ?? DEFAULT_DASHBOARD_DIR, title: 'The dashboard' });
}
