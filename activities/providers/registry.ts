import { PROVIDERS, type Provider } from '../../db/providers.js';
import { FailureType, permanentFailure } from '../errors.js';
import { githubAdapter } from './github.js';
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

const IMPLEMENTED: ProviderAdapter[] = [githubAdapter];

export function createProviderRegistry(overrides: ProviderAdapter[] = []): ProviderRegistry {
  const registry = new Map<Provider, ProviderAdapter>(PROVIDERS.map((p) => [p, notImplemented(p)]));
  for (const adapter of [...IMPLEMENTED, ...overrides]) registry.set(adapter.provider, adapter);
  return registry;
}
