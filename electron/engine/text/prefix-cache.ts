// Per-document KV caches of the last prompt, so continuing or branching from a point already
// seen reuses the shared prefix instead of recomputing it. Bounded in bytes, evicted LRU.
import type { KvCache } from './kv-cache';

interface Entry {
  ids: number[];
  cache: KvCache;
}

export class PrefixCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxBytes = 512 * 1024 * 1024) {}

  /** The longest cached prefix of `ids` for `key`, at most `limit` tokens long. */
  lookup(key: string, ids: readonly number[], limit: number): { cache: KvCache; length: number } | null {
    const e = this.entries.get(key);
    if (!e) return null;
    this.entries.delete(key);
    this.entries.set(key, e); // most recently used
    let n = 0;
    const max = Math.min(limit, e.ids.length, ids.length, e.cache.length);
    while (n < max && e.ids[n] === ids[n]) n++;
    return n === 0 ? null : { cache: e.cache.rewindTo(n), length: n };
  }

  store(key: string, ids: readonly number[], cache: KvCache): void {
    this.entries.delete(key);
    this.entries.set(key, { ids: ids.slice(0, cache.length), cache });
    let total = 0;
    for (const x of this.entries.values()) total += x.cache.bytes;
    for (const [k, x] of this.entries) {
      if (total <= this.maxBytes || this.entries.size === 1) break;
      total -= x.cache.bytes;
      this.entries.delete(k);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
