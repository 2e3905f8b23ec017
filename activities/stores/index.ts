import type { CredentialCipher } from '../../db/crypto.js';
import type { IntegrationKey } from '../../db/integrations.js';
import type { Sql } from '../../db/sql.js';
import { createCredentialsStore, type CredentialsStore } from './credentials-store.js';
import { createFindingsStore, type FindingsStore } from './findings-store.js';
import { createMetricsStore, type MetricsStore } from './metrics-store.js';
import { createSentryFindingsStore, type SentryFindingsStore } from './sentry-findings-store.js';

/** The integration a store acts for: every read and write is confined to it. */
export interface StoreScope {
  integrationId: string;
  key: IntegrationKey;
  /** The stored credentials the attempt decrypted: token saves are a compare-and-swap on it. */
  ciphertext: string;
}

/** The database side of a provider sync, handed to adapters so they do HTTP only and never see SQL. */
export interface ProviderStores {
  findings: FindingsStore;
  metrics: MetricsStore;
  credentials: CredentialsStore;
  sentryFindings: SentryFindingsStore;
}

export function createProviderStores(sql: Sql, cipher: CredentialCipher, scope: StoreScope): ProviderStores {
  return {
    findings: createFindingsStore(sql, scope),
    metrics: createMetricsStore(sql, scope),
    credentials: createCredentialsStore(sql, cipher, { id: scope.integrationId, scope: scope.key, ciphertext: scope.ciphertext }),
    sentryFindings: createSentryFindingsStore(sql, scope),
  };
}
