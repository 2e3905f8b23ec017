import { PROVIDERS, type Provider } from '../../db/providers.js';
import { FailureType, permanentFailure } from '../errors.js';
import { githubAdapter } from './github.js';
import { gitlabAdapter } from './gitlab.js';
import { jiraAdapter } from './jira.js';
import { linearAdapter } from './linear.js';
import { createCloudflareAdapter } from './cloudflare.js';
import { createGa4Adapter } from './ga4.js';
import { createGscAdapter } from './gsc.js';
import type { ProviderOptions } from './options.js';
import { createSentryAdapter } from './sentry.js';
import type { ProviderAdapter } from './types.js';

/** A provider without an adapter yet fails the sync honestly (row → error) — never a fake success. */
function notImplemented(provider: Provider): ProviderAdapter {
  return {
    provider,
    requiredCredentials: [],
    sync() {
      return Promise.reject(permanentFailure(FailureType.NotImplemented, `syncing with ${provider} is not implemented yet`));
    },
  };
}

export type ProviderRegistry = ReadonlyMap<Provider, ProviderAdapter>;

const IMPLEMENTED: ProviderAdapter[] = [githubAdapter, gitlabAdapter, jiraAdapter, linearAdapter];

/** Adapters built per registry because they take deployment config (the OAuth apps from the worker's env). */
function configuredAdapters(options: ProviderOptions): ProviderAdapter[] {
  return [createSentryAdapter(options), createGa4Adapter(options), createGscAdapter(options), createCloudflareAdapter(options)];
}

export function createProviderRegistry(overrides: ProviderAdapter[] = [], options: ProviderOptions = {}): ProviderRegistry {
  const registry = new Map<Provider, ProviderAdapter>(PROVIDERS.map((p) => [p, notImplemented(p)]));
  for (const adapter of [...IMPLEMENTED, ...configuredAdapters(options), ...overrides]) registry.set(adapter.provider, adapter);
  return registry;
}
