import { Context } from '@temporalio/activity';
import { Webhook } from 'standardwebhooks';
import { pruneAuditLog } from '../db/audit-log.js';
import { pruneAuditEvents } from '../db/events.js';
import { pruneInboundDeliveries } from '../db/inbound-deliveries.js';
import type { CredentialCipher } from '../db/crypto.js';
import type { IntegrationRow } from '../db/integrations.js';
import type { Db, Sql } from '../db/sql.js';
import type { SyncRunRow } from '../db/sync-runs.js';
import { decryptWebhookSecret } from '../db/webhook-secrets.js';
import {
  disableEndpoint,
  loadDeliveryAttempt,
  lockUndispatchedDeliveries,
  markDispatched,
  pruneWebhookEvents,
  recordDeliveryAttempt,
  recordWebhookEvent,
  syncEventData,
  type AttemptOutcome,
} from '../db/webhooks.js';
import {
  DEFAULT_WEBHOOK_RETRY,
  DELIVER_WEBHOOK_WORKFLOW_TYPE,
  webhookDeliveryWorkflowId,
  type AttemptResult,
  type DeliverWebhookInput,
  type WebhookRetryPolicy,
} from '../workflows/webhook-ids.js';
import type { OutboundClient } from './outbound/client.js';
import type { TemporalDeps } from './temporal-activities.js';
import { formatTimestamp } from '../db/timestamps.js';

/** Any 2xx within this is delivered; slower counts as a failed attempt. */
export const WEBHOOK_ATTEMPT_TIMEOUT_MS = 10_000;
const DISPATCH_BATCH = 100;
const DISPATCH_MAX_BATCHES = 20;
const PRUNE_BUDGET_MS = 30_000;

