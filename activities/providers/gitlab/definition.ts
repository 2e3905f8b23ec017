import * as z from 'zod';
import { ALONG_WITH_KEY_PROBLEMS, baseUrl, defineProvider, keyOrOAuth, managedToken, oauthManaged, text } from '../definition.js';

export const gitlab = defineProvider({
  id: 'gitlab',
  label: 'GitLab',
  kind: 'tracker',
  summary: 'Issues for open findings',
  credentials: z
    .strictObject({
      token: text({
        title: 'Token',
        description: 'A personal, group or project access token with the api scope',
        link: 'https://docs.gitlab.com/user/profile/personal_access_tokens/',
        secret: true,
      }).optional(),
      project: text({ title: 'Project', description: 'Numeric project id or its full path', format: 'id or group/name' }, 500),
      base_url: baseUrl('https://gitlab.com'),
      client_id: text({
        title: 'OAuth application ID',
        description: 'Only for "Connect with GitLab" to a self-managed instance: the Application ID of a non-confidential OAuth application there (scope api)',
        link: 'https://docs.gitlab.com/integration/oauth_provider/',
        oauthOnly: true,
      }, 200).optional(),
      access_token: managedToken('Access token', 'GitLab'),
      refresh_token: managedToken('Refresh token', 'GitLab'),
      ...oauthManaged,
    })
    .superRefine(keyOrOAuth('token'), ALONG_WITH_KEY_PROBLEMS),
  // https://docs.gitlab.com/api/oauth2/ — authorization code with PKCE; access tokens last 2 hours, refresh tokens rotate.
  oauth: {
    env: ['GITLAB'],
    authorizeUrl: 'https://gitlab.com/oauth/authorize',
    tokenUrl: 'https://gitlab.com/oauth/token',
    scopes: 'api',
    pkce: true,
    extraParams: {},
    fields: ['project', 'base_url', 'client_id'],
    tokenKey: 'access_token',
    selfManaged: { authorizePath: '/oauth/authorize', tokenPath: '/oauth/token' },
  },
});
