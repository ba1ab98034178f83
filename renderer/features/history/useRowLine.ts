// The line of text on a text version's row: what it adds to its parent (describe.ts excerpt),
// fetched only once the row is on screen (a tree can hold thousands of versions). Texts are kept
// for a while, since versions never change.
import { useEffect, useState, type RefObject } from 'react';
import { useClient } from '../../app/ClientContext';
import { excerpt } from './describe';

const texts = new Map<string, Promise<string>>();
const MAX_TEXTS = 400;

// One observer for every row: a tree of thousands of versions must not make thousands of them.
const watchers = new Map<Element, () => void>();
let observer: IntersectionObserver | null = null;

function watch(el: Element, onSeen: () => void): () => void {
  observer ??= new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      watchers.get(e.target)?.();
      unwatch(e.target);
    }
  });
  watchers.set(el, onSeen);
  observer.observe(el);
  return () => unwatch(el);
}

function unwatch(el: Element) {
  watchers.delete(el);
  observer?.unobserve(el);
}

/** True once the element has been at least partly on screen. */
export function useSeen(ref: RefObject<Element | null>): boolean {
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || seen) return;
    return watch(el, () => setSeen(true));
  }, [ref, seen]);
  return seen;
}

/** The row's line for a version (null while loading, or when it could not be read). */
export function useRowLine(id: string | null, parentId: string | null): string | null {
  const client = useClient();
  const [line, setLine] = useState<{ key: string; text: string } | null>(null);
  const key = `${id}<${parentId}`;
  useEffect(() => {
    if (!id) return;
    let live = true;
    const text = (v: string) => {
      let known = texts.get(v);
      if (!known) {
        if (texts.size >= MAX_TEXTS) texts.delete(texts.keys().next().value as string);
        known = client.call('history.get', { id: v }).then((it) => it.text ?? '');
        // A failed read is not kept: the next look asks again.
        known.catch(() => texts.delete(v));
        texts.set(v, known);
      }
      return known;
    };
    Promise.all([text(id), parentId ? text(parentId) : Promise.resolve(null)]).then(
      ([own, parent]) => live && setLine({ key, text: excerpt(own, parent) }),
      // A row without its line is still a row; the tree does not need to say so.
      () => {},
    );
    return () => {
      live = false;
    };
  }, [client, id, parentId, key]);
  return line?.key === key ? line.text : null;
}
