import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import type { BareActivities } from './bare-workflow.js';

/**
 * The sync engine's ceiling, in two processes like the real thing:
 *   worker                            — a bare worker (no database, no provider) with the real worker's settings;
 *   start <count> <conc> <result.json> — starts `count` bare workflows, `conc` starts in flight at a time, and records
 *                                        each one's start time and the time its last activity ran (run it once
 *                                        untimed first: that waits for the worker to bundle its workflows).
 * TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE and WORKER_MAX_CONCURRENT_ACTIVITIES come from the env.
 */
const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
const taskQueue = process.env.TEMPORAL_TASK_QUEUE ?? 'bench-bare';
const WORKFLOWS_PATH = fileURLToPath(new URL('./bare-workflow.ts', import.meta.url));

const activities: BareActivities = {
  begin: () => Promise.resolve(),
  work: () => Promise.resolve(),
  finish: () => Promise.resolve(Date.now()),
};

async function runWorker(): Promise<void> {
  Runtime.install({ telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } } });
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities,
    shutdownGraceTime: 30_000,
    maxConcurrentActivityTaskExecutions: Number(process.env.WORKER_MAX_CONCURRENT_ACTIVITIES ?? 50),
  });
  try {
    await worker.run();
  } finally {
    await connection.close();
  }
}

async function runStarts(count: number, concurrency: number, resultPath: string): Promise<void> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const tag = Date.now().toString(36);
  const start = (id: string, n: number) => client.workflow.start('bareSync', { taskQueue, workflowId: id, args: [{ n }] });

  const sentAt: number[] = [];
  const doneAt: number[] = [];
  const results: Promise<void>[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const n = next++;
      sentAt[n] = Date.now();
      const handle = await start(`bare/${tag}/${n}`, n);
      results.push(handle.result().then((at) => void (doneAt[n] = at)));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  await Promise.all(results);
  await connection.close();
  await writeFile(resultPath, JSON.stringify({ sentAt, doneAt }));
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'worker') await runWorker();
else if (mode === 'start') await runStarts(Number(args[0]), Number(args[1]), args[2]!);
else throw new Error('usage: bare-temporal.ts worker | start <count> <concurrency> <result.json>');
