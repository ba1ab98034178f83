// The windowing of the version tree: follows the list's scroll position and height, keeps the
// drawn rows' measured heights (one ResizeObserver for all of them) and says which rows to draw
// and where. reveal(i) scrolls row i into view and draws around it at once, so a keyboard move to
// a row far away lands on a drawn row; until the user scrolls, the row stays in view while the
// rows around it are measured (their lines of text load later and change their heights).
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { revealTop, ROW_GAP, rowOffsets, windowRange } from './treeWindow';

export interface TreeWindow {
  offsets: Float64Array;
  start: number;
  end: number;
  /** Scrolls row i into view (nearest edge) and draws the rows around it. */
  reveal(index: number): void;
  /** A drawn row (with its data-iteration-id) reports its element; the answer stops watching it. */
  observe(el: HTMLElement): () => void;
}

export function useTreeWindow(scroller: HTMLElement | null, ids: readonly string[], estimates: readonly number[]): TreeWindow {
  const measured = useRef(new Map<string, number>());
  const [measuredVersion, setMeasuredVersion] = useState(0);
  const [view, setView] = useState({ top: 0, height: 600 });
  const observer = useRef<ResizeObserver | null>(null);
  const pending = useRef(0);
  // The row a reveal brought into view (null once the user scrolls or clicks in the list).
  const follow = useRef<{ index: number } | null>(null);

  const offsets = useMemo(() => {
    void measuredVersion; // the heights below are read from the ref; this is their version
    return rowOffsets(ids.map((id, i) => measured.current.get(id) ?? (estimates[i] as number)));
  }, [ids, estimates, measuredVersion]);

  useLayoutEffect(() => {
    if (!scroller) return;
    const read = () =>
      setView((v) => (v.top === scroller.scrollTop && v.height === scroller.clientHeight ? v : { top: scroller.scrollTop, height: scroller.clientHeight }));
    // The user scrolling (not the browser clamping a list that got shorter) ends the following.
    const stop = () => {
      follow.current = null;
    };
    const stopOnKey = (e: KeyboardEvent) => {
      if (e.key === 'PageUp' || e.key === 'PageDown') stop();
    };
    scroller.addEventListener('wheel', stop, { passive: true });
    scroller.addEventListener('touchmove', stop, { passive: true });
    scroller.addEventListener('pointerdown', stop);
    scroller.addEventListener('keydown', stopOnKey);
    read();
    scroller.addEventListener('scroll', read, { passive: true });
    const sized = new ResizeObserver(read);
    sized.observe(scroller);
    return () => {
      scroller.removeEventListener('scroll', read);
      scroller.removeEventListener('wheel', stop);
      scroller.removeEventListener('touchmove', stop);
      scroller.removeEventListener('pointerdown', stop);
      scroller.removeEventListener('keydown', stopOnKey);
      sized.disconnect();
    };
  }, [scroller]);

  useEffect(
    () => () => {
      observer.current?.disconnect();
      cancelAnimationFrame(pending.current);
    },
    [],
  );

  const observe = useCallback((el: HTMLElement) => {
    // Created on first use: rows mount (and report) before the tree's own effects run.
    observer.current ??= new ResizeObserver((entries) => {
      let changed = false;
      for (const e of entries) {
        const rowId = (e.target as HTMLElement).dataset.iterationId;
        const box = e.borderBoxSize[0];
        if (!rowId || !box || box.blockSize === 0) continue;
        const h = box.blockSize + ROW_GAP;
        if (Math.abs((measured.current.get(rowId) ?? 0) - h) > 0.5) {
          measured.current.set(rowId, h);
          changed = true;
        }
      }
      // Many rows measured in one frame move the offsets once.
      if (changed && !pending.current) {
        pending.current = requestAnimationFrame(() => {
          pending.current = 0;
          setMeasuredVersion((v) => v + 1);
        });
      }
    });
    observer.current.observe(el);
    return () => observer.current?.unobserve(el);
  }, []);

  const reveal = useCallback(
    (index: number) => {
      if (!scroller) return;
      const top = revealTop(offsets, index, scroller.scrollTop, scroller.clientHeight);
      if (top !== scroller.scrollTop) scroller.scrollTop = top;
      follow.current = { index };
      setView({ top: scroller.scrollTop, height: scroller.clientHeight });
    },
    [scroller, offsets],
  );

  // Measured heights moved the rows: keep the revealed row where the user was taken.
  useLayoutEffect(() => {
    const f = follow.current;
    if (!scroller || !f || f.index >= offsets.length - 1) return;
    const top = revealTop(offsets, f.index, scroller.scrollTop, scroller.clientHeight);
    if (top === scroller.scrollTop) return;
    scroller.scrollTop = top;
    setView({ top: scroller.scrollTop, height: scroller.clientHeight });
  }, [scroller, offsets]);

  const { start, end } = windowRange(offsets, view.top, view.height);
  return { offsets, start, end, reveal, observe };
}
