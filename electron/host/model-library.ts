// The models.* handlers: the library (electron/models/library.ts) behind the contract. Every
// change is announced as a models.changed event so open windows refresh their lists.
import type { ModelLibrary } from '../models/library';
import type { EventBus } from './events';
import type { Handlers } from './handlers';

type ModelHandlers = Pick<Handlers, 'models.list' | 'models.get' | 'models.import' | 'models.verify' | 'models.remove' | 'models.restore'>;

export function modelHandlers(library: ModelLibrary, bus: EventBus): ModelHandlers {
  const changed = <T extends { id: string }>(m: T): T => {
    bus.emit('models.changed', { id: m.id });
    return m;
  };
  return {
    'models.list': ({ trashed }) => library.list(trashed),
    'models.get': ({ id }) => library.get(id),
    'models.import': async (req) => changed(await library.import(req)),
    'models.verify': async ({ id }) => changed(await library.verify(id)),
    'models.remove': ({ id }) => changed(library.remove(id)),
    'models.restore': ({ id }) => changed(library.restore(id)),
  };
}
