import { Context } from '@temporalio/activity';
import { CredentialDecryptError, type CredentialCipher } from '../db/crypto.js';
import { findIntegrationById, loadCredentials, setIntegrationStatus } from '../db/integrations.js';
import type { Sql } from '../db/sql.js';
import { finishSyncRun, insertSyncRun, type SyncCounts, type SyncOutcome } from '../db/sync-runs.js';
import { FailureType, permanentFailure } from './errors.js';
import type { ProviderRegistry } from './providers/registry.js';
import { createProviderStores } from './stores/index.js';

export interface ActivityDeps {
  sql: Sql;
  cipher: CredentialCipher;
  providers: ProviderRegistry;
  fetch?: typeof fetch;
}

export interface BeginSyncInput {
  integrationId: string;
  trigger: 'manual' | 'schedule';
}

export interface BeginSyncResult {
  /** False when the integration is gone or disconnected: nothing to sync. */
  proceed: boolean;
  syncRunId: string | null;
}

export interface FinishSyncInput {
  integrationId: string;
  syncRunId: string;
  outcome: Exclude<SyncOutcome, 'running'>;
  errorCode?: string | null;
  errorMessage?: string | null;
  counts?: SyncCounts;
}

/** Activities take and return ids and counts only; credentials are loaded and decrypted here, inside the attempt. */
export function createActivities(deps: ActivityDeps) {
  const { sql, cipher, providers } = deps;
  const fetchImpl = deps.fetch ?? globalThis.fetch;

  return {
    async beginSync(input: BeginSyncInput): Promise<BeginSyncResult> {
      const execution = Context.current().info.workflowExecution;
      if (!execution) throw new Error('beginSync runs only inside a workflow');
      const { workflowId, runId } = execution;
      const row = await setIntegrationStatus(sql, input.integrationId, 'syncing');
      if (!row) return { proceed: false, syncRunId: null };
      const run = await insertSyncRun(sql, { integrationId: input.integrationId, workflowId, runId, trigger: input.trigger });
      return { proceed: true, syncRunId: run.id };
    },

    async runProviderSync(input: { integrationId: string }): Promise<SyncCounts> {
      const ctx = Context.current();
      const stored = await loadCredentials(sql, input.integrationId);
      if (!stored || stored.ciphertext === null) {
        throw permanentFailure(FailureType.Config, 'the integration has no stored credentials; connect it again');
      }
      let credentials: Record<string, unknown>;
      try {
        credentials = cipher.decrypt(stored.ciphertext, stored.key);
      } catch (err) {
        if (err instanceof CredentialDecryptError) throw permanentFailure(FailureType.Credentials, err.message);
        throw err;
      }
      const adapter = providers.get(stored.key.provider);
      if (!adapter) throw permanentFailure(FailureType.NotImplemented, `no adapter for ${stored.key.provider}`);
      return adapter.sync({
        integrationId: input.integrationId,
        orgId: stored.key.orgId,
        projectId: stored.key.projectId,
        credentials,
        fetch: fetchImpl,
        heartbeat: (details) => ctx.heartbeat(details),
        signal: ctx.cancellationSignal,
        stores: createProviderStores(sql, cipher, { integrationId: input.integrationId, key: stored.key }),
        resumeFrom: ctx.info.heartbeatDetails,
      });
    },

    async finishSync(input: FinishSyncInput): Promise<void> {
      await sql.begin(async (tx) => {
        await finishSyncRun(tx, input.syncRunId, input);
        if (input.outcome === 'succeeded') await setIntegrationStatus(tx, input.integrationId, 'connected', { touchLastSync: true });
        else await setIntegrationStatus(tx, input.integrationId, 'error');
      });
    },

    async integrationExists(input: { integrationId: string }): Promise<boolean> {
      return (await findIntegrationById(sql, input.integrationId)) !== undefined;
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
