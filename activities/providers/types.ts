import type { Provider } from '../../db/providers.js';
import type { SyncCounts } from '../../db/sync-runs.js';
import type { OutboundSession } from '../outbound/client.js';
import type { SyncLimits } from './options.js';
import type { ProviderStores } from '../stores/index.js';

export type Credentials = Record<string, unknown>;

/** What an adapter may use during one sync. It never sees the database; the activity does that. */
export interface ProviderSyncContext {
  integrationId: string;
  orgId: string;
  projectId: string;
  credentials: Credentials;
  /** Every request to the provider goes through here: egress guard, byte cap, timeouts, per-host pacing. */
  http: OutboundSession;
  /** Record progress so a restarted attempt can resume; also how cancellation is noticed. */
  heartbeat: (details?: unknown) => void;
  signal: AbortSignal;
  /** Findings, tasks, metrics and credential updates for this integration only. */
  stores: ProviderStores;
  /** Per-sync caps on listings; defaults when absent. */
  limits?: SyncLimits;
  /** Heartbeat details of the previous attempt, if it got that far: where to resume. */
  resumeFrom: unknown;
  /**
   * A full resync (POST …/resync): forget every link, cursor and cache kept from earlier syncs and pull everything
   * again. Trackers re-match each open finding to its issue by marker (tracker-sync.ts); the data adapters and Sentry
   * keep nothing between syncs (each pull reads its whole window), so for them it is an ordinary sync. Every attempt of
   * the resync starts over, which is what makes a retry after a crash safe.
   */
  fullResync?: boolean;
}

/** One adapter per provider: HTTP to the provider, errors classified with activities/errors.ts. */
export interface ProviderAdapter {
  readonly provider: Provider;
  sync(ctx: ProviderSyncContext): Promise<SyncCounts>;
}
