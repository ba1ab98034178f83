// Which tab this is, for what a tab keeps in sessionStorage for itself alone (a generation it
// started, to bring back after a reload). A reload keeps sessionStorage, but so does duplicating
// the tab (or window.open), id included. So the page holds a Web Lock named after its id for as
// long as it lives; a page that finds its id held by another live page is a copy and takes a new
// id. Where the browser has no Web Locks (plain HTTP on an address other than loopback), live
// pages answer on a BroadcastChannel instead.
import { randomId } from './randomId';

const KEY = 'atelier.tab';
/** A reloaded page may ask before the page it replaces has let go of the lock: it waits this long. */
const HANDOVER_MS = 1000;
/** Without Web Locks: how long a live page with the same id has to answer. */
const ANSWER_MS = 400;

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
  if (stored && (await hold(stored))) return stored;
  // None yet, or copied from a tab that is still open: a new id (never held, so this holds it).
  const id = randomId();
  await hold(id);
  try {
    sessionStorage.setItem(KEY, id);
  } catch {
    // As above.
  }
  return id;
}

/** Holds `id` for this page's life; false when another live page holds it. */
async function hold(id: string): Promise<boolean> {
  const locked = typeof navigator.locks?.request === 'function' ? await holdLock(`${KEY}.${id}`) : null;
  return locked ?? holdByAnswering(id);
}

/** True: held; false: a live page holds it; null: Web Locks refused (an origin without them). */
function holdLock(name: string): Promise<boolean | null> {
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
          .request(name, { signal: AbortSignal.timeout(HANDOVER_MS) }, held)
          .catch((err: unknown) => resolve(err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError') ? false : null));
        return undefined;
      })
      .catch(() => resolve(null));
  });
}

function holdByAnswering(id: string): Promise<boolean> {
  if (typeof BroadcastChannel !== 'function') return Promise.resolve(true);
  const channel = new BroadcastChannel(KEY);
  return new Promise((resolve) => {
    let answered = false;
    const timer = setTimeout(() => {
      if (answered) return;
      // Nobody else has it: this page does from now on, and answers for it.
      channel.onmessage = (e: MessageEvent<{ ask?: string }>) => {
        if (e.data?.ask === id) channel.postMessage({ held: id });
      };
      resolve(true);
    }, ANSWER_MS);
    channel.onmessage = (e: MessageEvent<{ held?: string }>) => {
      if (e.data?.held !== id) return;
      answered = true;
      clearTimeout(timer);
      channel.close();
      resolve(false);
    };
    channel.postMessage({ ask: id });
  });
}
