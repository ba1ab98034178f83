// In-betweens of two images (the "interpolation between two GAN images", and the same for
// diffusion): N images whose start noise walks from one image's to the other's, everything else
// from the first image's recipe. Each is a version with both images as parents.
import type { ImageRecipe, InterpolateRequest, Job } from '../../shared/contract';
import { AtelierError } from '../../shared/errors';
import { classFromPrompt, readGanCard } from '../engine/image/gan-card';
import type { GenerateImagePayload } from '../engine/jobs/generate-image';
import type { ModelRegistry } from '../models/registry';
import type { Store } from '../store';
import type { JobQueue } from './job-queue';
import { ganUpscalerPlan } from './image-generation';
import type { RuntimeControl } from './runtime-control';

function endpoint(store: Store, id: string, which: string) {
  const it = store.history.get(id);
  const recipe = it.recipe as ImageRecipe | null;
  if (it.kind !== 'image' || recipe?.kind !== 'image') throw new AtelierError('BAD_INPUT', `The ${which} image is not an image version`);
  if (recipe.model.kind !== 'diffusion' && recipe.model.kind !== 'gan') {
    throw new AtelierError('BAD_INPUT', `The ${which} image was not made by a generator here (it is ${recipe.model.kind} output), so it has no start noise to interpolate`);
  }
  if (recipe.upscale) throw new AtelierError('BAD_INPUT', `The ${which} image is an enhanced copy (×${recipe.upscale.scale}); pick the image it was enhanced from`);
  if (recipe.initIterationId) throw new AtelierError('BAD_INPUT', `The ${which} image started from another image; in-betweens need images generated from a seed`);
  if (recipe.settings.interpolateTo) throw new AtelierError('BAD_INPUT', `The ${which} image is itself an in-between; pick images generated from a seed or a seed variation`);
  return { it, recipe };
}

export function enqueueInterpolation(
  store: Store,
  queue: JobQueue,
  models: ModelRegistry,
  req: InterpolateRequest,
  modelsDir?: string,
  runtime?: Pick<RuntimeControl, 'plan'>,
): Job {
  if (req.fromId === req.toId) throw new AtelierError('BAD_INPUT', 'Pick two different images to interpolate between');
  const from = endpoint(store, req.fromId, 'first');
  const to = endpoint(store, req.toId, 'second');
  if (from.it.documentId !== to.it.documentId) throw new AtelierError('BAD_INPUT', 'The two images are on different boards');
  const doc = store.documents.requireLive(from.it.documentId);
  if (from.recipe.model.id !== to.recipe.model.id) {
    throw new AtelierError('BAD_INPUT', `The images come from different models (${from.recipe.model.id}, ${to.recipe.model.id}); in-betweens need one model`);
  }
  const model = models.resolve(from.recipe.model.id, ['diffusion', 'gan']);
  const a = from.recipe.settings;
  const b = to.recipe.settings;
  if (model.kind === 'gan') {
    // The class is not a latent: both images must show the same kind of garment.
    const card = readGanCard(model.dir);
    const [ca, cb] = [classFromPrompt(a.prompt, card), classFromPrompt(b.prompt, card)];
    if (ca !== cb) throw new AtelierError('BAD_INPUT', `The first image is a ${card.classes[ca]} and the second a ${card.classes[cb]}; in-betweens need two images of the same garment`);
  } else if (a.width !== b.width || a.height !== b.height) {
    throw new AtelierError('BAD_INPUT', `The images have different sizes (${a.width}×${a.height}, ${b.width}×${b.height}); in-betweens need one size`);
  }
  // The choice that applies (request, else the model's, else the global one) and what it tries.
  const plan = runtime?.plan(model, req.provider);
  const upscaler = ganUpscalerPlan(model, req.provider, models, runtime);
  const payload: GenerateImagePayload = {
    ...(plan ? { providerOrder: plan.order } : {}),
    ...(upscaler ? { upscaler } : {}),
    request: {
      documentId: doc.id,
      parentId: from.it.id,
      model: model.id,
      provider: plan?.provider ?? req.provider,
      batch: req.count,
      initIterationId: null,
      settings: { ...a, seed: from.recipe.seed },
    },
    modelId: model.id,
    modelDir: model.dir,
    modelKind: model.kind as 'diffusion' | 'gan',
    seed: from.recipe.seed,
    initPath: null,
    modelsDir,
    interpolation: { toId: to.it.id, to: { seed: to.recipe.seed, variationSeed: b.variationSeed, variationStrength: b.variationStrength } },
  };
  return queue.enqueue('generate-image', payload);
}
