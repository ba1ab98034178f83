// The models.* handlers: the library (electron/models/library.ts) behind the contract. Every
// change is announced as a models.changed event so open windows refresh their lists.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Job } from '../../shared/contract';
import type { DownloadJobResult, DownloadPayload } from '../models/download-job';
import type { ModelLibrary } from '../models/library';
import type { EventBus } from './events';
import type { Handlers } from './handlers';
import type { JobQueue } from './job-queue';
import type { RuntimeControl } from './runtime-control';

type ModelHandlers = Pick<
  Handlers,
  'models.list' | 'models.get' | 'models.card' | 'models.import' | 'models.verify' | 'models.remove' | 'models.restore' | 'models.usage' | 'models.download' | 'models.deleteSummary' | 'models.deleteForever'
>;

const CARD_FILES = ['README.md', 'readme.md', 'MODEL_CARD.md'];
const MAX_CARD_CHARS = 200_000;

export function modelHandlers(library: ModelLibrary, bus: EventBus, queue: JobQueue, runtime?: RuntimeControl): ModelHandlers {
  const changed = <T extends { id: string }>(m: T): T => {
    bus.emit('models.changed', { id: m.id });
    return m;
  };
  return {
    // Which providers can run each model needs the (one-time) probe of this machine's providers.
    'models.list': async ({ trashed }) => {
      await runtime?.providers();
      return library.list(trashed);
    },
    'models.get': async ({ id }) => {
      await runtime?.providers();
      return library.get(id);
    },
    'models.card': async ({ id }) => {
      const { dir } = await library.get(id);
      const file = CARD_FILES.map((f) => join(dir, f)).find((p) => existsSync(p));
      return file ? { file: file.slice(dir.length + 1), text: readFileSync(file, 'utf8').slice(0, MAX_CARD_CHARS) } : null;
    },
    'models.import': async (req) => changed(await library.import(req)),
    'models.verify': async ({ id }) => changed(await library.verify(id)),
    'models.remove': ({ id }) => changed(library.remove(id)),
    'models.restore': ({ id }) => changed(library.restore(id)),
    'models.usage': ({ id }) => library.usage(id),
    'models.deleteSummary': ({ id }) => library.deleteSummary(id),
    'models.deleteForever': ({ id }) => changed(library.deleteForever(id)),
    'models.download': ({ repo, revision, include, name }) => {
      const payload: DownloadPayload = { repo, revision, include, dest: library.downloadDir(repo, revision), ...(name ? { name } : {}) };
      return queue.enqueue('download-model', payload);
    },
  };
}

/** The host side of a finished download job: the verified folder joins the library. */
export function adoptDownload(library: ModelLibrary, bus: EventBus) {
  return (_job: Job, result: unknown, status: 'done' | 'cancelled'): unknown => {
    if (status !== 'done') return result;
    const summary = library.adoptDownload(result as DownloadJobResult);
    bus.emit('models.changed', { id: summary.modelId });
    return summary;
  };
}
