/**
 * The integrations view's fallback while its live event stream is down (live-events.ts); stopped once the stream is
 * back. Refreshes while something is syncing, quickly at first and then backing off; slowly when idle; much more slowly
 * while the tab is hidden, and at once when it becomes visible again. `tick` answers whether anything is syncing.
 */
export interface PollerOptions {
  activeMs?: number;
  activeMaxMs?: number;
  idleMs?: number;
  hiddenMs?: number;
  hiddenMaxMs?: number;
}

export interface Poller {
  /** Poll now and restart the fast cadence (after the user started a sync). */
  kick(): void;
  stop(): void;
}

export function startPoller(tick: () => Promise<boolean>, opts: PollerOptions = {}): Poller {
  const { activeMs = 1000, activeMaxMs = 8000, idleMs = 30_000, hiddenMs = 15_000, hiddenMaxMs = 120_000 } = opts;
  let timer: number | undefined;
  let attempt = 0;
  let stopped = false;
  let running = false;

  function delay(syncing: boolean, failed: boolean): number {
    if (document.visibilityState === 'hidden') return Math.min(hiddenMs * 2 ** attempt, hiddenMaxMs);
    if (failed) return Math.min(activeMs * 5 * 2 ** attempt, idleMs * 2);
    return syncing ? Math.min(activeMs * 1.5 ** attempt, activeMaxMs) : idleMs;
  }

  async function run(): Promise<void> {
    if (stopped || running) return;
    running = true;
    let syncing = false;
    let failed = false;
    try {
      syncing = await tick();
    } catch {
      failed = true;
    } finally {
      running = false;
    }
    if (stopped) return;
    const wait = delay(syncing, failed);
    attempt = syncing || failed || document.visibilityState === 'hidden' ? attempt + 1 : 0;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void run(), wait);
  }

  function kick(): void {
    attempt = 0;
    window.clearTimeout(timer);
    void run();
  }

  const onVisibility = () => {
    if (document.visibilityState === 'visible') kick();
  };
  document.addEventListener('visibilitychange', onVisibility);
  void run();
  return {
    kick,
    stop() {
      stopped = true;
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
