import type { Provider } from './catalog.js';
import { bearer, restAnswer, type Probe } from './probe.js';

const enc = encodeURIComponent;
const oauthUnchecked = { unchecked: 'an OAuth code is exchanged at the first sync; the project is checked then' };
const googleUnchecked = { unchecked: 'only an access token can be checked now; refresh tokens and OAuth codes are used at the first sync' };

/**
 * Per provider (a missing one is a type error): GitHub the repository, GitLab the project, Jira the project, Linear the
 * team, Sentry the project, GA4 the property metadata, Search Console the site, Cloudflare the zone.
 */
export const PROBES: { readonly [P in Provider]: Probe } = {
  github: {
    defaultBaseUrl: 'https://api.github.com',
    request: (c) =>
      c.token || c.access_token
        ? { method: 'GET', path: `/repos/${c.repository ?? ''}`, headers: { ...bearer(c.token ?? c.access_token), accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' } }
        : oauthUnchecked,
    interpret: restAnswer('GitHub', 'token', 'repository'),
  },
  gitlab: {
    defaultBaseUrl: 'https://gitlab.com',
    request: (c) =>
      c.token || c.access_token
        ? {
            method: 'GET',
            path: `/api/v4/projects/${enc(c.project ?? '')}`,
            headers: { ...(c.token ? { 'private-token': c.token } : bearer(c.access_token)), accept: 'application/json' },
          }
        : oauthUnchecked,
    interpret: restAnswer('GitLab', 'token', 'project'),
  },
  jira: {
    // An OAuth connection is checked by its first sync, which also finds the site's cloud id.
    request: (c) =>
      c.api_token
        ? {
            method: 'GET',
            path: `/rest/api/3/project/${enc(c.project_key ?? '')}`,
            headers: { authorization: `Basic ${btoa(`${c.email ?? ''}:${c.api_token}`)}`, accept: 'application/json' },
          }
        : oauthUnchecked,
    interpret: restAnswer('Jira', 'api_token', 'project_key'),
  },
  linear: {
    defaultBaseUrl: 'https://api.linear.app',
    request: (c) =>
      c.api_key || c.access_token
        ? {
            method: 'POST',
            path: '/graphql',
            // A personal API key goes bare, an OAuth token as Bearer.
            headers: { authorization: c.api_key ?? `Bearer ${c.access_token ?? ''}`, 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify({ query: 'query VerifyTeam($id: String!) { team(id: $id) { id } }', variables: { id: c.team_id } }),
          }
        : oauthUnchecked,
    // GraphQL: authentication errors come as 400/401 with extensions.code; an unknown team as an error or a null team.
    interpret(status, body) {
      const errors = (body as { errors?: { extensions?: { code?: unknown; type?: unknown } }[] } | undefined)?.errors ?? [];
      const codes = errors.map((e) => String(e.extensions?.code ?? e.extensions?.type ?? ''));
      if (status === 401 || codes.some((c) => /AUTHENTICATION/i.test(c))) return [{ key: 'api_key', message: 'was not accepted by Linear' }];
      if (codes.some((c) => /FORBIDDEN/i.test(c))) return [{ key: 'api_key', message: 'may not read this team at Linear' }];
      const team = (body as { data?: { team?: unknown } } | undefined)?.data?.team;
      if (status >= 200 && status < 300 && errors.length === 0 && team) return [];
      if (status < 500 && (errors.length > 0 || !team)) return [{ key: 'team_id', message: 'was not found at Linear, or the API key cannot see it' }];
      return [{ key: 'credentials', message: `could not be checked: Linear answered ${status}` }];
    },
  },
  sentry: {
    defaultBaseUrl: 'https://sentry.io',
    request: (c) =>
      c.token
        ? { method: 'GET', path: `/api/0/projects/${enc(c.organization ?? '')}/${enc(c.project ?? '')}/`, headers: bearer(c.token) }
        : oauthUnchecked,
    interpret: restAnswer('Sentry', 'token', 'project'),
  },
  ga4: {
    defaultBaseUrl: 'https://analyticsdata.googleapis.com',
    request: (c) =>
      c.access_token
        ? { method: 'GET', path: `/v1beta/properties/${enc((c.property_id ?? '').replace(/^properties\//, ''))}/metadata`, headers: bearer(c.access_token) }
        : googleUnchecked,
    // Google answers 403 PERMISSION_DENIED for a property the account cannot see, 401 for a bad token.
    interpret: restAnswer('Google Analytics', 'access_token', 'property_id', 'resource'),
  },
  gsc: {
    defaultBaseUrl: 'https://www.googleapis.com',
    request: (c) => (c.access_token ? { method: 'GET', path: `/webmasters/v3/sites/${enc(c.site_url ?? '')}`, headers: bearer(c.access_token) } : googleUnchecked),
    interpret: restAnswer('Search Console', 'access_token', 'site_url', 'resource'),
  },
  cloudflare: {
    defaultBaseUrl: 'https://api.cloudflare.com/client/v4',
    request: (c) => ({ method: 'GET', path: `/zones/${enc(c.zone_id ?? '')}`, headers: bearer(c.api_token) }),
    interpret: restAnswer('Cloudflare', 'api_token', 'zone_id'),
  },
};
