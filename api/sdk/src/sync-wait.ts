import { AuditApiError } from './errors.js';
import type { IntegrationDetail, IntegrationPlaceholderDetail, SyncRun } from './types.js';

export interface SyncWaitOptions {
  /** Give up (reject with code `timeout`) after this long; default 300 000 ms. */
  timeoutMs?: number;
  /** Every row read while waiting, the last one included. */
  onProgress?: (row: IntegrationDetail | IntegrationPlaceholderDetail) => void;
}

export const DEFAULT_SYNC_TIMEOUT_MS = 300_000;
const FIRST_DELAY_MS = 250;
/** Polling slows down to one read every two seconds: a long sync costs ~30 requests a minute, a short one waits little. */
const MAX_DELAY_MS = 2000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls the single GET until the row leaves `syncing`. `connected` resolves with it; `error` rejects with the newest
 * sync run's code and message (the run is recorded in the same transaction as the row's status, so it is there);
 * `disconnected` (a disconnect cancelled the sync) rejects with `cancelled`.
 */
export async function waitForSync(
  read: () => Promise<IntegrationDetail | IntegrationPlaceholderDetail>,
  latestRun: () => Promise<SyncRun | undefined>,
  options: SyncWaitOptions,
): Promise<IntegrationDetail> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SYNC_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let delay = FIRST_DELAY_MS;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new AuditApiError(0, 'timeout', `The sync did not finish within ${Math.round(timeoutMs / 1000)} s; it goes on in the service.`);
    await sleep(Math.min(delay, left));
    delay = Math.min(Math.round(delay * 1.5), MAX_DELAY_MS);
    const row = await read();
    options.onProgress?.(row);
    if (row.id === null) throw new AuditApiError(0, 'not_connected', 'The integration does not exist any more.');
    if (row.status === 'connected') return row;
    if (row.status === 'disconnected') throw new AuditApiError(0, 'cancelled', 'The integration was disconnected while it synced.');
    if (row.status === 'error') {
      const run = await latestRun();
      throw new AuditApiError(0, run?.error_code ?? 'sync_failed', run?.error_message ?? 'The sync failed.');
    }
  }
}
