// The board's local star overrides, as pure functions (stars.ts holds them in React state): an
// override shows a toggle at once and lasts only until the reloaded versions agree with it.
import type { Iteration } from '../../../shared/contract';

/** A board version as far as stars go (useBoard's BoardVersion fits). */
export interface Starrable {
  it: Pick<Iteration, 'id' | 'starred'>;
}

/**
 * The overrides the versions have not confirmed yet. Returns the same map when nothing settled,
 * so a state update with it re-renders nothing.
 */
export function unsettledStars(pending: ReadonlyMap<string, boolean>, versions: readonly Starrable[]): ReadonlyMap<string, boolean> {
  if (pending.size === 0) return pending;
  const starred = new Map(versions.map((v) => [v.it.id, v.it.starred === true]));
  let next: Map<string, boolean> | null = null;
  for (const [id, on] of pending) {
    // A version gone from the board (trashed for good) needs no override either.
    if (starred.get(id) === on || !starred.has(id)) {
      next ??= new Map(pending);
      next.delete(id);
    }
  }
  return next ?? pending;
}

/** The starred ids: what the versions say, with the overrides not yet confirmed on top. */
export function starredIds(versions: readonly Starrable[], pending: ReadonlyMap<string, boolean>): Set<string> {
  const set = new Set(versions.filter((v) => v.it.starred).map((v) => v.it.id));
  for (const [id, on] of pending) {
    if (on) set.add(id);
    else set.delete(id);
  }
  return set;
}
