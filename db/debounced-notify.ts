/**
 * A NOTIFY sent after the change it announces committed, debounced: a burst of changes costs one NOTIFY when it begins
 * and at most one more per window while it lasts. The leading one wakes listeners at once, the trailing one covers
 * what committed during the window. Not inside the writer's own transaction: a transaction that notifies takes
 * Postgres's global notify lock at commit, which serialises every such commit (pgbench on this machine: a bare insert
 * at c=32 fell from 13,000–15,000 to 2,900–4,600 tps with a NOTIFY in it). Used for the sweeper's wake-up
 * (api/sync-wakeup.ts) and the live events' (api/events-hub.ts).
 */
export function createDebouncedNotify(notify: () => Promise<void>, opts: { windowMs: number; onError: (err: unknown) => void }): () => void {
  let window: NodeJS.Timeout | undefined;
  let pending = false;
  const send = () => void notify().catch(opts.onError);
  const open = () => {
    window = setTimeout(() => {
      window = undefined;
      if (!pending) return;
      pending = false;
      send();
      open();
    }, opts.windowMs);
    // A process that stops mid-window loses at most the trailing wake: the listeners' periodic pass covers it.
    window.unref();
  };
  return () => {
    if (window) {
      pending = true;
      return;
    }
    send();
    open();
  };
}
