// The one handler table both transports call. Handlers receive validated params and never know
// which transport called them.
import { deleteRecovered, listRecovered } from '../store/recovered';
import type { MethodName, ParsedParams, Result, StartupNotice, SystemStatus } from '../../shared/contract';
import { AtelierError } from '../../shared/errors';
import { ortVersion } from '../engine/runtime/providers';
import type { ModelLibrary } from '../models/library';
import type { ModelRegistry } from '../models/registry';
import type { Store } from '../store';
import type { EventBus } from './events';
import { imageDataUrl } from '../engine/image/thumbnail';
import { exploreHandlers } from './explore-handlers';
import { enqueueTextGeneration } from './generation';
import { GenerationRefs } from './generation-refs';
import { enqueueEnhance, enqueueImageGeneration } from './image-generation';
import { enqueueInterpolation } from './image-interpolation';
import type { JobQueue } from './job-queue';
import { modelHandlers } from './model-library';
import type { RuntimeControl } from './runtime-control';
import { readRecipe } from './read-recipe';
import { lastDevices, runtimeHandlers } from './runtime-handlers';
import { StreamedText } from './streamed-text';
import { appVersion } from './version';

export type Handlers = {
  [M in MethodName]: (params: ParsedParams<M>) => Result<M> | Promise<Result<M>>;
};

export interface HandlerDeps {
  store: Store;
  queue: JobQueue;
  bus: EventBus;
  models: ModelRegistry;
  library: ModelLibrary;
  runtime: RuntimeControl;
  transport: SystemStatus['transport'];
  /** Where the upscalers live when packaged (resources/models). */
  modelsDir?: string;
  /** Start-up notices, read on every system.status (a running core may add one). */
  notices?: StartupNotice[];
}

