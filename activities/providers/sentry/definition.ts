import * as z from 'zod';
import { ALONG_WITH_KEY_PROBLEMS, baseUrl, defineProvider, keyOrOAuth, managedToken, oauthManaged, text } from '../definition.js';

export const sentry = defineProvider({
  id: 'sentry',
  label: 'Sentry',
  kind: 'findings',
  summary: 'Unresolved issues become findings',
  credentials: z
    .strictObject({
      token: text({
        title: 'Auth token',
        description: 'An auth token with project:read and event:read (with org:read too, a sentry.io organization is read at its own region)',
        link: 'https://sentry.io/settings/account/api/auth-tokens/',
        secret: true,
      }, 4096).optional(),
      organization: text({ title: 'Organization slug', description: 'As in sentry.io/organizations/<slug>/' }, 200),
      project: text({ title: 'Project slug', description: "The project's slug, in its settings" }, 200),
      base_url: baseUrl('https://sentry.io'),
      refresh_token: managedToken('Refresh token', 'Sentry'),
      ...oauthManaged,
    })
    // "Connect with Sentry" stores an auth_code instead of a token; the first sync exchanges it.
    .superRefine(keyOrOAuth('token', 'token'), ALONG_WITH_KEY_PROBLEMS),
  oauth: {
    env: ['SENTRY'],
    authorizeUrl: 'https://sentry.io/oauth/authorize/',
    tokenUrl: 'https://sentry.io/oauth/token/',
    scopes: 'org:read project:read event:read',
    // Sentry does not document PKCE, so it is not sent there.
    pkce: false,
    extraParams: {},
    fields: ['organization', 'project', 'base_url'],
    tokenKey: 'token',
  },
});
