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

/**
 * The inbound webhook at the provider (issue 28), managed with the integration's own credentials: what
 * activities/inbound-registration.ts (at each sync) and activities/inbound-removal.ts (after a disconnect) call.
 */
export interface InboundHookClient {
  /** Ids of the hooks at the provider that already deliver to `url` (Jira lists no URL: this app's hooks on the project). */
  find(url: string): Promise<string[]>;
  /** Creates one. `secret` signs it unless the provider answers with its own (Linear may): that one is returned then. */
  create(url: string, secret: string): Promise<{ remoteId: string; secret?: string | undefined }>;
  /** Removes one; a hook already gone counts as removed. */
  remove(remoteId: string): Promise<void>;
  /** Jira: dynamic webhooks expire 30 days after registration unless refreshed. */
  refresh?(remoteId: string): Promise<void>;
  /** What the credentials need when the provider refuses (shown with its answer as the `manual` reason). */
  readonly permission: string;
}

/** These credentials can never manage webhooks (a Jira API token): what the user does instead. */
export interface ManualHook {
  manual: string;
}

/** One adapter per provider: HTTP to the provider, errors classified with activities/errors.ts. */
export interface ProviderAdapter {
  readonly provider: Provider;
  sync(ctx: ProviderSyncContext): Promise<SyncCounts>;
  /** Trackers only: the client for their inbound webhook with these credentials. */
  inboundHooks?(ctx: ProviderSyncContext): Promise<InboundHookClient | ManualHook>;
}
