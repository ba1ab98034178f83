// Which tab this is, for what a tab keeps in sessionStorage for itself alone (a generation it
// started, to bring back after a reload). A reload keeps sessionStorage, but so does duplicating
// the tab (or window.open), id included. So the page holds a Web Lock named after its id for as
// long as it lives; a page that finds its id held by another live page is a copy and takes a new
// id. Where the browser has no Web Locks (plain HTTP on an address other than loopback), the tab's
// own sessionStorage says whether the id is still held (liveTab.ts).
import { claimWithoutLocks, followsItsOwnTab } from './liveTab';
import { randomId } from './randomId';

const KEY = 'atelier.tab';
/**
 * A page may ask before the page it replaces in the tab has let go of the lock. Any page but a
 * reload waits this long, then takes the id for a live copy's.
 */
const HANDOVER_MS = 1000;
/**
 * A reload (or a discarded tab loaded again) knows that page is going for certain, and waits for it
 * this long: far beyond a loaded machine's delay, but bounded, as starting a generation waits for
 * the id too.
 */
const RELOAD_HANDOVER_MS = 30_000;

let claimed: Promise<string> | null = null;

/** This tab's id, once it is this tab's alone. The first call claims it: make it as the page starts. */
export function thisTab(): Promise<string> {
  claimed ??= claim();
  return claimed;
}

async function claim(): Promise<string> {
  let stored: string | null = null;
  try {
    stored = sessionStorage.getItem(KEY);
  } catch {
    // No storage: nothing is remembered for a reload either, so any id will do.
  }
  const locked = typeof navigator.locks?.request === 'function' ? await claimWithLocks(stored) : null;
  return locked ?? claimWithoutLocks(KEY, stored, randomId);
}

/** The id this page holds a Web Lock on; null where Web Locks are refused (an origin without them). */
async function claimWithLocks(stored: string | null): Promise<string | null> {
  if (stored) {
    const held = await holdLock(`${KEY}.${stored}`, followsItsOwnTab());
    if (held === null) return null;
    if (held) return stored;
  }
  // None yet, or copied from a tab that is still open: a new id (never held, so this holds it).
  const id = randomId();
  if ((await holdLock(`${KEY}.${id}`)) === null) return null;
  try {
    sessionStorage.setItem(KEY, id);
  } catch {
    // As above.
  }
  return id;
}

/**
 * True: held; false: a live page holds it; null: Web Locks refused (an origin without them).
 * `patient`: the holder is this tab's page before, going away for certain: wait for it as long as a
 * loaded machine may take (a short timeout there lost the tab's pending generation).
 */
function holdLock(name: string, patient = false): Promise<boolean | null> {
  return new Promise((resolve) => {
    const held = () => {
      resolve(true);
      return new Promise<never>(() => {});
    };
    navigator.locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (lock) return held();
        // Held: by a page this one replaces (a reload, letting go any moment) or by a live copy.
        navigator.locks
          .request(name, { signal: AbortSignal.timeout(patient ? RELOAD_HANDOVER_MS : HANDOVER_MS) }, held)
          .catch((err: unknown) => resolve(err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError') ? false : null));
        return undefined;
      })
      .catch(() => resolve(null));
  });
}