export interface WebhookDeliverySettings {
  retry: WebhookRetryPolicy;
  /** AUDIT_LOG_RETENTION_DAYS. */
  auditLogRetentionDays: number;
  /** Finished deliveries and their events are kept this long. */
  deliveryRetentionDays: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookDeliverySettings = { retry: DEFAULT_WEBHOOK_RETRY, auditLogRetentionDays: 365, deliveryRetentionDays: 30 };

/** finishSync's outbox write: sync.succeeded / sync.failed, and findings.pushed when a tracker sync filed issues. */
export async function recordSyncEvents(tx: Db, row: IntegrationRow, run: SyncRunRow): Promise<void> {
  if (run.outcome !== 'succeeded' && run.outcome !== 'failed') return;
  const base = { orgId: row.org_id, projectId: row.project_id };
  await recordWebhookEvent(tx, { ...base, type: run.outcome === 'succeeded' ? 'sync.succeeded' : 'sync.failed', data: syncEventData(row, run) });
  if (run.outcome === 'succeeded' && run.items_pushed > 0) {
    await recordWebhookEvent(tx, {
      ...base,
      type: 'findings.pushed',
      data: { integration_id: row.id, org_id: row.org_id, project_id: row.project_id, provider: row.provider, tracker: row.provider, sync_run_id: run.id, count: run.items_pushed },
    });
  }
}


export interface DispatchResult {
  started: number;
  failed: number;
}

export function createWebhookActivities(deps: { sql: Sql; cipher: CredentialCipher; outbound: OutboundClient; temporal: TemporalDeps | undefined; settings?: Partial<WebhookDeliverySettings> | undefined }) {
  const { sql, cipher, outbound } = deps;
  const settings: WebhookDeliverySettings = { ...DEFAULT_WEBHOOK_SETTINGS, ...deps.settings };

  return {
    /**
     * Starts a delivery workflow (id webhook-delivery/<delivery id>) for each undispatched delivery. The rows stay
     * locked until their starts are done and they are marked, so a crash half-way leaves them for the next sweep; a
     * repeated start joins the running workflow, or starts one that finds the delivery finished and stops.
     */
    async dispatchWebhookDeliveries(): Promise<DispatchResult> {
      if (!deps.temporal) throw new Error('dispatchWebhookDeliveries needs a Temporal client (ActivityDeps.temporal)');
      const { client, taskQueue } = deps.temporal;
      const result: DispatchResult = { started: 0, failed: 0 };
      for (let batch = 0; batch < DISPATCH_MAX_BATCHES; batch++) {
        const locked = await sql.begin(async (tx) => {
          const rows = await lockUndispatchedDeliveries(tx, DISPATCH_BATCH);
          const started: string[] = [];
          await Promise.all(
            rows.map(async (r) => {
              const input: DeliverWebhookInput = { deliveryId: r.id, retry: settings.retry };
              try {
                await client.workflow.start(DELIVER_WEBHOOK_WORKFLOW_TYPE, {
                  taskQueue,
                  workflowId: webhookDeliveryWorkflowId(r.id),
                  args: [input],
                  workflowIdConflictPolicy: 'USE_EXISTING',
                  workflowIdReusePolicy: 'ALLOW_DUPLICATE',
                  priority: { fairnessKey: r.org_id },
                });
                started.push(r.id);
              } catch {
                result.failed++;
              }
            }),
          );
          await markDispatched(tx, started);
          result.started += started.length;
          return rows.length;
        });
        if (locked < DISPATCH_BATCH || result.failed > 0) break;
      }
      return result;
    },

    /**
     * One attempt: loads the event, the endpoint and its secret(s), signs per Standard Webhooks (both secrets during a
     * rotation's overlap), posts through the outbound client and records the outcome. Only ids and the outcome cross
     * into history. `retryInMs` null: this is the last attempt the delivery window allows.
     */
    async attemptWebhookDelivery(input: { deliveryId: string; retryInMs: number | null }): Promise<AttemptResult> {
      const src = await loadDeliveryAttempt(sql, input.deliveryId);
      if (!src || src.status !== 'pending') return 'skipped';
      const record = (o: Omit<AttemptOutcome, 'status' | 'nextAttemptInMs'> & { ok?: boolean }): Promise<AttemptResult> => {
        const status = o.ok ? 'delivered' : input.retryInMs === null ? 'failed' : 'pending';
        return recordDeliveryAttempt(sql, src.delivery_id, { statusCode: o.statusCode, error: o.error, status, nextAttemptInMs: status === 'pending' ? input.retryInMs : null }).then(() =>
          status === 'delivered' ? 'delivered' : status === 'failed' ? 'failed' : 'retry',
        );
      };
      if (!src.enabled) {
        await recordDeliveryAttempt(sql, src.delivery_id, { statusCode: null, error: 'the endpoint is disabled', status: 'failed', nextAttemptInMs: null, attempted: false });
        return 'failed';
      }
      let secrets: string[];
      try {
        secrets = [src.secret, ...(src.previous_secret && src.previous_secret_valid ? [src.previous_secret] : [])].map((s) => decryptWebhookSecret(cipher, src.org_id, src.endpoint_id, s));
      } catch {
        return record({ statusCode: null, error: 'the signing secret could not be decrypted with the configured credentials keys' });
      }
      const body = JSON.stringify({ id: src.event_id, type: src.event_type, created_at: formatTimestamp(src.event_created_at), data: src.event_data });
      const now = new Date();
      const signature = secrets.map((s) => new Webhook(s).sign(src.event_id, now, body)).join(' ');
      const ctx = Context.current();
      const heartbeat = setInterval(() => ctx.heartbeat(), 1000);
      try {
        const logFields = { org_id: src.org_id, endpoint_id: src.endpoint_id, delivery_id: src.delivery_id };
        const res = await outbound.session({ signal: ctx.cancellationSignal, heartbeat: (d) => ctx.heartbeat(d), logFields }).send(src.url, {
          method: 'POST',
          label: 'Webhook endpoint',
          origin: 'url',
          timeoutMs: WEBHOOK_ATTEMPT_TIMEOUT_MS,
          headers: {
            'content-type': 'application/json',
            'webhook-id': src.event_id,
            'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
            'webhook-signature': signature,
          },
          body,
        });
        if (res.status >= 200 && res.status < 300) return await record({ statusCode: res.status, error: null, ok: true });
        if (res.status === 410) {
          // The receiver asked to stop: the endpoint is switched off and this delivery ends here.
          await disableEndpoint(sql, src.endpoint_id, 'the endpoint answered 410 Gone');
          await recordDeliveryAttempt(sql, src.delivery_id, { statusCode: 410, error: 'the endpoint answered 410 Gone; it was disabled', status: 'failed', nextAttemptInMs: null });
          return 'failed';
        }
        return await record({ statusCode: res.status, error: `the endpoint answered HTTP ${res.status}` });
      } catch (err) {
        if (ctx.cancellationSignal.aborted) throw err;
        // The outbound client's messages name the endpoint by label and the reason, never the URL or a header; a refused,
        // unresolvable or silent address reads the same, so deliveries cannot map the deployment's network.
        return record({ statusCode: null, error: (err as Error).message.slice(0, 300) });
      } finally {
        clearInterval(heartbeat);
      }
    },

    /** Gives up on a delivery whose attempts could not even be recorded within its window. */
    async abandonWebhookDelivery(input: { deliveryId: string }): Promise<void> {
      await recordDeliveryAttempt(sql, input.deliveryId, { statusCode: null, error: 'gave up: attempts could not be made within the delivery window', status: 'failed', nextAttemptInMs: null, attempted: false });
    },

    /**
     * The retention job: audit entries past AUDIT_LOG_RETENTION_DAYS, finished deliveries past their retention, live
     * events past their 15-minute replay window (db/events.ts), applied inbound provider webhooks past the delivery
     * retention (their rows are also what makes a replayed body a no-op, so they are kept as long).
     */
    async pruneRetention(): Promise<{ auditEntries: number; webhookEvents: number; liveEvents?: number; inboundDeliveries?: number }> {
      const began = Date.now();
      const out = { auditEntries: 0, webhookEvents: 0, liveEvents: 0, inboundDeliveries: 0 };
      for (let n = -1; n !== 0 && Date.now() - began < PRUNE_BUDGET_MS; ) out.auditEntries += n = await pruneAuditLog(sql, settings.auditLogRetentionDays);
      for (let n = -1; n !== 0 && Date.now() - began < PRUNE_BUDGET_MS; ) out.webhookEvents += n = await pruneWebhookEvents(sql, settings.deliveryRetentionDays);
      for (let n = -1; n !== 0 && Date.now() - began < PRUNE_BUDGET_MS; ) out.liveEvents += n = await pruneAuditEvents(sql);
      for (let n = -1; n !== 0 && Date.now() - began < PRUNE_BUDGET_MS; ) out.inboundDeliveries += n = await pruneInboundDeliveries(sql, settings.deliveryRetentionDays);
      return out;
    },
  };
}
