import type { Provider } from './api.js';

/**
 * Each provider's credential keys exactly as the adapters read them (README "Providers" table): secrets are password
 * inputs, `base_url` is optional everywhere except Jira, where it is the site.
 */
export interface Field {
  key: string;
  label: string;
  secret?: boolean;
  required?: boolean;
  url?: boolean;
  pattern?: RegExp;
  patternHint?: string;
  hint?: string;
}

export interface ProviderInfo {
  id: Provider;
  label: string;
  /** Trackers get findings pushed as issues; data sources are pulled. */
  role: string;
  fields: Field[];
  /** Cross-field rules the attributes cannot express; returns a message or nothing. */
  check?: (values: Record<string, string>) => string | undefined;
}

const baseUrl = (example: string): Field => ({ key: 'base_url', label: 'API base URL', url: true, hint: `Optional; default ${example}` });

const googleFields: Field[] = [
  { key: 'access_token', label: 'Access token', secret: true, hint: 'Or the three refresh fields below' },
  { key: 'refresh_token', label: 'Refresh token', secret: true },
  { key: 'client_id', label: 'OAuth client ID' },
  { key: 'client_secret', label: 'OAuth client secret', secret: true },
];
const googleCheck = (v: Record<string, string>) =>
  v.access_token || (v.refresh_token && v.client_id && v.client_secret) ? undefined : 'Enter an access token, or a refresh token with its client ID and client secret.';
const tokenUrl: Field = { key: 'token_url', label: 'Token URL', url: true, hint: 'Optional; default https://oauth2.googleapis.com/token' };

export const PROVIDERS: ProviderInfo[] = [
  {
    id: 'github',
    label: 'GitHub',
    role: 'Issues for open findings',
    fields: [
      { key: 'token', label: 'Token', secret: true, required: true, hint: 'A token that may create issues in the repository' },
      { key: 'repository', label: 'Repository', required: true, pattern: /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, patternHint: 'Use the form owner/name.' },
      baseUrl('https://api.github.com'),
    ],
  },
  {
    id: 'gitlab',
    label: 'GitLab',
    role: 'Issues for open findings',
    fields: [
      { key: 'token', label: 'Token', secret: true, required: true },
      { key: 'project', label: 'Project', required: true, hint: 'Numeric id or group/name' },
      baseUrl('https://gitlab.com'),
    ],
  },
  {
    id: 'jira',
    label: 'Jira',
    role: 'Issues for open findings',
    fields: [
      { key: 'base_url', label: 'Site URL', url: true, required: true, hint: 'e.g. https://your-team.atlassian.net' },
      { key: 'email', label: 'Email', required: true, pattern: /^[^\s@]+@[^\s@]+$/, patternHint: 'Enter the email of the Atlassian account.' },
      { key: 'api_token', label: 'API token', secret: true, required: true },
      { key: 'project_key', label: 'Project key', required: true, pattern: /^[A-Za-z][A-Za-z0-9_]{0,49}$/, patternHint: 'Project keys are letters and digits, e.g. WEB.' },
      { key: 'issue_type', label: 'Issue type', hint: 'Optional; default Task' },
    ],
  },
  {
    id: 'linear',
    label: 'Linear',
    role: 'Issues for open findings',
    fields: [
      { key: 'api_key', label: 'API key', secret: true, required: true },
      { key: 'team_id', label: 'Team ID', required: true },
      baseUrl('https://api.linear.app'),
    ],
  },
  {
    id: 'sentry',
    label: 'Sentry',
    role: 'Unresolved issues become findings',
    fields: [
      { key: 'token', label: 'Auth token', secret: true, required: true },
      { key: 'organization', label: 'Organization slug', required: true },
      { key: 'project', label: 'Project slug', required: true },
      baseUrl('https://sentry.io'),
    ],
  },
  {
    id: 'ga4',
    label: 'Google Analytics 4',
    role: 'Sessions, views and bounce rate per page',
    fields: [{ key: 'property_id', label: 'Property ID', required: true, pattern: /^(properties\/)?\d{1,20}$/, patternHint: 'A numeric property id.' }, ...googleFields, baseUrl('https://analyticsdata.googleapis.com'), tokenUrl],
    check: googleCheck,
  },
  {
    id: 'gsc',
    label: 'Google Search Console',
    role: 'Clicks, impressions, CTR and position per page',
    fields: [{ key: 'site_url', label: 'Site URL', required: true, hint: 'e.g. https://example.com/ or sc-domain:example.com' }, ...googleFields, baseUrl('https://www.googleapis.com'), tokenUrl],
    check: googleCheck,
  },
  {
    id: 'cloudflare',
    label: 'Cloudflare',
    role: 'Requests, cache and threats for the zone',
    fields: [
      { key: 'api_token', label: 'API token', secret: true, required: true },
      { key: 'zone_id', label: 'Zone ID', required: true, pattern: /^[a-f0-9]{32}$/, patternHint: 'Zone ids are 32 hexadecimal characters.' },
      baseUrl('https://api.cloudflare.com/client/v4'),
    ],
  },
];

export function providerInfo(id: Provider): ProviderInfo {
  return PROVIDERS.find((p) => p.id === id) ?? { id, label: id, role: '', fields: [] };
}
