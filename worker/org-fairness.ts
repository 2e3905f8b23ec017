import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { ORG_BUSY_FAILURE_TYPE } from '../workflows/ids.js';
import { integrationLogFields } from './telemetry.js';

/** The activity that holds a provider slot for as long as a provider answers. */
const PROVIDER_ACTIVITY = 'runProviderSync';

/** WORKER_MAX_ACTIVITIES_PER_ORG's default: a quarter of the worker's activity slots, at least one. */
export function defaultMaxActivitiesPerOrg(maxConcurrentActivities: number): number {
  return Math.max(1, Math.floor(maxConcurrentActivities / 4));
}

/**
 * At most `maxPerOrg` provider activities of one org run on this worker at once. One over the limit gives its slot back
 * at once: it fails with a non-retryable `OrgBusy` failure before touching the provider, and the sync workflow waits
 * on a timer and schedules the provider step again (workflows/sync-integration.ts) — a fresh activity, so the wait
 * costs none of the sync's retry attempts and never fails it. A semaphore inside the activity would instead keep the
 * slot busy while waiting, which is the starvation this prevents. Per worker process, like the slots themselves.
 */
export function orgFairness(maxPerOrg: number): { interceptor: ActivityInterceptorsFactory; active(orgId: string): number } {
  const running = new Map<string, number>();
  const interceptor: ActivityInterceptorsFactory = (ctx) => ({
    inbound: {
      async execute(input, next) {
        const orgId = integrationLogFields(ctx.info.workflowExecution?.workflowId).org_id;
        if (ctx.info.activityType !== PROVIDER_ACTIVITY || orgId === undefined) return next(input);
        const now = running.get(orgId) ?? 0;
        if (now >= maxPerOrg) {
          throw ApplicationFailure.create({
            type: ORG_BUSY_FAILURE_TYPE,
            message: `this organization already runs ${maxPerOrg} provider syncs on this worker`,
            nonRetryable: true,
            // Expected flow control, not an error: the SDK logs benign failures at debug level.
            category: 'BENIGN',
          });
        }
        running.set(orgId, now + 1);
        try {
          return await next(input);
        } finally {
          const left = (running.get(orgId) ?? 1) - 1;
          if (left > 0) running.set(orgId, left);
          else running.delete(orgId);
        }
      },
    },
  });
  return { interceptor, active: (orgId) => running.get(orgId) ?? 0 };
}
