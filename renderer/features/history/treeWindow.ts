// Which rows of a long version tree to draw (a document can hold tens of thousands of versions):
// rows sit at offsets built from their heights (measured once drawn, estimated before), and only
// those within the scrolled view plus a margin are rendered.
import type { Iteration } from '../../../shared/contract';
import { describe } from './describe';

/** The space between rows, counted into each row's height. */
export const ROW_GAP = 1;
/** How far beyond the visible part rows are drawn, above and below (px). */
export const OVERSCAN_PX = 320;

/** offsets[i] is row i's top; offsets[n] is the height of the whole list. */
export function rowOffsets(heights: readonly number[]): Float64Array {
  const offsets = new Float64Array(heights.length + 1);
  for (let i = 0; i < heights.length; i++) offsets[i + 1] = (offsets[i] as number) + (heights[i] as number);
  return offsets;
}

/** The first row whose bottom is below y (binary search over the offsets). */
function rowAt(offsets: Float64Array, y: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((offsets[mid + 1] as number) <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rows [start, end) that overlap the view [top, top + height] widened by the margin. */
export function windowRange(offsets: Float64Array, top: number, height: number, margin = OVERSCAN_PX): { start: number; end: number } {
  const n = offsets.length - 1;
  if (n <= 0) return { start: 0, end: 0 };
  const start = rowAt(offsets, Math.max(0, top - margin));
  const end = Math.min(n, rowAt(offsets, top + height + margin) + 1);
  return { start, end };
}

/** The scroll position that brings row i fully into view, moving as little as possible. */
export function revealTop(offsets: Float64Array, index: number, top: number, height: number): number {
  const rowTop = offsets[index] ?? 0;
  const rowBottom = offsets[index + 1] ?? rowTop;
  if (rowTop < top) return rowTop;
  if (rowBottom > top + height) return Math.min(rowTop, rowBottom - height);
  return top;
}

/** A row's height before it is drawn, from what it will show (history.css: 18 px title, 16 px lines, 40 px thumbnails). */
export function estimateRowHeight(it: Iteration): number {
  let h = 8 + 18;
  if (describe(it).detail) h += 16;
  if (it.kind === 'text') h += 16;
  if ((it.tags?.length ?? 0) > 0) h += 18;
  if (it.note) h += 16;
  if (it.kind === 'image') h = Math.max(h, 8 + 40);
  return h + ROW_GAP;
}
