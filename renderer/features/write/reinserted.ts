// Tints through an undo and a redo saved in between: model text that one version deletes (the undo
// of an accepted generation, autosaved) and a later version puts back in the same place (the redo)
// is the model's again when a version's tints are rebuilt from history, as it was on screen.
import { addSpans, type Span } from './provenance';
import type { Change } from './textDiff';

/** Tinted text a version deleted: where it was, what it said, and its spans (relative to `at`). */
export interface RemovedRun {
  at: number;
  text: string;
  spans: Span[];
}

/** The deleted runs remembered along one walk (an undo is rarely redone after many saves). */
const KEEP = 16;

/** Walks the changes of a version chain, carrying tinted text that was deleted until it comes back. */
export class Reinserted {
  private readonly removed: RemovedRun[] = [];

  /**
   * One writer's step from `before` (tinted `beforeSpans`) to `after` (`spans`, the tints carried
   * through the change): spans of text put back where it was deleted are added, and what this step
   * deletes is remembered.
   */
  step(before: string, beforeSpans: readonly Span[], after: string, change: Change, spans: Span[]): Span[] {
    let out = spans;
    if (change.toB > change.fromB) {
      const text = after.slice(change.fromB, change.toB);
      const run = this.removed.findLast((r) => r.at === change.fromB && r.text === text);
      if (run) out = addSpans(out, run.spans.map((s) => ({ ...s, from: s.from + change.fromB, to: s.to + change.fromB })));
    }
    if (change.toA > change.fromA) {
      const inside = beforeSpans.filter((s) => s.from >= change.fromA && s.to <= change.toA);
      if (inside.length > 0) {
        this.removed.push({
          at: change.fromA,
          text: before.slice(change.fromA, change.toA),
          spans: inside.map((s) => ({ ...s, from: s.from - change.fromA, to: s.to - change.fromA })),
        });
        if (this.removed.length > KEEP) this.removed.shift();
      }
    }
    return out;
  }
}
