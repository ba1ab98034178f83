// The request side of a live query (useLiveQuery), kept free of React so it can be tested alone.
// At most one request is in flight: a reload asked for meanwhile runs once more after it, so a
// burst of change events costs two requests rather than one each, and answers land in order.
// An answer is shown only while the query is open and nothing newer was put in its place.

export type LoadResult<T> = { ok: true; data: T } | { ok: false; error: unknown };

export class LiveLoad<T> {
  private running: Promise<void> | null = null;
  private again = false;
  private generation = 0;
  private open = true;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly show: (result: LoadResult<T>) => void,
  ) {}

  /** Loads again; resolves once an answer asked for after this call has been shown (or dropped). */
  reload(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** The caller showed a newer value itself (an action's answer): answers in flight are stale. */
  supersede(): void {
    this.generation++;
  }

  /** The query's key changed or its view went away: nothing more is shown. */
  close(): void {
    this.open = false;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      const generation = this.generation;
      let result: LoadResult<T>;
      try {
        result = { ok: true, data: await this.load() };
      } catch (error) {
        result = { ok: false, error };
      }
      if (this.open && generation === this.generation) this.show(result);
    } while (this.again && this.open);
  }
}
