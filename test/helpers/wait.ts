/**
 * Polls until `fn` returns a value other than undefined, and returns it. The outcome is asserted by the caller, never the
 * time it took: `timeoutMs` only bounds a wait that would otherwise hang.
 */
export async function waitFor<T>(fn: () => Promise<T | undefined>, what = 'condition', timeoutMs = 45_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
