export { freePort, PROJECT_ROOT, startEmbeddedPostgres, startTemporalDevServer, stopChild, waitForPort, temporalCliPath, temporalTestServerPath } from '../../worker/dev-services.js';
export type { EmbeddedPostgresHandle, TemporalDevServer } from '../../worker/dev-services.js';
export { WORKFLOWS_PATH as WORKFLOWS_PATH_FOR_TESTS } from '../../worker/create-worker.js';
