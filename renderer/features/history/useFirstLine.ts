// The first line of a text version for its row in the tree, fetched only once the row is on
// screen (a tree can hold thousands of versions) and kept, since versions never change.
import { useEffect, useState, type RefObject } from 'react';
import { useClient } from '../../app/ClientContext';
import { firstLine } from './describe';

const lines = new Map<string, string>();
const MAX_LINES = 5000;

/** True once the element has been at least partly on screen. */
export function useSeen(ref: RefObject<Element | null>): boolean {
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || seen) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setSeen(true);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, seen]);
  return seen;
}

export function useFirstLine(id: string | null): string | null {
  const client = useClient();
  const [line, setLine] = useState<{ id: string; text: string } | null>(null);
  useEffect(() => {
    if (!id || lines.has(id)) return;
    let live = true;
    client.call('history.get', { id }).then(
      (it) => {
        const text = firstLine(it.text ?? '');
        if (lines.size >= MAX_LINES) lines.delete(lines.keys().next().value as string);
        lines.set(id, text);
        if (live) setLine({ id, text });
      },
      // A row without its line is still a row; the tree does not need to say so.
      () => {},
    );
    return () => {
      live = false;
    };
  }, [client, id]);
  if (!id) return null;
  return lines.get(id) ?? (line?.id === id ? line.text : null);
}
