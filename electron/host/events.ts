// A typed in-process event bus; transports subscribe and forward events to their clients.
import type { EventName, Events } from '../../shared/contract';

export type AnyListener = (event: EventName, data: Events[EventName]) => void;

export class EventBus {
  private readonly listeners = new Set<AnyListener>();

  emit<E extends EventName>(event: E, data: Events[E]): void {
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
}
