import * as z from 'zod';
import { baseUrl, defineProvider, matching, text } from '../definition.js';

export const REPOSITORY_PATTERN = /^([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})$/;

export const github = defineProvider({
  id: 'github',
  label: 'GitHub',
  kind: 'tracker',
  summary: 'Issues for open findings',
  credentials: z.strictObject({
    token: text({
      title: 'Token',
      description: 'A fine-grained personal access token with Issues: read and write on the repository',
      link: 'https://github.com/settings/personal-access-tokens',
      secret: true,
    }),
    repository: matching({ title: 'Repository', description: 'The repository that receives the issues', format: 'owner/name' }, REPOSITORY_PATTERN, 141),
    base_url: baseUrl('https://api.github.com'),
  }),
});
