import * as z from 'zod';
import { defineProvider, matching } from '../definition.js';
import { googleCredentials, googleOAuth, googleTokenCheck } from '../google-credentials.js';

export const ga4 = defineProvider({
  id: 'ga4',
  label: 'Google Analytics 4',
  kind: 'metrics',
  summary: 'Sessions, views and bounce rate per page',
  credentials: z
    .strictObject({
      property_id: matching(
        { title: 'Property ID', description: 'The numeric id of the GA4 property (Admin → Property settings)', link: 'https://support.google.com/analytics/answer/12270356', format: 'a numeric property id' },
        /^(properties\/)?\d{1,20}$/,
        40,
      ),
      ...googleCredentials('https://analyticsdata.googleapis.com'),
    })
    .superRefine(googleTokenCheck),
  oauth: googleOAuth('GA4', 'https://www.googleapis.com/auth/analytics.readonly', ['property_id', 'base_url']),
});
