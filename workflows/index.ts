// Everything the worker registers: Temporal bundles this file (workflowsPath) into the deterministic sandbox.
export { syncIntegration } from './sync-integration.js';
export { housekeeping } from './housekeeping.js';
export { deliverWebhook } from './deliver-webhook.js';
