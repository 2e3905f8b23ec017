import * as z from 'zod';
import { baseUrl, defineProvider, text } from '../definition.js';

export const linear = defineProvider({
  id: 'linear',
  label: 'Linear',
  kind: 'tracker',
  summary: 'Issues for open findings',
  credentials: z.strictObject({
    api_key: text({
      title: 'API key',
      description: 'A personal API key of a member of the team',
      link: 'https://linear.app/settings/account/security',
      secret: true,
    }),
    team_id: text({ title: 'Team ID', description: 'The id (UUID) of the team that receives the issues' }, 100),
    base_url: baseUrl('https://api.linear.app'),
  }),
});
