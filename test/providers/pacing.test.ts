import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHostPacer } from '../../activities/outbound/pacing.js';

/** Fake timers: the pacer's waits are asserted on the virtual clock, exactly, with no wall-clock tolerance needed. */
describe('per-host pacing of one integration', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 0 }));
  afterEach(() => void vi.useRealTimers());

  function pacer() {
    const beats: unknown[] = [];
    const pace = createHostPacer({ signal: new AbortController().signal, heartbeat: (d) => void beats.push(d) });
    const sent: { host: string; at: number }[] = [];
    const send = async (host: string, method: string, policy: Parameters<typeof pace>[2]) => {
      await pace(host, method, policy);
      sent.push({ host, at: Date.now() });
    };
    return { send, sent, beats };
  }

  it('keeps a minimum interval between requests to one host, independently per host', async () => {
    const { send, sent } = pacer();
    const policy = { minIntervalMs: 100 };
    const run = (async () => {
      await send('a.example', 'GET', policy);
      await send('a.example', 'GET', policy);
      await send('b.example', 'GET', policy);
      await send('a.example', 'GET', policy);
    })();
    await vi.runAllTimersAsync();
    await run;
    expect(sent).toEqual([
      { host: 'a.example', at: 0 },
      { host: 'a.example', at: 100 },
      { host: 'b.example', at: 100 },
      { host: 'a.example', at: 200 },
    ]);
  });

  it('lets at most `max` writes into any window (GitHub: 80 content-creating requests a minute); reads are not held', async () => {
    const { send, sent, beats } = pacer();
    const policy = { writeWindow: { max: 80, windowMs: 60_000 } };
    const run = (async () => {
      for (let i = 0; i < 81; i++) await send('api.github.com', 'POST', policy);
      await send('api.github.com', 'GET', policy);
    })();
    await vi.runAllTimersAsync();
    await run;
    expect(sent.slice(0, 80).every((s) => s.at === 0)).toBe(true);
    expect(sent[80]).toEqual({ host: 'api.github.com', at: 60_000 });
    expect(sent[81]!.at).toBe(60_000);
    // The minute-long wait heartbeats, so it is not taken for a stuck worker.
    expect(beats.length).toBeGreaterThanOrEqual(12);
  });

  it('stops waiting when the sync is cancelled', async () => {
    const controller = new AbortController();
    const pace = createHostPacer({ signal: controller.signal, heartbeat: () => undefined });
    const policy = { window: { max: 1, windowMs: 3_600_000 } };
    await pace('api.linear.app', 'POST', policy);
    const waiting = pace('api.linear.app', 'POST', policy).catch((e: unknown) => e);
    controller.abort(new Error('cancelled'));
    await vi.advanceTimersByTimeAsync(0);
    expect(await waiting).toMatchObject({ message: 'cancelled' });
  });
});
