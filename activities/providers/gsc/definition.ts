import * as z from 'zod';
import { defineProvider, text } from '../definition.js';
import { googleCredentials, googleOAuth, googleTokenCheck } from '../google-credentials.js';

export const gsc = defineProvider({
  id: 'gsc',
  label: 'Google Search Console',
  kind: 'metrics',
  summary: 'Clicks, impressions, CTR and position per page',
  credentials: z
    .strictObject({
      site_url: text(
        { title: 'Site URL', description: 'The property as Search Console names it: https://example.com/ or sc-domain:example.com', link: 'https://search.google.com/search-console', format: 'a URL prefix or sc-domain:name' },
        2048,
      ),
      ...googleCredentials('https://www.googleapis.com'),
    })
    .superRefine(googleTokenCheck),
  oauth: googleOAuth('GSC', 'https://www.googleapis.com/auth/webmasters.readonly', ['site_url', 'base_url']),
});
