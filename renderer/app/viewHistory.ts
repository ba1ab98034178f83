// The browser's Back and Forward move between the studio's views (as in any web app), in
// `atelier serve` and in Electron alike: each view the user opens becomes a history entry
// (pushState, same URL: no reload, no server route), and popstate shows the entry's view.
// The tab's first entry is kept as a guard under the first view, so Back from there stays here.
// Each entry pushed over a view keeps that view (`under`): a Back button inside a view (Compare's)
// can then step back to it, as the browser's Back would, instead of pushing it again.
import { useCallback, useEffect, useRef, useState, type SetStateAction } from 'react';

const MARK = 'atelierView';
const UNDER = 'atelierUnder';
const GUARD = 'guard';

type Entry<V> = { found: false } | { found: true; guard: true } | { found: true; guard: false; view: V | null };

/** What a history entry holds for us, checked leniently by `parse` (an entry of a newer build, or none). */
function entry<V>(state: unknown, parse: (raw: unknown) => V | null): Entry<V> {
  if (typeof state !== 'object' || state === null || !(MARK in state)) return { found: false };
  const raw = (state as Record<string, unknown>)[MARK];
  if (raw === GUARD) return { found: true, guard: true };
  return { found: true, guard: false, view: raw === null ? null : parse(raw) };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The shown view, kept in the tab's history: `setView` opens a view as a new entry, `replaceView`
 * swaps the current entry's (a view closed because its document or project went away, so Back
 * does not lead into it again). `initial` is used when the entry holds no view (a first load).
 */
export function useViewHistory<V>(
  initial: () => V | null,
  parse: (raw: unknown) => V | null,
): [V | null, (next: SetStateAction<V | null>) => void, (next: SetStateAction<V | null>) => void, (to: V | null) => void] {
  const [view, setState] = useState<V | null>(() => {
    const at = entry(history.state, parse);
    return at.found && !at.guard ? at.view : initial();
  });
  // The view replaceView asked for: only that one replaces (a no-op request leaves no mark behind).
  const replacing = useRef<{ view: V | null } | null>(null);

  useEffect(() => {
    const at = entry(history.state, parse);
    if (!at.found) {
      // A first load: this entry becomes the guard, the view goes on top of it.
      history.replaceState({ [MARK]: GUARD }, '');
      history.pushState({ [MARK]: view }, '');
    } else if (at.guard || !same(at.view, view)) {
      if (replacing.current?.view === view && !at.guard) {
        // The entry below stays what it was.
        const under = (history.state as Record<string, unknown>)[UNDER];
        history.replaceState(under === undefined ? { [MARK]: view } : { [MARK]: view, [UNDER]: under }, '');
      } else if (at.guard) history.pushState({ [MARK]: view }, '');
      else history.pushState({ [MARK]: view, [UNDER]: (history.state as Record<string, unknown>)[MARK] ?? null }, '');
    }
    replacing.current = null;
  }, [view, parse]);

  useEffect(() => {
    function onPop(e: PopStateEvent) {
      const at = entry(e.state, parse);
      if (!at.found) return;
      // Back from the first view: step forward onto it again rather than leave the app.
      if (at.guard) history.forward();
      else setState(at.view);
    }
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [parse]);

  const replaceView = useCallback((next: SetStateAction<V | null>) => {
    setState((prev) => {
      const view = typeof next === 'function' ? (next as (prev: V | null) => V | null)(prev) : next;
      replacing.current = { view };
      return view;
    });
  }, []);
  // Back to `to`: the entry below when it holds that view (the browser's Back then goes on from
  // there, and Forward returns), else `to` opened as a new entry (the entry below is another view,
  // or an older build's entry that did not say).
  const back = useCallback((to: V | null) => {
    const state: unknown = history.state;
    const under = typeof state === 'object' && state !== null && UNDER in state ? (state as Record<string, unknown>)[UNDER] : undefined;
    if (under !== undefined && same(parse(under), to === null ? null : parse(to))) history.back();
    else setState(to);
  }, [parse]);
  return [view, setState, replaceView, back];
}
