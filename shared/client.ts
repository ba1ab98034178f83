// The typed contract client used by the renderer (and tests). It knows nothing of transports:
// give it something that can call a method and subscribe to events.
import type { EventName, Events, MethodName, Params, Result } from './contract';
import { AtelierError, isWireError } from './errors';

export interface Transport {
  call(method: string, params: unknown): Promise<unknown>;
  subscribe(listener: (event: string, data: unknown) => void): () => void;
}

export interface Client {
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>;
  on<E extends EventName>(event: E, listener: (data: Events[E]) => void): () => void;
}

export function createClient(transport: Transport): Client {
  return {
    async call(method, params) {
      try {
        return (await transport.call(method, params)) as never;
      } catch (err) {
        // Rehydrate wire errors so callers can branch on err.code.
        if (isWireError(err)) throw new AtelierError(err.code, err.message, err.details);
        throw err;
      }
    },
    on(event, listener) {
      return transport.subscribe((name, data) => {
        if (name === event) listener(data as never);
      });
    },
  };
}
