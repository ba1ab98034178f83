// Image jobs on the host side: resolve the model and the init image, fix the seed, queue the job;
// when it ends, store each PNG (content-addressed) as a version of the board.
import { randomInt } from 'node:crypto';
import type { GenerateImageRequest, ImageRecipe, Job } from '../../shared/contract';
import { AtelierError } from '../../shared/errors';
import type { EnhancePayload } from '../engine/jobs/enhance-image';
import type { GenerateImagePayload, GenerateImageResult } from '../engine/jobs/generate-image';
import type { ModelRegistry } from '../models/registry';
import type { Store } from '../store';
import type { EventBus } from './events';
import type { JobEffect, JobQueue } from './job-queue';
import type { RuntimeControl } from './runtime-control';

function imageVersion(store: Store, id: string) {
  const it = store.history.get(id);
  if (it.kind !== 'image') throw new AtelierError('BAD_INPUT', 'That version is not an image');
  return { it, path: store.artifacts.verifiedPath(it.artifactId) };
}

/**
 * The GAN's built-in ×4 upscaler follows the same rule as Enhance and every other job: the job's
 * own choice, else the upscaler's per-model choice, else the global one. Null for other models.
 */
export function ganUpscalerPlan(
  model: { kind: string },
  requested: string,
  models: ModelRegistry,
  runtime?: Pick<RuntimeControl, 'plan'>,
): { provider: string; order: string[] } | null {
  if (model.kind !== 'gan' || !runtime) return null;
  const esrgan = models.list().find((m) => m.id === 'esrgan-x4');
  if (!esrgan) return null;
  const plan = runtime.plan(esrgan, requested);
  return { provider: plan.provider, order: plan.order };
}

export function enqueueImageGeneration(
  store: Store,
  queue: JobQueue,
  models: ModelRegistry,
  request: GenerateImageRequest,
  modelsDir?: string,
  runtime?: Pick<RuntimeControl, 'plan'>,
): Job {
  const doc = store.documents.requireLive(request.documentId);
  if (doc.kind !== 'image') throw new AtelierError('BAD_INPUT', `'${doc.title}' is a text document; images need an image board`);
  const model = models.resolve(request.model, ['diffusion', 'gan']);
  let initPath: string | null = null;
  if (request.initIterationId) {
    const { it, path } = imageVersion(store, request.initIterationId);
    if (it.documentId !== doc.id) throw new AtelierError('BAD_INPUT', 'The init image belongs to another board');
    initPath = path;
  }
  if (model.kind === 'gan' && initPath) throw new AtelierError('BAD_INPUT', 'The starter GAN cannot start from an image; use Seed variations instead');
  const plan = runtime?.plan(model, request.provider);
  const upscaler = ganUpscalerPlan(model, request.provider, models, runtime);
  const payload: GenerateImagePayload = {
    request: plan ? { ...request, provider: plan.provider } : request,
    ...(plan ? { providerOrder: plan.order } : {}),
    ...(upscaler ? { upscaler } : {}),
    modelId: model.id,
    modelDir: model.dir,
    modelKind: model.kind as 'diffusion' | 'gan',
    seed: request.settings.seed ?? randomInt(0, 2 ** 32),
    initPath,
    modelsDir,
  };
  return queue.enqueue('generate-image', payload);
}

export function enqueueEnhance(
  store: Store,
  queue: JobQueue,
  iterationId: string,
  scale: 2 | 4,
  modelsDir?: string,
  runtime?: Pick<RuntimeControl, 'plan'>,
  models?: ModelRegistry,
): Job {
  const { it, path } = imageVersion(store, iterationId);
  store.documents.requireLive(it.documentId);
  const recipe = (it.recipe as ImageRecipe | null)?.kind === 'image' ? (it.recipe as ImageRecipe) : null;
  // The upscalers are starter models: their own and the global provider choice apply.
  const upscaler = models?.list().find((m) => m.id === `esrgan-x${scale}`);
  const plan = upscaler && runtime ? runtime.plan(upscaler, 'auto') : null;
  const payload: EnhancePayload = { iterationId, path, scale, recipe, modelsDir, ...(plan ? { provider: plan.provider, providerOrder: plan.order } : {}) };
  return queue.enqueue('enhance-image', payload);
}

/** Saves each finished image as a version (child of the init image or the parent it came from). */
export function saveGeneratedImages(store: Store, bus: EventBus): JobEffect {
  return (job, raw) => {
    const result = raw as GenerateImageResult;
    const p = job.payload as Partial<GenerateImagePayload & EnhancePayload>;
    const documentId = p.request?.documentId ?? store.history.get(p.iterationId as string).documentId;
    const parent = p.request ? (p.request.parentId ?? p.request.initIterationId) : (p.iterationId ?? null);
    // An in-between descends from both images it lies between.
    const parentIds = [...(parent ? [parent] : []), ...(p.interpolation ? [p.interpolation.toId] : [])];
    const ids: string[] = [];
    try {
      for (const img of result.images) {
        ids.push(
          store.db.transaction(() => {
            const artifactId = store.artifacts.putFile(img.png, 'image/png');
            return store.history.add({ documentId, parentIds, source: 'model', recipe: img.recipe, artifactId, moveHead: false }).id;
          })(),
        );
      }
    } catch (err) {
      // Each image is its own transaction: the ones saved before a failure (a full disk) stay.
      if (ids.length === 0) throw err;
      bus.emit('history.changed', { documentId, iterationIds: ids, change: 'added' });
      const message = `${ids.length} of ${result.images.length} images were saved; ${(err as Error).message}`;
      throw err instanceof AtelierError ? new AtelierError(err.code, message, err.details) : new Error(message);
    }
    bus.emit('history.changed', { documentId, iterationIds: ids, change: 'added' });
    return { iterationIds: ids, images: result.images.map((i) => ({ width: i.recipe.width, height: i.recipe.height, seed: i.recipe.seed })) };
  };
}
