// The version graph as rows of an outline (Loom's tree, in a list that fits a side panel). The main
// line (the path to the head, or the oldest child off it) runs straight down at one depth; where a
// version has other children, each side branch is indented under it, before the main line goes
// on. Each version hangs under its first parent; where there are several first versions, each
// one's descendants are indented under it.
import type { HistoryGraph, Iteration } from '../../../shared/contract';

export interface TreeRow {
  iteration: Iteration;
  depth: number;
  /** The first version of a branch (its parent has more than one child). */
  branchStart: boolean;
  /** On the path from the first version to the head. */
  onPath: boolean;
  isHead: boolean;
  /** How many versions descend from it (all generations). */
  descendants: number;
}

export function headPath(graph: HistoryGraph, headId: string | null): Set<string> {
  const byId = new Map(graph.iterations.map((i) => [i.id, i]));
  const path = new Set<string>();
  let cur = headId ? byId.get(headId) : undefined;
  while (cur && !path.has(cur.id)) {
    path.add(cur.id);
    const parent = cur.parentIds[0];
    cur = parent ? byId.get(parent) : undefined;
  }
  return path;
}

export function layoutTree(graph: HistoryGraph, headId: string | null): TreeRow[] {
  const byId = new Map(graph.iterations.map((i) => [i.id, i]));
  const children = new Map<string, Iteration[]>();
  const roots: Iteration[] = [];
  for (const it of graph.iterations) {
    const parent = it.parentIds.find((p) => byId.has(p));
    if (!parent) roots.push(it);
    // Pushed into the one list (not copied per child): a prompt with 5,000 alternatives stays linear.
    else if (children.has(parent)) (children.get(parent) as Iteration[]).push(it);
    else children.set(parent, [it]);
  }
  const order = (list: Iteration[]) => [...list].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  const path = headPath(graph, headId);

  const count = new Map<string, number>();
  const countOf = (id: string): number => {
    const known = count.get(id);
    if (known !== undefined) return known;
    // Iterative post-order so a very long chain of saves cannot overflow the stack.
    const stack: { id: string; done: boolean }[] = [{ id, done: false }];
    while (stack.length) {
      const top = stack.pop() as { id: string; done: boolean };
      const kids = children.get(top.id) ?? [];
      if (top.done) {
        count.set(top.id, kids.reduce((n, k) => n + 1 + (count.get(k.id) ?? 0), 0));
      } else {
        stack.push({ id: top.id, done: true });
        for (const k of kids) if (!count.has(k.id)) stack.push({ id: k.id, done: false });
      }
    }
    return count.get(id) ?? 0;
  };

  const rows: TreeRow[] = [];
  const stack: { it: Iteration; depth: number; branchStart: boolean }[] = order(roots)
    .reverse()
    .map((it) => ({ it, depth: 0, branchStart: roots.length > 1 }));
  const seen = new Set<string>();
  while (stack.length) {
    const { it, depth, branchStart } = stack.pop() as (typeof stack)[number];
    if (seen.has(it.id)) continue;
    seen.add(it.id);
    rows.push({ iteration: it, depth, branchStart, onPath: path.has(it.id), isHead: it.id === headId, descendants: countOf(it.id) });
    const kids = order(children.get(it.id) ?? []);
    if (kids.length === 0) continue;
    const main = kids.find((k) => path.has(k.id)) ?? (kids[0] as Iteration);
    // With several first versions (an image board: each batch image starts afresh) a root's own
    // line is indented under it, so its child never reads as the next root.
    const mainDepth = depth === 0 && roots.length > 1 && !it.parentIds.some((p) => byId.has(p)) ? 1 : depth;
    // Pushed in reverse: side branches pop first (indented), then the main line continues.
    stack.push({ it: main, depth: mainDepth, branchStart: false });
    const side = kids.filter((k) => k !== main);
    for (let k = side.length - 1; k >= 0; k--) stack.push({ it: side[k] as Iteration, depth: depth + 1, branchStart: true });
  }
  return rows;
}

/** A layout with what it was made from, so the next graph can reuse it when its shape is the same. */
export interface TreeLayout {
  graph: HistoryGraph;
  headId: string | null;
  /** The rows as laid out (their iterations may be older copies; only ids, parents and times are read from them). */
  shape: TreeRow[];
  /** The same rows carrying this graph's iterations (marks, notes and statuses as they are now). */
  rows: TreeRow[];
}

/** Same versions in the same order with the same parents and times: all the layout reads. */
export function sameShape(a: HistoryGraph, b: HistoryGraph): boolean {
  if (a.iterations.length !== b.iterations.length) return false;
  for (let i = 0; i < a.iterations.length; i++) {
    const x = a.iterations[i] as Iteration;
    const y = b.iterations[i] as Iteration;
    if (x.id !== y.id || x.createdAt !== y.createdAt || x.parentIds.length !== y.parentIds.length) return false;
    for (let p = 0; p < x.parentIds.length; p++) if (x.parentIds[p] !== y.parentIds[p]) return false;
  }
  return true;
}

/**
 * The layout of `graph`, reusing `prev` when only marks changed: a star, a tag or a note put on
 * one version in place (versionMarks.ts), or a graph fetched again after the trash or a reconnect
 * with the same versions. At 10,000 versions laying it out again costs more than the comparison
 * and the swap of iterations done here (bench:history-ui, "layout on a reload").
 */
export function relayout(prev: TreeLayout | null, graph: HistoryGraph, headId: string | null): TreeLayout {
  if (prev && prev.graph === graph && prev.headId === headId) return prev;
  if (!prev || prev.headId !== headId || !sameShape(prev.graph, graph)) {
    const rows = layoutTree(graph, headId);
    return { graph, headId, shape: rows, rows };
  }
  const byId = new Map(graph.iterations.map((i) => [i.id, i]));
  const rows = prev.shape.map((r) => ({ ...r, iteration: byId.get(r.iteration.id) as Iteration }));
  return { graph, headId, shape: prev.shape, rows };
}