export function createHandlers({ store, queue, bus, models, library, runtime, transport, modelsDir, notices = [] }: HandlerDeps): Handlers {
  const streamed = new StreamedText(bus);
  const refs = new GenerationRefs((id) => store.jobs.get(id));
  const projectChanged = <T extends { id: string }>(p: T, id = p.id): T => {
    bus.emit('projects.changed', { id });
    return p;
  };
  return {
    'system.status': async () => ({
      appVersion: appVersion(),
      nodeVersion: process.versions.node,
      ortVersion: ortVersion(),
      platform: process.platform,
      arch: process.arch,
      dataDir: store.dataDir,
      executionProviders: await runtime.providers(),
      transport,
      notices: [...notices],
      lastDevices: lastDevices(store),
      recovered: listRecovered(store.dataDir),
    }),
    'system.deleteRecovered': (req) => deleteRecovered(store.dataDir, req),

    'projects.list': ({ trashed }) => store.projects.list(trashed),
    'projects.create': ({ name }) => projectChanged(store.projects.create(name)),
    'projects.rename': ({ id, name }) => projectChanged(store.projects.rename(id, name)),
    'projects.trashSummary': ({ id }) => store.projects.trashSummary(id),
    'projects.trash': ({ id }) => projectChanged(store.projects.trash(id)),
    'projects.restore': ({ id }) => projectChanged(store.projects.restore(id)),

    'trash.summary': (scope) => store.purge.summary(scope),
    'trash.deleteForGood': (req) => {
      const { deleted, ...result } = store.purge.deleteForGood(req);
      // First: a window showing one of them closes it before its project's reload finds it gone.
      for (const d of deleted) bus.emit('documents.deleted', d);
      for (const id of result.projectIds) bus.emit('projects.changed', { id });
      for (const d of result.documentIds) bus.emit('history.changed', { documentId: d, iterationIds: [], change: 'trash' });
      return result;
    },

    'documents.list': ({ projectId, trashed }) => store.documents.list(projectId, trashed),
    'documents.get': ({ id }) => store.documents.get(id),
    'documents.create': ({ projectId, kind, title, text }) =>
      // Held: the events go out once the document and its first version are committed.
      bus.hold(() =>
        store.db.transaction(() => {
          const doc = store.documents.create(projectId, kind, title);
          if (text !== undefined && kind === 'text') {
            const first = store.history.commitText(doc.id, [], text, 'user');
            bus.emit('history.changed', { documentId: doc.id, iterationIds: [first.id], change: 'added' });
          }
          return projectChanged(store.documents.get(doc.id), projectId);
        })(),
      ),
    'documents.rename': ({ id, title }) => {
      const d = store.documents.rename(id, title);
      return projectChanged(d, d.projectId);
    },
    'documents.trashSummary': ({ id }) => store.documents.trashSummary(id),
    'documents.trash': ({ id }) => {
      const d = store.documents.trash(id);
      return projectChanged(d, d.projectId);
    },
    'documents.restore': ({ id }) => {
      const d = store.documents.restore(id);
      return projectChanged(d, d.projectId);
    },
    'documents.listTrashed': ({ limit }) => store.documents.listTrashed(limit),

    'history.graph': ({ documentId, recipes }) => store.history.graph(documentId, { recipes }),
    'history.get': ({ id }) => store.history.get(id),
    // Every change to a document's history is announced once committed, to every window and tab:
    // the one that made it too (its writing session refreshes the graph, never its editor).
    'history.commitText': ({ documentId, parentIds, text, source, moveHead, spans }) => {
      const it = store.history.commitText(documentId, parentIds, text, source, moveHead, spans);
      bus.emit('history.changed', { documentId, iterationIds: [it.id], change: 'added' });
      return it;
    },
    'history.checkout': ({ documentId, iterationId, spans }) => {
      store.history.checkout(documentId, iterationId, spans);
      bus.emit('history.changed', { documentId, iterationIds: [iterationId], change: 'head' });
      return store.documents.get(documentId);
    },
    'history.tokens': ({ id }) => store.history.tokens(id),
    'history.spans': ({ id }) => store.history.spans(id),
    'history.trash': ({ id }) => {
      const { text: _t, ...it } = store.history.setTrashed(id, true);
      bus.emit('history.changed', { documentId: it.documentId, iterationIds: [id], change: 'trash' });
      return it;
    },
    'history.restore': ({ id }) => {
      const { text: _t, ...it } = store.history.setTrashed(id, false);
      bus.emit('history.changed', { documentId: it.documentId, iterationIds: [id], change: 'trash' });
      return it;
    },

    ...exploreHandlers({ store, queue, bus, models, modelsDir, runtime }),
    ...modelHandlers(library, bus, queue, runtime),
    ...runtimeHandlers(runtime, library, models, store, bus),
    'generate.text': ({ ref, ...request }) => refs.start(ref, () => enqueueTextGeneration(store, queue, models, request, runtime)),
    'generate.find': ({ ref }) => refs.find(ref),
    'generate.streamed': ({ jobId }) => streamed.get(jobId),
    'generate.image': (request) => enqueueImageGeneration(store, queue, models, request, modelsDir, runtime),
    'images.enhance': ({ iterationId, scale }) => enqueueEnhance(store, queue, iterationId, scale, modelsDir, runtime, models),
    'images.interpolate': (request) => enqueueInterpolation(store, queue, models, request, modelsDir, runtime),
    'images.get': ({ id, maxSide }) => {
      const it = store.history.get(id);
      if (it.kind !== 'image') throw new AtelierError('BAD_INPUT', 'That version is not an image');
      return imageDataUrl(store.artifacts.bytes(it.artifactId), maxSide);
    },
    'images.readRecipe': ({ imageBase64 }) => readRecipe(Buffer.from(imageBase64, 'base64')),

    'jobs.list': ({ limit }) => store.jobs.list(limit),
    'jobs.get': ({ id }) => store.jobs.get(id),
    'jobs.enqueue': (req) => queue.enqueue(req.kind, req.payload),
    'jobs.cancel': ({ id }) => queue.cancel(id),
    'jobs.move': ({ id, index }) => queue.move(id, index),
  };
}
