// Loaded models stay in the worker between jobs, least recently used evicted first once their
// weights add up to more than the memory budget. Everything a running job touched is pinned until
// the job ends (a GAN job holds its generator and two upscalers at once), so eviction never
// releases a session in use. A model whose files changed on disk is loaded again.
import { totalmem } from 'node:os';
import { noteWarm, trackLoad } from './load-progress';

export interface Disposable {
  dispose(): Promise<void>;
}

/** One loaded model, as settings shows it. */
export interface LoadedModel {
  key: string;
  /** The model id (or folder name) and what it is. */
  label: string;
  kind: string;
  /** The provider it runs on (known once loaded). */
  provider: string | null;
  /** Weights bytes: what it holds in memory, roughly. */
  bytes: number;
  lastUsedAt: number;
}

interface Entry extends LoadedModel {
  stamp: string;
  value: Promise<Disposable>;
}

/** Half the machine's memory, at most 8 GiB: room for a mid-size LM and an SD pipeline. */
export function defaultBudgetBytes(total = totalmem()): number {
  return Math.min(8 * 2 ** 30, Math.floor(total / 2));
}

export class WarmPool {
  private readonly entries = new Map<string, Entry>();
  private readonly pinned = new Set<string>();
  /** Entries to unload when the job using them ends (they duplicate a copy on the same device). */
  private readonly retired = new Set<string>();
  private retiredCount = 0;
  private listener: ((loaded: LoadedModel[]) => void) | null = null;

  constructor(private budget = defaultBudgetBytes()) {}

  get budgetBytes(): number {
    return this.budget;
  }

  setBudget(bytes: number): void {
    this.budget = bytes;
    this.evict();
    this.changed();
  }

  onChange(fn: ((loaded: LoadedModel[]) => void) | null): void {
    this.listener = fn;
  }

  /**
   * The loaded model for `key`, loading it when it is not loaded or its files changed (`stamp`).
   * `describe` says what the value runs on and how many bytes of weights it holds once loaded.
   */
  get<T extends Disposable>(
    key: string,
    stamp: string,
    meta: { label: string; kind: string },
    load: () => Promise<T>,
    describe: (value: T) => { provider: string | null; bytes: number },
  ): Promise<T> {
    let entry = this.entries.get(key);
    if (entry && entry.stamp !== stamp) {
      this.drop(key);
      entry = undefined;
    }
    if (entry) {
      this.entries.delete(key); // re-insert: Map order is the LRU order
      noteWarm(meta.label, entry.provider);
    } else {
      // The waiting job hears the load's stages; a warm hit above reports none.
      const value = trackLoad(meta.label, load);
      entry = { key, stamp, ...meta, provider: null, bytes: 0, lastUsedAt: Date.now(), value };
      const mine = entry;
      value.then(
        (v) => {
          Object.assign(mine, describe(v as T));
          this.evict();
          this.changed();
        },
        () => {
          if (this.entries.get(key) === mine) this.entries.delete(key);
          this.changed();
        },
      );
    }
    entry.lastUsedAt = Date.now();
    this.entries.set(key, entry);
    this.pinned.add(key);
    this.evict();
    this.changed();
    return entry.value as Promise<T>;
  }

  /** Whether `key` is loaded (or loading) from files with this `stamp`. */
  holds(key: string, stamp: string): boolean {
    return this.entries.get(key)?.stamp === stamp;
  }

  /**
   * Files a loaded entry under another key (the device it turned out to run on, named by
   * `provider` when it moved after loading), keeping its place, pin and value. Returns false,
   * changing nothing, when `to` is already taken.
   */
  rekey(from: string, to: string, provider?: string): boolean {
    const entry = this.entries.get(from);
    if (!entry || this.entries.has(to)) return false;
    const order = [...this.entries.entries()].map(([k, e]): [string, Entry] => (k === from ? [to, e] : [k, e]));
    entry.key = to;
    if (provider !== undefined) entry.provider = provider;
    this.entries.clear();
    for (const [k, e] of order) this.entries.set(k, e);
    if (this.pinned.delete(from)) this.pinned.add(to);
    this.changed();
    return true;
  }

  /** Unloads `key` now (a second copy found to duplicate one already loaded). */
  async discard(key: string): Promise<void> {
    this.pinned.delete(key);
    await this.drop(key);
    this.changed();
  }

  /**
   * Takes `key` out of reach of later gets (it moved to `provider`, where another copy is loaded)
   * while the running job keeps using it; it is unloaded when that job ends.
   */
  retire(key: string, provider: string): void {
    const to = `${key}\u0000retired ${++this.retiredCount}`;
    if (this.rekey(key, to, provider)) this.retired.add(to);
  }

  /** A job ended: what it used may now be evicted, and what it retired is unloaded. */
  release(): void {
    this.pinned.clear();
    for (const key of this.retired) void this.drop(key);
    this.retired.clear();
    this.evict();
    this.changed();
  }

  loaded(): LoadedModel[] {
    return [...this.entries.values()].reverse().map(({ key, label, kind, provider, bytes, lastUsedAt }) => ({ key, label, kind, provider, bytes, lastUsedAt }));
  }

  usedBytes(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.bytes;
    return n;
  }

  async clear(): Promise<void> {
    const all = [...this.entries.keys()];
    this.pinned.clear();
    await Promise.all(all.map((k) => this.drop(k)));
    this.changed();
  }

  /** Least recently used first, skipping pinned entries, until the rest fit the budget. */
  private evict(): void {
    for (const key of [...this.entries.keys()]) {
      if (this.usedBytes() <= this.budget) return;
      if (!this.pinned.has(key)) void this.drop(key);
    }
  }

  private async drop(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    const v = await entry.value.catch(() => null);
    await v?.dispose().catch(() => {});
  }

  private changed(): void {
    this.listener?.(this.loaded());
  }
}

/** The worker's one pool: text models, image generators and upscalers share the budget. */
export const warmPool = new WarmPool();
