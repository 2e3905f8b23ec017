import * as z from 'zod';
import { ALONG_WITH_KEY_PROBLEMS, defineProvider, httpUrl, managedToken, matching, oauthManaged, REQUIRED, text } from '../definition.js';

/** The key goes into JQL: letters, digits and underscores only, so it cannot change the query. */
export const PROJECT_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,49}$/;

export const ATLASSIAN_API_URL = 'https://api.atlassian.com';

export const jira = defineProvider({
  id: 'jira',
  label: 'Jira',
  kind: 'tracker',
  summary: 'Issues for open findings',
  credentials: z
    .strictObject({
      base_url: httpUrl({ title: 'Site URL', description: 'Your Jira Cloud site, e.g. https://your-team.atlassian.net' }),
      email: matching({ title: 'Email', description: 'The email of the Atlassian account the API token belongs to', format: 'an email address' }, /^[^\s@]+@[^\s@]+$/, 320).optional(),
      api_token: text({
        title: 'API token',
        description: 'An Atlassian API token of that account',
        link: 'https://id.atlassian.com/manage-profile/security/api-tokens',
        secret: true,
      }).optional(),
      project_key: matching({ title: 'Project key', description: 'The key of the project that receives the issues, e.g. WEB', format: 'a project key such as WEB' }, PROJECT_KEY_PATTERN, 50),
      issue_type: text({ title: 'Issue type', description: 'Optional; default Task' }, 100).optional(),
      access_token: managedToken('Access token', 'Jira'),
      refresh_token: managedToken('Refresh token', 'Jira'),
      cloud_id: text({ title: 'Cloud ID', description: 'The site\'s id at api.atlassian.com; found by the first sync after "Connect with Jira"', managed: true }, 100).optional(),
      ...oauthManaged,
    })
    // Email + API token, or what "Connect with Jira" stored.
    .superRefine((v, ctx) => {
      if (v.access_token || v.auth_code || v.refresh_token) return;
      if (!v.email) ctx.addIssue({ code: 'custom', path: ['email'], message: REQUIRED });
      if (!v.api_token) ctx.addIssue({ code: 'custom', path: ['api_token'], message: REQUIRED });
    }, ALONG_WITH_KEY_PROBLEMS),
  // Atlassian OAuth 2.0 (3LO): https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/ — refresh tokens rotate.
  oauth: {
    env: ['JIRA'],
    authorizeUrl: 'https://auth.atlassian.com/authorize',
    tokenUrl: 'https://auth.atlassian.com/oauth/token',
    scopes: 'read:jira-work write:jira-work manage:jira-webhook offline_access',
    pkce: false,
    extraParams: { audience: 'api.atlassian.com', prompt: 'consent' },
    fields: ['base_url', 'project_key', 'issue_type'],
    tokenKey: 'access_token',
  },
});
