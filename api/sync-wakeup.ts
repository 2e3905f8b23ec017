/**
 * Tells the workers' sweeper that an integration became due at once (a connect, a resume) without calling Temporal:
 * a NOTIFY on db/sync-due.ts's channel after the change committed. Not inside the connect's own statement: a
 * transaction that notifies takes Postgres's global notify lock at commit, which serialises every such commit (pgbench
 * on this machine: a bare insert at c=32 fell from 13,000–15,000 to 2,900–4,600 tps with a NOTIFY in it). Here a
 * burst of connects costs one NOTIFY when it begins and at most one more per window while it lasts: the leading one
 * starts the first sync at once, the trailing one covers the rows committed during the window.
 */
export function createSweepWaker(notify: () => Promise<void>, opts: { windowMs: number; onError: (err: unknown) => void }): () => void {
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
    // A process that stops mid-window loses at most the trailing wake: the periodic sweep starts those rows.
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
