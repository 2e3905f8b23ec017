import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSweepWaker } from '../../api/sync-wakeup.js';

describe('createSweepWaker (connect → NOTIFY, debounced)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const waker = () => {
    const notify = vi.fn(() => Promise.resolve());
    return { notify, wake: createSweepWaker(notify, { windowMs: 100, onError: () => undefined }) };
  };

  it('notifies at once for a lone connect, and not again when nothing follows', () => {
    const { notify, wake } = waker();
    wake();
    expect(notify).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(notify).toHaveBeenCalledTimes(1);
  });

  it('turns a burst into one NOTIFY at its start and one per window while it lasts', () => {
    const { notify, wake } = waker();
    for (let i = 0; i < 50; i++) wake();
    expect(notify).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(100);
    // The rows committed during the window: one trailing NOTIFY.
    expect(notify).toHaveBeenCalledTimes(2);
    wake();
    vi.advanceTimersByTime(100);
    expect(notify).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(1000);
    expect(notify).toHaveBeenCalledTimes(3);
    wake();
    expect(notify).toHaveBeenCalledTimes(4);
  });

  it('reports a failed NOTIFY and keeps waking afterwards', async () => {
    const errors: unknown[] = [];
    const notify = vi.fn(() => Promise.reject(new Error('connection lost')));
    const wake = createSweepWaker(notify, { windowMs: 100, onError: (err) => errors.push(err) });
    wake();
    await vi.runAllTimersAsync();
    expect(errors).toHaveLength(1);
    wake();
    expect(notify).toHaveBeenCalledTimes(2);
  });
});
