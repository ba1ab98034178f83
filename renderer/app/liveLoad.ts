// The request side of a live query (useLiveQuery), kept free of React so it can be tested alone.
// At most one request is in flight: a reload asked for meanwhile runs once more after it, so a
// burst of change events costs two requests rather than one each, and answers land in order.
// An answer is shown only while the query is open and nothing newer was put in its place. A change
// the caller applied to what is shown (amend: a change event that carries the change itself) is
// applied again to an answer that was in flight then, which may have been read before it.

export type LoadResult<T> = { ok: true; data: T } | { ok: false; error: unknown };

export class LiveLoad<T> {
  private running: Promise<void> | null = null;
  private again = false;
  private generation = 0;
  private open = true;
  /** Changes amended while the current request was in flight, oldest first. */
  private amends: ((data: T) => T)[] = [];

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

  /** The caller applied `change` to the data shown: an answer in flight gets it too before it is shown. */
  amend(change: (data: T) => T): void {
    if (this.running) this.amends.push(change);
  }

  /** The query's key changed or its view went away: nothing more is shown. */
  close(): void {
    this.open = false;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      // A request sent now reads everything amended so far.
      this.amends = [];
      const generation = this.generation;
      let result: LoadResult<T>;
      try {
        let data: T = await this.load();
        for (const change of this.amends) data = change(data);
        result = { ok: true, data };
      } catch (error) {
        result = { ok: false, error };
      }
      if (this.open && generation === this.generation) this.show(result);
    } while (this.again && this.open);
  }
}
