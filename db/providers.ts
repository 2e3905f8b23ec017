/** The provider set comes from the one list of definitions (plain data: no adapter or Temporal code). */
export { isProvider, PROVIDERS, type Provider } from '../activities/providers/catalog.js';

export const INTEGRATION_STATUSES = ['connected', 'disconnected', 'syncing', 'error'] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];
