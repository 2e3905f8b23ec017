import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import { defaultMaxActivitiesPerOrg, orgFairness } from './org-fairness.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: ActivityDeps;
  /** A bundle made by bundleWorkflowCode (tests and production builds); otherwise workflows are bundled at start. */
  workflowBundlePath?: string | undefined;
  shutdownGraceTimeMs?: number;
  maxConcurrentActivityTaskExecutions?: number;
  /** WORKER_MAX_ACTIVITIES_PER_ORG: provider activities one org may run at once here; default a quarter of the slots. */
  maxActivitiesPerOrg?: number | undefined;
  /** Activity log context (worker/telemetry.ts). */
  interceptors?: WorkerOptions['interceptors'];
  /** The payload codec (db/payload-codec.ts dataConverterOptions); runs outside the workflow sandbox. */
  dataConverter?: WorkerOptions['dataConverter'];
}

export async function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = opts.workflowBundlePath
    ? { workflowBundle: { codePath: opts.workflowBundlePath } }
    : { workflowsPath: WORKFLOWS_PATH };
  // Scheduled syncs and the reconciler start and describe workflows: by default over the worker's own connection.
  const temporal = opts.activities.temporal ?? {
    client: new Client({ connection: opts.connection, namespace: opts.namespace, ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}) }),
    taskQueue: opts.taskQueue,
  };
  const maxActivities = opts.maxConcurrentActivityTaskExecutions ?? 50;
  const fairness = orgFairness(opts.maxActivitiesPerOrg ?? defaultMaxActivitiesPerOrg(maxActivities));
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...workflowSource,
    activities: createActivities({ ...opts.activities, temporal }),
    shutdownGraceTime: opts.shutdownGraceTimeMs ?? 30_000,
    maxConcurrentActivityTaskExecutions: maxActivities,
    interceptors: { ...opts.interceptors, activity: [...(opts.interceptors?.activity ?? []), fairness.interceptor] },
    ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
  });
}
