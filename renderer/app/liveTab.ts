// A tab's id where the browser has no Web Locks (plain HTTP on an address other than loopback):
// whether the id in the tab's sessionStorage is still held by a live page is told by that storage
// itself, not by an answer from the holder, which under load can come after any wait one picks.
// A page marks its id live while it holds it and unmarks it as it goes (pagehide; not when the page
// is kept in the back/forward cache, from where it may come back as itself). A copy of the tab
// (duplicated, or window.open) gets the storage as it was while the page it copies lived, mark
// included: it takes a new id at once, so two live pages never share one, and the generation the
// storage remembers stays with the tab that started it. A page that follows the one before it in
// the same tab finds the mark gone, or knows that page is gone anyway: a reload, or a tab the
// browser discarded to save memory and loads again (no pagehide then); it keeps the id and the
// generation with it. A tab that died without pagehide and comes back otherwise (restored after a
// browser crash) looks like a copy and takes a new id: its generation is not shown as ghost text
// again (its version is in the history once the job ends), where sharing the id could show it twice.

const LIVE = 'atelier.tab.live';

function read(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    sessionStorage.setItem(key, value);
  } catch {
    // No storage: nothing is remembered for a reload either.
  }
}

/** The page before this one in the tab is gone for certain: this page reloaded it, or the browser discarded it. */
export function followsItsOwnTab(): boolean {
  const nav = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  return nav?.type === 'reload' || (document as Document & { wasDiscarded?: boolean }).wasDiscarded === true;
}

/** Claims `stored` (the id under `key`) when no live page holds it, else a new id from `newId`; marks it live for this page's life. */
export function claimWithoutLocks(key: string, stored: string | null, newId: () => string): string {
  const held = stored !== null && read(LIVE) === stored && !followsItsOwnTab();
  const id = stored !== null && !held ? stored : newId();
  write(key, id);
  write(LIVE, id);
  addEventListener('pagehide', (e) => {
    if (!e.persisted && read(LIVE) === id) {
      try {
        sessionStorage.removeItem(LIVE);
      } catch {
        // Nothing to unmark.
      }
    }
  });
  // Back from the back/forward cache: this page is the tab's live one again, with its id.
  addEventListener('pageshow', (e) => {
    if (!e.persisted) return;
    write(key, id);
    write(LIVE, id);
  });
  return id;
}
