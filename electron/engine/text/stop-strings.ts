// Stop strings are matched on decoded text, so a stop string split across tokens still stops.
// While streaming, text that could be the start of a stop string is held back.
export class StopMatcher {
  private readonly longest: number;

  constructor(private readonly stops: readonly string[]) {
    this.longest = stops.reduce((m, s) => Math.max(m, s.length), 0);
  }

  /** Earliest position where any stop string occurs, searching from `from`. */
  find(text: string, from = 0): { index: number; stop: string } | null {
    let best: { index: number; stop: string } | null = null;
    const start = Math.max(0, from - this.longest);
    for (const stop of this.stops) {
      const i = text.indexOf(stop, start);
      if (i >= 0 && (best === null || i < best.index)) best = { index: i, stop };
    }
    return best;
  }

  /** How much of `text` can be shown: all of it minus a tail that might begin a stop string. */
  safeLength(text: string): number {
    let hold = 0;
    for (const stop of this.stops) {
      for (let k = Math.min(stop.length - 1, text.length); k > hold; k--) {
        if (text.endsWith(stop.slice(0, k))) {
          hold = k;
          break;
        }
      }
    }
    return text.length - hold;
  }
}
