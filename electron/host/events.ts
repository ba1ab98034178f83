// A typed in-process event bus; transports subscribe and forward events to their clients.
import type { EventName, Events } from '../../shared/contract';

export type AnyListener = (event: EventName, data: Events[EventName]) => void;

export class EventBus {
  private readonly listeners = new Set<AnyListener>();
  private held: [EventName, Events[EventName]][] | null = null;

  emit<E extends EventName>(event: E, data: Events[E]): void {
    if (this.held) {
      this.held.push([event, data]);
      return;
    }
    for (const l of this.listeners) {
      try {
        l(event, data);
      } catch {
        // One broken subscriber (a closed socket) must not stop the others.
      }
    }
  }

  subscribe(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs `fn` (a database transaction) with events held back: they go out once it returns, and
   * are dropped if it throws. A client must never hear of a version before its row is committed,
   * or it would count on something a crash can still take away.
   */
  hold<T>(fn: () => T): T {
    if (this.held) {
      // Nested (a savepoint): its events go out with the outer ones, or not at all if it throws.
      const mark = this.held.length;
      try {
        return fn();
      } catch (err) {
        this.held.length = mark;
        throw err;
      }
    }
    this.held = [];
    let events: [EventName, Events[EventName]][] = [];
    try {
      const out = fn();
      events = this.held;
      return out;
    } finally {
      this.held = null;
      for (const [event, data] of events) this.emit(event, data);
    }
  }
}
