import * as z from 'zod';
import { baseUrl, defineProvider, matching, text } from '../definition.js';

export const cloudflare = defineProvider({
  id: 'cloudflare',
  label: 'Cloudflare',
  kind: 'metrics',
  summary: 'Requests, cache and threats for the zone',
  credentials: z.strictObject({
    api_token: text({
      title: 'API token',
      description: 'An API token with Zone Analytics: Read on the zone',
      link: 'https://dash.cloudflare.com/profile/api-tokens',
      secret: true,
    }),
    zone_id: matching({ title: 'Zone ID', description: "The zone's id, on its Overview page", format: '32 hexadecimal characters' }, /^[a-f0-9]{32}$/, 32),
    base_url: baseUrl('https://api.cloudflare.com/client/v4'),
  }),
});
