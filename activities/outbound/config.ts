import { z } from 'zod';
import { DEFAULT_MAX_PAGES, DEFAULT_MAX_ROWS } from '../providers/options.js';
import { parseAllowList } from './address.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './client.js';

/**
 * Env fragment for everything the worker sends to providers, composed into the worker's config schema (only the worker
 * calls providers: the API stores OAuth codes and the worker exchanges them).
 * - PROVIDER_EGRESS_ALLOW: CIDRs and hostnames allowed although private (self-hosted GitLab/Jira/Sentry, test fakes).
 *   Empty by default in every mode.
 * - PROVIDER_MAX_RESPONSE_BYTES: the cap on any one response body.
 * - PROVIDER_MAX_PAGES / PROVIDER_MAX_ROWS: per-sync caps on listings (reached → a warning on the sync run).
 */
export const providerEnv = {
  PROVIDER_EGRESS_ALLOW: z
    .string()
    .default('')
    .transform((v, ctx) => {
      try {
        return parseAllowList(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `must be comma-separated CIDRs or hostnames: ${(err as Error).message}` });
        return z.NEVER;
      }
    }),
  PROVIDER_MAX_RESPONSE_BYTES: z.coerce.number().int().min(1024).default(DEFAULT_MAX_RESPONSE_BYTES),
  PROVIDER_MAX_PAGES: z.coerce.number().int().min(1).default(DEFAULT_MAX_PAGES),
  PROVIDER_MAX_ROWS: z.coerce.number().int().min(1).default(DEFAULT_MAX_ROWS),
};
