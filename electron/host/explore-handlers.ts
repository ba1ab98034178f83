// Handlers for compare and explore: version marks and the trash, reproduce, export, search,
// compare, grids. Spread into the one handler table (handlers.ts).
import { recipeDifferences } from '../../shared/compare/recipe-diff';
import { compareTexts } from '../../shared/compare/text-diff';
import type { Iteration, ParsedParams, Result } from '../../shared/contract';
import { AtelierError } from '../../shared/errors';
import { pixelDiff } from '../engine/image/pixel-diff';
import type { ModelRegistry } from '../models/registry';
import type { Store } from '../store';
import type { EventBus } from './events';
import { cancelGrid, exportGrid, planFor, startGrid } from './grids';
import { exportHistory } from './history-export';
import type { JobQueue } from './job-queue';
import { enqueueReproduce } from './reproduce';
import type { RuntimeControl } from './runtime-control';

type ExploreMethods =
  | 'history.annotate'
  | 'history.trashSummary'
  | 'history.emptyTrash'
  | 'history.reproduce'
  | 'history.reproductions'
  | 'history.export'
  | 'search.query'
  | 'compare.images'
  | 'compare.texts'
  | 'compare.recipes'
  | 'grids.plan'
  | 'grids.start'
  | 'grids.get'
  | 'grids.list'
  | 'grids.cancel'
  | 'grids.export';

type ExploreHandlers = { [M in ExploreMethods]: (params: ParsedParams<M>) => Result<M> | Promise<Result<M>> };

export function exploreHandlers(deps: {
  store: Store;
  queue: JobQueue;
  bus: EventBus;
  models: ModelRegistry;
  modelsDir?: string;
  runtime?: Pick<RuntimeControl, 'plan'>;
}): ExploreHandlers {
  const { store, queue, bus, models, modelsDir, runtime } = deps;
  const image = (id: string) => {
    const it = store.history.get(id);
    if (it.kind !== 'image') throw new AtelierError('BAD_INPUT', `Version ${id} is not an image`);
    return store.artifacts.bytes(it.artifactId);
  };
  return {
    'history.annotate': ({ id, ...marks }) => {
      const { text: _t, ...it } = store.history.annotate(id, marks);
      // Only the marks changed: clients patch this version rather than fetch the whole graph.
      const now = { id, starred: it.starred === true, tags: it.tags ?? [], note: it.note ?? null };
      bus.emit('history.changed', { documentId: it.documentId, iterationIds: [id], marks: [now] });
      return it as Iteration;
    },
    'history.trashSummary': ({ documentId }) => store.history.trashSummary(documentId),
    'history.emptyTrash': ({ documentId, iterationIds }) => {
      const result = store.history.emptyTrash(documentId, iterationIds);
      for (const d of result.documentIds) bus.emit('history.changed', { documentId: d, iterationIds: [], change: 'trash' });
      return result;
    },
    'history.reproduce': ({ id }) => enqueueReproduce(store, queue, models, id, modelsDir),
    'history.reproductions': ({ id }) => {
      store.history.get(id);
      return store.reproductions.of(id);
    },
    'history.export': ({ documentId, format }) => exportHistory(store, documentId, format),

    'search.query': ({ q, limit, offset, projectId, documentId }) => store.search.query(q, { limit, offset, projectId, documentId }),

    'compare.images': async ({ a, b }) => {
      const { png, ...numbers } = await pixelDiff(image(a), image(b));
      return { heatmapDataUrl: `data:image/png;base64,${png.toString('base64')}`, ...numbers };
    },
    'compare.texts': ({ ids, context }) => {
      const its = ids.map((id) => store.history.get(id));
      const notText = its.find((it) => it.text === null);
      if (notText) throw new AtelierError('BAD_INPUT', `Version ${notText.id} is not a text`);
      const diffs = compareTexts(its.map((it) => it.text as string), { context });
      return { baseId: ids[0]!, diffs: diffs.map((diff, i) => ({ id: ids[i + 1]!, diff })), recipes: recipeDifferences(its.map((it) => it.recipe)) };
    },
    'compare.recipes': ({ ids }) => recipeDifferences(ids.map((id) => store.history.get(id).recipe)),

    'grids.plan': (spec) => planFor(store, models, spec),
    'grids.start': (spec) => startGrid(store, queue, bus, models, spec, modelsDir, runtime),
    'grids.get': ({ id }) => store.grids.get(id),
    'grids.list': ({ documentId }) => store.grids.list(documentId),
    'grids.cancel': ({ id }) => cancelGrid(store, queue, id),
    'grids.export': ({ id, format, cellSize }) => exportGrid(store, id, format, cellSize),
  };
}
