// Per-document KV caches of the last generation (its prompt and the first row's new tokens), so
// continuing or branching from a point already seen reuses the shared prefix instead of
// recomputing it. Entries are decode workspaces: a generation takes its document's entry over,
// rewinds it in place and decodes on in the same buffers, then hands it back. Bounded in bytes,
// evicted LRU.
import type { KvWorkspace } from './kv-workspace';

interface Entry {
  ids: number[];
  kv: KvWorkspace;
}

export interface PrefixHit {
  kv: KvWorkspace;
  /** How many leading tokens of the asked ids the workspace holds (its rows' first positions). */
  length: number;
}

export class PrefixCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxBytes = 512 * 1024 * 1024) {}

  /** The longest cached prefix of `ids` for `key`, at most `limit` tokens long; the entry stays (read it, never change it). */
  lookup(key: string, ids: readonly number[], limit: number): PrefixHit | null {
    const e = this.entries.get(key);
    if (!e) return null;
    this.entries.delete(key);
    this.entries.set(key, e); // most recently used
    const length = matching(e, ids, limit);
    return length === 0 ? null : { kv: e.kv, length };
  }

  /**
   * Removes `key`'s entry and hands it to the caller, who may change it and should store it back
   * when done; with the matching length (possibly 0: the buffers are still worth reusing).
   */
  take(key: string, ids: readonly number[], limit: number): PrefixHit | null {
    const e = this.entries.get(key);
    if (!e) return null;
    this.entries.delete(key);
    return { kv: e.kv, length: matching(e, ids, limit) };
  }

  /** Holds `kv` for `key`; `ids` are the tokens its first row's positions hold (or more). */
  store(key: string, ids: readonly number[], kv: KvWorkspace): void {
    this.entries.delete(key);
    this.entries.set(key, { ids: ids.slice(0, kv.length), kv });
    let total = 0;
    for (const x of this.entries.values()) total += x.kv.bytes;
    for (const [k, x] of this.entries) {
      if (total <= this.maxBytes || this.entries.size === 1) break;
      total -= x.kv.bytes;
      this.entries.delete(k);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

function matching(e: Entry, ids: readonly number[], limit: number): number {
  let n = 0;
  const max = Math.min(limit, e.ids.length, ids.length, e.kv.length);
  while (n < max && e.ids[n] === ids[n]) n++;
  return n;
}
