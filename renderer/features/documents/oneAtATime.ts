// Work that must not overlap itself (a pass saving the kept texts: two at once could both save one):
// one at a time in this window, and across this browser's tabs under the Web Lock `name` where the
// browser has Web Locks.
/** The part of Web Locks used here (typed locally: the unit tests compile this without the DOM's types). */
type Locks = { request<T>(name: string, work: () => Promise<T>): Promise<T> };
const webLocks = (): Locks | undefined => (globalThis as { navigator?: { locks?: Locks } }).navigator?.locks;

export function oneAtATime(name: string): <R>(work: () => Promise<R>) => Promise<R> {
  let chain: Promise<unknown> = Promise.resolve();
  return (work) => {
    // Without Web Locks (absent on some origins, or refusing), this window's own order is all there is.
    const locked = async () => {
      const locks = webLocks();
      if (typeof locks?.request !== 'function') return work();
      let ran = false;
      try {
        return await locks.request(name, () => {
          ran = true;
          return work();
        });
      } catch (err) {
        if (ran) throw err;
        return work();
      }
    };
    const run = chain.then(locked);
    chain = run.catch(() => undefined);
    return run;
  };
}
