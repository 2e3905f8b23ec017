import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';

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
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...workflowSource,
    activities: createActivities({ ...opts.activities, temporal }),
    shutdownGraceTime: opts.shutdownGraceTimeMs ?? 30_000,
    maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivityTaskExecutions ?? 50,
    ...(opts.interceptors ? { interceptors: opts.interceptors } : {}),
    ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
  });
}
