import * as z from 'zod';
import { defineProvider, httpUrl, matching, text } from '../definition.js';

/** The key goes into JQL: letters, digits and underscores only, so it cannot change the query. */
export const PROJECT_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,49}$/;

export const jira = defineProvider({
  id: 'jira',
  label: 'Jira',
  kind: 'tracker',
  summary: 'Issues for open findings',
  credentials: z.strictObject({
    base_url: httpUrl({ title: 'Site URL', description: 'Your Jira Cloud site, e.g. https://your-team.atlassian.net' }),
    email: matching({ title: 'Email', description: 'The email of the Atlassian account the API token belongs to', format: 'an email address' }, /^[^\s@]+@[^\s@]+$/, 320),
    api_token: text({
      title: 'API token',
      description: 'An Atlassian API token of that account',
      link: 'https://id.atlassian.com/manage-profile/security/api-tokens',
      secret: true,
    }),
    project_key: matching({ title: 'Project key', description: 'The key of the project that receives the issues, e.g. WEB', format: 'a project key such as WEB' }, PROJECT_KEY_PATTERN, 50),
    issue_type: text({ title: 'Issue type', description: 'Optional; default Task' }, 100).optional(),
  }),
});
