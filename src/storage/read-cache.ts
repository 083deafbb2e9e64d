import type { Store } from './ports.js';

/**
 * A read-through cache over the store's hot lookups (secret by name/ARN/id, version by stage/id),
 * for the embedded single-node store, where every write passes through this process.
 *
 * Correctness rule: any call that is not a known read — a transaction, touchLastAccessed, or a
 * method added later — clears the whole cache when it settles, and a read only fills the cache if
 * no write settled while it was in flight (a generation counter). Writes are rare next to reads,
 * so clearing everything keeps the rule simple enough to trust.
 *
 * Not used with PostgreSQL: other nodes write there, and reads must see their writes at once.
 */
const CACHED = ['findByName', 'findByArn', 'findById', 'getVersion', 'getVersionByStage', 'listVersions'] as const;
const READ_PREFIXES = ['find', 'get', 'list', 'count', 'scan', 'ping', 'close'];

export type ReadCacheStats = { hits: number; misses: number; size: number };

export function withReadCache<S extends Store>(store: S, maxEntries = 10_000): S & { cacheStats(): ReadCacheStats } {
  const cache = new Map<string, unknown>();
  let generation = 0;
  let hits = 0;
  let misses = 0;
  const clear = () => {
    generation++;
    cache.clear();
  };

  const cachedRead =
    (name: string, fn: (...a: string[]) => Promise<unknown>) =>
    async (...args: string[]) => {
      const key = `${name}\u0000${args.join('\u0000')}`;
      if (cache.has(key)) {
        hits++;
        const v = cache.get(key);
        // Refresh recency: Map keeps insertion order, so the oldest entry is evicted first.
        cache.delete(key);
        cache.set(key, v);
        return v;
      }
      misses++;
      const gen = generation;
      const v = await fn(...args);
      if (gen === generation) {
        cache.set(key, v);
        if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
      }
      return v;
    };

  const wrapped: Record<string, unknown> = {};
  for (const key of Object.keys(store) as (keyof S & string)[]) {
    const value = store[key];
    if (typeof value !== 'function') continue;
    const fn = (value as (...a: unknown[]) => Promise<unknown>).bind(store);
    if ((CACHED as readonly string[]).includes(key)) {
      wrapped[key] = cachedRead(key, fn as (...a: string[]) => Promise<unknown>);
    } else if (READ_PREFIXES.some((p) => key.startsWith(p))) {
      wrapped[key] = fn;
    } else {
      wrapped[key] = (...args: unknown[]) => fn(...args).finally(clear);
    }
  }
  return {
    ...store,
    ...wrapped,
    cacheStats: () => ({ hits, misses, size: cache.size }),
  } as S & { cacheStats(): ReadCacheStats };
}
