// The tree's layout (layoutTree + treeLinks) for one prompt with N alternatives (every version a
// child of the first) against a straight line of N saves, in this process's V8: both are N rows,
// so a layout that is linear in the rows costs about the same for each (ratio near 1), while one
// that copies a parent's children per child grows with N² on the wide one. Medians of 7, alternating.
import type { HistoryGraph, Iteration } from '../../shared/contract';
import { layoutTree } from '../../renderer/features/history/treeLayout';
import { treeLinks } from '../../renderer/features/history/treeNav';
import { versionNode } from '../support/version-node';

const version = (id: string, parent: string | null, createdAt: number): Iteration => versionNode(id, parent, createdAt, { source: 'model' });

export function wideLayout(n: number): { versions: number; wideMs: number; chainMs: number; ratio: number } {
  const wide: HistoryGraph = { iterations: [version('p', null, 0), ...Array.from({ length: n }, (_, i) => version(`a${i}`, 'p', i + 1))], edges: [] };
  const chain: HistoryGraph = { iterations: Array.from({ length: n + 1 }, (_, i) => version(`s${i}`, i ? `s${i - 1}` : null, i)), edges: [] };
  const time = (g: HistoryGraph, head: string) => {
    const t0 = performance.now();
    treeLinks(layoutTree(g, head));
    return performance.now() - t0;
  };
  const w: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < 7; i++) {
    w.push(time(wide, `a${n >> 1}`));
    c.push(time(chain, `s${n}`));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
  const round = (x: number) => Math.round(x * 10) / 10;
  const wideMs = round(median(w));
  const chainMs = round(median(c));
  return { versions: n + 1, wideMs, chainMs, ratio: Math.round((median(w) / median(c)) * 100) / 100 };
}
