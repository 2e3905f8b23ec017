import type { Provider } from './catalog.js';
import { PROVIDER_DEFINITIONS } from './catalog.js';
import { createCloudflareAdapter } from './cloudflare/adapter.js';
import { createGa4Adapter } from './ga4/adapter.js';
import { createGithubAdapter } from './github/adapter.js';
import { createGitlabAdapter } from './gitlab/adapter.js';
import { createGscAdapter } from './gsc/adapter.js';
import { createJiraAdapter } from './jira/adapter.js';
import { createLinearAdapter } from './linear/adapter.js';
import type { ProviderOptions } from './options.js';
import { createSentryAdapter } from './sentry/adapter.js';
import type { ProviderAdapter } from './types.js';

/**
 * One adapter factory per definition, keyed by the provider id: a definition without an adapter is a type error here.
 * Factories take deployment config (the OAuth apps from the worker's env, test knobs).
 */
const ADAPTERS: { readonly [P in Provider]: (options: ProviderOptions) => ProviderAdapter } = {
  ga4: createGa4Adapter,
  gsc: createGscAdapter,
  sentry: createSentryAdapter,
  github: createGithubAdapter,
  gitlab: createGitlabAdapter,
  jira: createJiraAdapter,
  linear: createLinearAdapter,
  cloudflare: createCloudflareAdapter,
};

export type ProviderRegistry = ReadonlyMap<Provider, ProviderAdapter>;

export function createProviderRegistry(overrides: ProviderAdapter[] = [], options: ProviderOptions = {}): ProviderRegistry {
  const registry = new Map<Provider, ProviderAdapter>(PROVIDER_DEFINITIONS.map((d) => [d.id, ADAPTERS[d.id](options)]));
  for (const adapter of overrides) registry.set(adapter.provider, adapter);
  return registry;
}
