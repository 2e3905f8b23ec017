import * as z from 'zod';
import { ALONG_WITH_KEY_PROBLEMS, baseUrl, defineProvider, keyOrOAuth, managedToken, matching, oauthManaged, text } from '../definition.js';

export const REPOSITORY_PATTERN = /^([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})$/;

export const github = defineProvider({
  id: 'github',
  label: 'GitHub',
  kind: 'tracker',
  summary: 'Issues for open findings',
  credentials: z
    .strictObject({
      token: text({
        title: 'Token',
        description: 'A fine-grained personal access token with Issues: read and write on the repository',
        link: 'https://github.com/settings/personal-access-tokens',
        secret: true,
      }).optional(),
      repository: matching({ title: 'Repository', description: 'The repository that receives the issues', format: 'owner/name' }, REPOSITORY_PATTERN, 141),
      base_url: baseUrl('https://api.github.com'),
      access_token: managedToken('Access token', 'GitHub'),
      refresh_token: managedToken('Refresh token', 'GitHub'),
      ...oauthManaged,
    })
    .superRefine(keyOrOAuth('token'), ALONG_WITH_KEY_PROBLEMS),
  // An OAuth app: https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
  oauth: {
    env: ['GITHUB'],
    authorizeUrl: 'https://github.com/login/oauth/authorize',
    // Answers form-encoded unless asked for JSON; the token client always sends Accept: application/json.
    tokenUrl: 'https://github.com/login/oauth/access_token',
    scopes: 'repo',
    pkce: false,
    extraParams: {},
    fields: ['repository', 'base_url'],
    tokenKey: 'access_token',
  },
});
