import * as z from 'zod';
import { baseUrl, defineProvider, text } from '../definition.js';

export const gitlab = defineProvider({
  id: 'gitlab',
  label: 'GitLab',
  kind: 'tracker',
  summary: 'Issues for open findings',
  credentials: z.strictObject({
    token: text({
      title: 'Token',
      description: 'A personal, group or project access token with the api scope',
      link: 'https://docs.gitlab.com/user/profile/personal_access_tokens/',
      secret: true,
    }),
    project: text({ title: 'Project', description: 'Numeric project id or its full path', format: 'id or group/name' }, 500),
    base_url: baseUrl('https://gitlab.com'),
  }),
});
