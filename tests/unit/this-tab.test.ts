// A tab's id without Web Locks (renderer/app/thisTab.ts, liveTab.ts): each page is the module
// loaded afresh with its own sessionStorage and events, and BroadcastChannel answers held back
// well past the 400 ms an earlier version waited for one (a busy machine). A copy of a live tab
// takes a new id however late any answer would come, and the generation the storage remembers
// stays the first tab's (recalled there, not in the copy); a reload, a page after another in the
// same tab, and a discarded tab loaded again keep the id and the generation.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PendingRecord } from '../../renderer/features/write/pendingGen';
import { TabStorage } from '../support/tab-storage';

/** BroadcastChannel whose messages arrive 1.5 s after they are posted. */
class SlowChannel extends BroadcastChannel {
  override postMessage(message: unknown) {
    setTimeout(() => super.postMessage(message), 1500);
  }
}

type NavType = 'navigate' | 'reload' | 'back_forward';

interface Page {
  storage: TabStorage;
  /** The channels this page opened (an earlier version answered on them). */
  channels: SlowChannel[];
  events: EventTarget;
  /** Runs `fn` with this page's globals in place. */
  run<T>(fn: () => T): T;
  id: string;
  pending: PendingApi;
}

type PendingApi = Pick<typeof import('../../renderer/features/write/pendingGen'), 'rememberPending' | 'recallPending'>;

const channels: SlowChannel[] = [];
const realNow = performance.now.bind(performance);

/** Loads the studio's page in a tab with `storage`: a fresh module, as a new page has. */
async function openPage(storage: TabStorage, how: { type?: NavType; discarded?: boolean } = {}): Promise<Page> {
  const events = new EventTarget();
  const opened: SlowChannel[] = [];
  const globals = {
    sessionStorage: storage,
    navigator: { locks: undefined },
    document: { wasDiscarded: how.discarded ?? false },
    performance: { getEntriesByType: (t: string) => (t === 'navigation' ? [{ type: how.type ?? 'navigate' }] : []), now: realNow },
    addEventListener: events.addEventListener.bind(events),
    BroadcastChannel: class extends SlowChannel {
      constructor(name: string) {
        super(name);
        channels.push(this);
        opened.push(this);
      }
    },
  };
  const run = <T>(fn: () => T): T => {
    for (const [k, v] of Object.entries(globals)) vi.stubGlobal(k, v);
    try {
      return fn();
    } finally {
      vi.unstubAllGlobals();
    }
  };
  /** The same until the promise `fn` returns settles (a claim may wait). */
  const runAsync = async <T>(fn: () => Promise<T>): Promise<T> => {
    for (const [k, v] of Object.entries(globals)) vi.stubGlobal(k, v);
    try {
      return await fn();
    } finally {
      vi.unstubAllGlobals();
    }
  };
  vi.resetModules();
  const tab = await import('../../renderer/app/thisTab');
  const pending = await import('../../renderer/features/write/pendingGen');
  // The claim reads its storage at once; an earlier version answered on the channel from then on.
  const id = await runAsync(() => tab.thisTab());
  const pagePending: PendingApi = {
    rememberPending: (d, r) => run(() => pending.rememberPending(d, r)),
    recallPending: (d, t) => run(() => pending.recallPending(d, t)),
  };
  return { storage, events, channels: opened, run, id, pending: pagePending };
}

/** The page is gone (reloaded, crashed, discarded): it answers no one any more. */
const gone = (page: Page) => {
  for (const c of page.channels) c.close();
};
/** The page leaves its tab (pagehide); kept in the back/forward cache (`persisted`), it is frozen meanwhile. */
const leave = (page: Page, persisted = false) => {
  page.run(() => page.events.dispatchEvent(Object.assign(new Event('pagehide'), { persisted })));
  gone(page);
};

const record = (tab: string): PendingRecord => ({ tab, ref: 'r1', jobId: 'j1', mode: 'continue', parentId: 'v1', from: 3, to: 3, lead: '', rows: 1, rewrite: null });

afterEach(() => {
  for (const c of channels.splice(0)) c.close();
});

describe('a tab id without Web Locks, answers arriving late', () => {
  it('a copy of a live tab takes a new id, and the generation stays with the tab that started it', { timeout: 20_000 }, async () => {
    const first = await openPage(new TabStorage());
    expect(first.id).toMatch(/^[\w-]{22}$/);
    expect(first.storage.getItem('atelier.tab')).toBe(first.id);
    first.pending.rememberPending('doc', record(first.id));

    // Duplicated while the first page lives: its storage comes along, id and generation included.
    const copy = await openPage(first.storage.copy());
    expect(copy.id).not.toBe(first.id);
    expect(copy.storage.getItem('atelier.tab')).toBe(copy.id);
    // Whatever answer might still arrive, nothing changes: the copy stays itself.
    await new Promise((r) => setTimeout(r, 2000));
    expect(copy.storage.getItem('atelier.tab')).toBe(copy.id);
    expect(first.storage.getItem('atelier.tab')).toBe(first.id);

    // The copy has no generation to bring back (and forgets the first tab's record); the first tab still has it.
    expect(copy.pending.recallPending('doc', copy.id)).toBeNull();
    expect(copy.storage.getItem('atelier.write.pending.doc')).toBeNull();
    expect(first.pending.recallPending('doc', first.id)).toMatchObject({ tab: first.id, ref: 'r1' });

    // A copy of the copy is a copy too; the copy reloaded is still itself.
    const again = await openPage(copy.storage.copy(), { type: 'back_forward' });
    expect(new Set([first.id, copy.id, again.id]).size).toBe(3);
    leave(copy);
    const reloaded = await openPage(copy.storage, { type: 'reload' });
    expect(reloaded.id).toBe(copy.id);
  });

  it('a reload keeps the id and the generation, with or without the page before having said goodbye', async () => {
    const tab = new TabStorage();
    const first = await openPage(tab);
    first.pending.rememberPending('doc', record(first.id));
    leave(first);
    const second = await openPage(tab, { type: 'reload' });
    expect(second.id).toBe(first.id);
    expect(second.pending.recallPending('doc', second.id)).toMatchObject({ tab: first.id });
    // Its page crashed (no pagehide): a reload is still the same tab.
    gone(second);
    const third = await openPage(tab, { type: 'reload' });
    expect(third.id).toBe(first.id);
  });

  it('a page after another in the same tab keeps the id once that one left; a discarded tab loaded again keeps it too', async () => {
    const tab = new TabStorage();
    const first = await openPage(tab);
    first.pending.rememberPending('doc', record(first.id));
    // Away to another site and back: the page left (pagehide), the next one follows it.
    leave(first);
    const back = await openPage(tab, { type: 'back_forward' });
    expect(back.id).toBe(first.id);
    expect(back.pending.recallPending('doc', back.id)).toMatchObject({ ref: 'r1' });
    // Discarded to save memory (no pagehide), loaded again when the tab is shown.
    gone(back);
    const woken = await openPage(tab, { type: 'navigate', discarded: true });
    expect(woken.id).toBe(first.id);
    expect(woken.pending.recallPending('doc', woken.id)).toMatchObject({ ref: 'r1' });
  });

  it('a page kept in the back/forward cache still holds its id: a page opened in the tab meanwhile takes another', async () => {
    const tab = new TabStorage();
    const first = await openPage(tab);
    leave(first, true);
    const next = await openPage(tab, { type: 'navigate' });
    expect(next.id).not.toBe(first.id);
    // Back to the cached page: it is the tab's page again, with its id.
    first.run(() => first.events.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true })));
    expect(tab.getItem('atelier.tab')).toBe(first.id);
  });
});
