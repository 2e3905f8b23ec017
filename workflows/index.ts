// Everything the worker registers: Temporal bundles this file (workflowsPath) into the deterministic sandbox.
export { syncIntegration } from './sync-integration.js';
export { triggerScheduledSync } from './scheduled-sync.js';
export { reconcileSyncs } from './reconcile.js';
