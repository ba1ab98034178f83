// A star, tags or a note changed elsewhere (history.changed with `marks`): the graph a view holds
// gets them on the one version, so the view need not fetch and parse thousands of versions again.
// Nothing else moves, so the tree keeps its layout (treeLayout.ts relayout).
import type { HistoryGraph, VersionMarks } from '../../../shared/contract';

/** The graph with these versions' marks as given; the same object when none of them is in it. */
export function withMarks(graph: HistoryGraph, marks: readonly VersionMarks[]): HistoryGraph {
  const byId = new Map(marks.map((m) => [m.id, m]));
  let changed = false;
  const iterations = graph.iterations.map((it) => {
    const m = byId.get(it.id);
    if (!m) return it;
    changed = true;
    return { ...it, starred: m.starred, tags: m.tags, note: m.note };
  });
  return changed ? { ...graph, iterations } : graph;
}
