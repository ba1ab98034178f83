// Where an arrow key goes in the version tree. The tree is drawn as an outline whose main line
// runs straight down, so the keys follow the graph rather than the rows: Up to the parent, Down to
// the child (the one towards the current version when there is a choice), Left and Right to the
// previous and next sibling; Home and End to the first and last row.
import type { Iteration } from '../../../shared/contract';
import type { TreeRow } from './treeLayout';

export const NAV_KEYS = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End'] as const;
export type NavKey = (typeof NAV_KEYS)[number];

export function isNavKey(key: string): key is NavKey {
  return (NAV_KEYS as readonly string[]).includes(key);
}

export interface TreeLinks {
  parent: Map<string, string>;
  children: Map<string, string[]>;
  roots: string[];
  /** 1-based place among its siblings, and how many there are (aria-posinset / aria-setsize). */
  place: Map<string, { position: number; of: number }>;
}

const byAge = (a: Iteration, b: Iteration) => a.createdAt - b.createdAt || a.id.localeCompare(b.id);

/** Each version hangs under its first parent that is in the tree (as the layout draws it). */
export function treeLinks(rows: TreeRow[]): TreeLinks {
  const ids = new Set(rows.map((r) => r.iteration.id));
  const parent = new Map<string, string>();
  const kids = new Map<string, Iteration[]>();
  const roots: Iteration[] = [];
  for (const { iteration: it } of rows) {
    const p = it.parentIds.find((id) => ids.has(id));
    if (p) {
      parent.set(it.id, p);
      // One list per parent, pushed into: thousands of siblings stay linear.
      const list = kids.get(p);
      if (list) list.push(it);
      else kids.set(p, [it]);
    } else roots.push(it);
  }
  const children = new Map([...kids].map(([id, list]) => [id, list.sort(byAge).map((it) => it.id)]));
  const rootIds = roots.sort(byAge).map((it) => it.id);
  // Computed once: a board of 10,000 first versions would make a per-row indexOf quadratic.
  const place = new Map<string, { position: number; of: number }>();
  for (const list of [rootIds, ...children.values()]) list.forEach((id, i) => place.set(id, { position: i + 1, of: list.length }));
  return { parent, children, roots: rootIds, place };
}

export function siblingsOf(links: TreeLinks, id: string): string[] {
  const p = links.parent.get(id);
  return p ? (links.children.get(p) ?? []) : links.roots;
}

/** The id the key moves to, or null when there is nowhere to go that way. */
export function navTarget(rows: TreeRow[], links: TreeLinks, fromId: string, key: NavKey): string | null {
  if (rows.length === 0) return null;
  if (key === 'Home') return rows[0]?.iteration.id ?? null;
  if (key === 'End') return rows[rows.length - 1]?.iteration.id ?? null;
  if (key === 'ArrowUp') return links.parent.get(fromId) ?? null;
  if (key === 'ArrowDown') {
    const kids = links.children.get(fromId) ?? [];
    const onPath = new Set(rows.filter((r) => r.onPath).map((r) => r.iteration.id));
    return kids.find((k) => onPath.has(k)) ?? kids[0] ?? null;
  }
  const sibs = siblingsOf(links, fromId);
  const at = (links.place.get(fromId)?.position ?? 0) - 1;
  return sibs[at + (key === 'ArrowRight' ? 1 : -1)] ?? null;
}
