// A tab's id with Web Locks (renderer/app/thisTab.ts): a page holds a lock named after its id. A
// reload can start before the page it replaces lets go of that lock; on a loaded machine that can
// take longer than the 1 s a copy of a live tab is given. The reload must wait it out and keep the
// id (with it, the generation the tab remembers), while a copy of a live tab still takes a new id.
import { afterEach, describe, expect, it, vi } from 'vitest';

/** Web Locks as a browser's LockManager grants them, across the pages of one test. */
class Locks {
  private readonly holders = new Map<string, () => void>();
  private readonly waiters = new Map<string, (() => void)[]>();

  /** The page holding `name` is gone: its lock goes to the next waiter. */
  release(name: string): void {
    this.holders.delete(name);
    this.waiters.get(name)?.shift()?.();
  }

  isHeld(name: string): boolean {
    return this.holders.has(name);
  }

  request(name: string, opts: { ifAvailable?: boolean; signal?: AbortSignal }, cb: (lock: object | null) => unknown): Promise<unknown> {
    const grant = () => {
      this.holders.set(name, () => this.release(name));
      return Promise.resolve(cb({ name }));
    };
    if (!this.holders.has(name)) return grant();
    if (opts.ifAvailable) return Promise.resolve(cb(null));
    return new Promise((resolve, reject) => {
      const queue = this.waiters.get(name) ?? this.waiters.set(name, []).get(name) ?? [];
      const wake = () => resolve(grant());
      queue.push(wake);
      opts.signal?.addEventListener('abort', () => {
        queue.splice(queue.indexOf(wake), 1);
        reject(opts.signal?.reason);
      });
    });
  }
}

/** Opens the studio's page in a tab with `storage` (a fresh module, as a new page has) and starts its claim. */
async function openPage(locks: Locks, storage: Map<string, string>, type: 'navigate' | 'reload' | 'back_forward'): Promise<{ claim: Promise<string> }> {
  vi.resetModules();
  vi.stubGlobal('sessionStorage', { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v), removeItem: (k: string) => storage.delete(k) });
  vi.stubGlobal('navigator', { locks });
  vi.stubGlobal('document', { wasDiscarded: false });
  vi.stubGlobal('performance', { getEntriesByType: (t: string) => (t === 'navigation' ? [{ type }] : []), now: () => Date.now() });
  const tab = await import('../../renderer/app/thisTab');
  // Wrapped: an async function returning the bare promise would wait for the claim itself.
  return { claim: tab.thisTab() };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a tab id with Web Locks', () => {
  it('a reload waits for the page it replaces to let go (2.5 s here, past the 1 s a copy gets), and keeps the id', { timeout: 20_000 }, async () => {
    const locks = new Locks();
    const storage = new Map<string, string>();
    const id = await (await openPage(locks, storage, 'navigate')).claim;
    expect(locks.isHeld(`atelier.tab.${id}`)).toBe(true);
    // The reload asks while the old page still holds the lock, and the old page lets go only after 2.5 s.
    const reloaded = await openPage(locks, storage, 'reload');
    setTimeout(() => locks.release(`atelier.tab.${id}`), 2500);
    expect(await reloaded.claim).toBe(id);
    expect(storage.get('atelier.tab')).toBe(id);
  });

  it('a copy of a live tab takes a new id after the handover wait, and the first tab keeps its own', { timeout: 20_000 }, async () => {
    const locks = new Locks();
    const storage = new Map<string, string>();
    const id = await (await openPage(locks, storage, 'navigate')).claim;
    const copyStorage = new Map(storage);
    const copy = await (await openPage(locks, copyStorage, 'back_forward')).claim;
    expect(copy).not.toBe(id);
    expect(copyStorage.get('atelier.tab')).toBe(copy);
    expect(storage.get('atelier.tab')).toBe(id);
    expect(locks.isHeld(`atelier.tab.${id}`) && locks.isHeld(`atelier.tab.${copy}`)).toBe(true);
  });
});
