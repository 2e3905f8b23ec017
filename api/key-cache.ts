import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { API_KEY_REVOKED_CHANNEL, findActiveKeyByHash, hashToken, type ApiKeyRow } from '../db/api-keys.js';
import type { Sql } from '../db/sql.js';

export interface ApiKeyCacheOptions {
  /** Keys held at most (least recently used go first). */
  max?: number;
  /** Safety net: an entry is looked up again after this long even if no revocation was heard. */
  ttlMs?: number;
  /** How often the listen connection is proven alive (a NOTIFY to ourselves); the cache is off while it is not. */
  probeMs?: number;
  /** Told when the cache turns on (listening) or off (listen connection lost); for the log. */
  onStateChange?: (listening: boolean) => void;
}

export interface ApiKeyCache {
  /** The active key for a presented token, from memory when it can be trusted, else from Postgres. */
  find(token: string): Promise<ApiKeyRow | undefined>;
  /** True while revocations are being heard (the cache is in use). */
  readonly listening: boolean;
  close(): Promise<void>;
}

/**
 * API-key lookups without a query per request. Entries are keyed by the token's SHA-256 (never the token) and dropped
 * the moment any process revokes the key: `revokeApiKey` notifies API_KEY_REVOKED_CHANNEL in its transaction and every
 * API process LISTENs on it. The cache is only used while the listen connection is known to work: it starts off, turns
 * on when postgres.js reports the LISTEN (re)established, and is cleared and turned off when a probe NOTIFY the
 * process sends itself every `probeMs` does not come back within two periods — so a revoked key stops working in
 * every process within about a second, whether or not the listen connection is up.
 */
export function createApiKeyCache(sql: Sql, opts: ApiKeyCacheOptions = {}): ApiKeyCache {
  const cache = new LRUCache<string, ApiKeyRow>({ max: opts.max ?? 10_000, ttl: opts.ttlMs ?? 60_000 });
  const probeMs = opts.probeMs ?? 300;
  const probeChannel = `${API_KEY_REVOKED_CHANNEL}_probe_${randomBytes(6).toString('hex')}`;
  let listening = false;
  // Bumped by every revocation heard: a lookup that raced one does not put its (possibly stale) answer in the cache.
  let generation = 0;
  let lastPong = 0;
  let closed = false;

  const setListening = (next: boolean) => {
    if (!next) cache.clear();
    if (next === listening) return;
    listening = next;
    opts.onStateChange?.(next);
  };

  const revoked = sql.listen(
    API_KEY_REVOKED_CHANNEL,
    (keyId) => {
      generation++;
      for (const [hash, key] of cache.entries()) if (key.id === keyId) cache.delete(hash);
    },
    // (Re)connected: whatever was revoked meanwhile went unheard, so start empty.
    () => {
      cache.clear();
      generation++;
      lastPong = Date.now();
      setListening(true);
    },
  );
  const probes = sql.listen(probeChannel, () => {
    lastPong = Date.now();
  });
  // A failed first LISTEN (Postgres down at start) leaves the cache off; postgres.js keeps retrying on reconnect.
  revoked.catch(() => undefined);
  probes.catch(() => undefined);

  const timer = setInterval(() => {
    if (listening && Date.now() - lastPong > 2 * probeMs + 100) setListening(false);
    else if (!listening && lastPong > 0 && Date.now() - lastPong <= probeMs + 100) setListening(true);
    sql.notify(probeChannel, '').catch(() => setListening(false));
  }, probeMs);
  timer.unref();

  return {
    get listening() {
      return listening;
    },
    async find(token) {
      const hash = hashToken(token);
      if (listening) {
        const hit = cache.get(hash);
        if (hit) return hit;
      }
      const before = generation;
      const key = await findActiveKeyByHash(sql, hash);
      if (key && listening && generation === before && !closed) cache.set(hash, key);
      return key;
    },
    async close() {
      closed = true;
      clearInterval(timer);
      setListening(false);
      await Promise.allSettled([revoked.then((l) => l.unlisten()), probes.then((l) => l.unlisten())]);
    },
  };
}
