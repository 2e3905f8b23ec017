import type { Transport } from './transport.js';
import type { OrgOption } from './types.js';

export type OrgResolver = (opts?: OrgOption) => Promise<string>;

/**
 * The org of org-scoped calls: `{org}` of the call, else the client's `org` option, else the token's own — a key's from
 * `GET /api/v1/me`, a connect session's (`cs_…`) from `GET /api/v1/connect-session` — read once per token, so a page
 * that signs in with another key asks again. A failed read is not kept.
 */
export function createOrgResolver(t: Transport, clientOrg: string | undefined): OrgResolver {
  let cached: { token: string; org: Promise<string> } | undefined;
  return async (opts) => {
    if (opts?.org) return opts.org;
    if (clientOrg) return clientOrg;
    const token = t.token() ?? '';
    if (cached?.token !== token) {
      const org = token.startsWith('cs_')
        ? t.get('/api/v1/connect-session').then((env) => env.data.org_id)
        : t.get('/api/v1/me').then((env) => env.data.org_id);
      const entry = { token, org };
      cached = entry;
      org.catch(() => {
        if (cached === entry) cached = undefined;
      });
    }
    return cached.org;
  };
}
