import type { Api, OAuthProvider, Provider } from './api.js';

/** What every view needs, handed down by <audit-app> once the key is known to work. */
export interface AppContext {
  api: Api;
  orgId: string;
  projectId: string;
  canWrite: boolean;
  oauth: ReadonlyMap<Provider, OAuthProvider>;
  /** Polite live-region announcement for screen readers. */
  announce(message: string): void;
}

/** Fired (bubbling) when an integration's row changed through the UI: the list polls at once. */
export const CHANGED = 'integration-changed';
/** Fired when a sync finished (syncing → connected | error): findings may have new tasks. */
export const SYNC_FINISHED = 'sync-finished';
