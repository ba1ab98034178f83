// Where the keyboard goes when what held it leaves the page and what comes next is drawn later
// (after a reload from the host, or a view change): a trashed row takes focus with it to the
// page's start, a restored row or a view gone back to appears a moment after the click. These wait
// for the page to change, then focus — unless the user has put focus somewhere meanwhile.

/** Focus has nowhere to be: the page's start, or <main> (where the toast leaves it by default). */
const idle = () => {
  const active = document.activeElement;
  return !active || active === document.body || active.tagName === 'MAIN';
};

/** Runs `then` once `ready()` holds, checking as the page changes; gives up after `limitMs`. */
function whenReady(ready: () => boolean, then: () => void, limitMs = 10_000): void {
  if (ready()) return then();
  const observer = new MutationObserver(() => {
    if (!ready()) return;
    stop();
    then();
  });
  const timer = setTimeout(stop, limitMs);
  function stop() {
    observer.disconnect();
    clearTimeout(timer);
  }
  observer.observe(document.body, { childList: true, subtree: true });
}

/** The first of `selectors` in the page, in the order given. */
const first = (selectors: string[]) => {
  for (const s of selectors) {
    const el = document.querySelector<HTMLElement>(s);
    if (el) return el;
  }
  return null;
};

/** Once one of `selectors` is drawn, focuses the first of them there (the preferred one first). */
export function focusWhenShown(selectors: string[]): void {
  whenReady(
    () => first(selectors) !== null,
    () => {
      if (idle()) first(selectors)?.focus();
    },
  );
}

/**
 * Once the row matching `row` (one of `rows`) leaves the page, focuses the row that followed it,
 * else the one before it, else `empty` (the list's heading, or its first control).
 */
export function focusNeighbourWhenGone(rows: string, row: string, empty: string): void {
  const all = Array.from(document.querySelectorAll<HTMLElement>(rows));
  const at = all.findIndex((el) => el.matches(row));
  if (at < 0) return;
  const gone = all[at]!;
  const next = all[at + 1] ?? all[at - 1] ?? null;
  // After the confirm dialog has closed too: it gives focus back to the row as it goes.
  whenReady(
    () => !gone.isConnected && document.querySelector('dialog[open]') === null,
    () => {
      if (!idle()) return;
      (next?.isConnected ? next : document.querySelector<HTMLElement>(empty))?.focus();
    },
  );
}
