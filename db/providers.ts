/** The fixed provider set, in the order the list endpoint shows never-connected placeholders. */
export const PROVIDERS = ['ga4', 'gsc', 'sentry', 'github', 'gitlab', 'jira', 'linear', 'cloudflare'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const INTEGRATION_STATUSES = ['connected', 'disconnected', 'syncing', 'error'] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

export function isProvider(value: string): value is Provider {
  return (PROVIDERS as readonly string[]).includes(value);
}
