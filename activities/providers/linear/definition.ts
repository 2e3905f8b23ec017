import * as z from 'zod';
import { ALONG_WITH_KEY_PROBLEMS, baseUrl, defineProvider, keyOrOAuth, managedToken, oauthManaged, text } from '../definition.js';

export const linear = defineProvider({
  id: 'linear',
  label: 'Linear',
  kind: 'tracker',
  summary: 'Issues for open findings',
  credentials: z
    .strictObject({
      api_key: text({
        title: 'API key',
        description: 'A personal API key of a member of the team',
        link: 'https://linear.app/settings/account/security',
        secret: true,
      }).optional(),
      team_id: text({ title: 'Team ID', description: 'The id (UUID) of the team that receives the issues' }, 100),
      base_url: baseUrl('https://api.linear.app'),
      access_token: managedToken('Access token', 'Linear'),
      refresh_token: managedToken('Refresh token', 'Linear'),
      ...oauthManaged,
    })
    .superRefine(keyOrOAuth('api_key'), ALONG_WITH_KEY_PROBLEMS),
  // https://linear.app/developers/oauth-2-0-authentication — scopes comma-separated, PKCE supported.
  oauth: {
    env: ['LINEAR'],
    authorizeUrl: 'https://linear.app/oauth/authorize',
    tokenUrl: 'https://api.linear.app/oauth/token',
    scopes: 'read,write',
    pkce: true,
    extraParams: {},
    fields: ['team_id', 'base_url'],
    tokenKey: 'access_token',
  },
});
