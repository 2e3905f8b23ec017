import { z } from 'zod';

/** The sentry.io apex: the default base_url, and the one host whose organizations live in a region (us, de, …). */
export const SAAS_URL = 'https://sentry.io';

/** What is read of Sentry's organization details (`GET /api/0/organizations/{org}/`): its region's API host. */
export const OrganizationDetails = z.object({
  links: z.object({ regionUrl: z.unknown().optional() }).partial().nullish(),
});

/** Requests would go to the apex itself (base_url absent or `https://sentry.io`): only then is the region looked up. */
export function isSaasApex(base: URL, saas: URL): boolean {
  return base.origin === saas.origin && (base.pathname === '' || base.pathname === '/');
}

const REGION_LABEL = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * The region Sentry named, accepted only as a host one label below the apex (us.sentry.io, de.sentry.io) with the apex's
 * scheme and port and nothing after the host. The answer decides where the token is sent next, so it can never name a
 * host outside Sentry's own; anything else keeps the apex, which forwards to every region.
 */
export function regionBaseOf(regionUrl: unknown, saas: URL): URL | undefined {
  if (typeof regionUrl !== 'string' || !URL.canParse(regionUrl)) return undefined;
  const url = new URL(regionUrl);
  const suffix = `.${saas.hostname}`;
  if (!url.hostname.endsWith(suffix) || !REGION_LABEL.test(url.hostname.slice(0, -suffix.length))) return undefined;
  if (url.protocol !== saas.protocol || url.port !== saas.port || url.username || url.password) return undefined;
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) return undefined;
  return new URL(url.origin);
}
