// Reproduce: re-run a version with its exact recipe as a normal job (same model id, the execution
// provider it ran on, the recorded seed and settings), then save the result as a child of the
// original and record whether the outputs match — the generated text, or the decoded pixels (not
// the PNG file, whose embedded recipe differs) — and, when they differ, why if that is known:
// the model file's sha256 (the engine hashes the file it loads, so a changed file shows), the
// device, the engine version or a setting.
import { createHash } from 'node:crypto';
import type {
  GenerateImageRequest,
  GenerateTextJobResult,
  GenerateTextPayload,
  GenerateTextRequest,
  ImageRecipe,
  IterationWithContent,
  Job,
  ProviderChoice,
  ReproduceReason,
  ReproduceStarted,
  Reproduction,
  TextRecipe,
} from '../../shared/contract';
import { PROVIDERS } from '../../shared/contract';
import { recipeDifferences } from '../../shared/compare/recipe-diff';
import { AtelierError } from '../../shared/errors';
import { pixelHash } from '../engine/image/png-pixels';
import type { EnhancePayload } from '../engine/jobs/enhance-image';
import type { GenerateImagePayload, GenerateImageResult } from '../engine/jobs/generate-image';
import { executionProviders } from '../engine/runtime/providers';
import type { ModelRegistry } from '../models/registry';
import type { Store } from '../store';
import type { EventBus } from './events';
import { modelCacheKey, stoppedBeforeText } from './generation';
import type { JobEffect, JobQueue } from './job-queue';

/** Marks a job as a re-run: which version, and which row / image of the result is the re-run. */
export interface ReproduceTag {
  originalId: string;
  pick: number;
}

export type Tagged<T> = T & { reproduce?: ReproduceTag };

const sha256 = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');

function chooseProvider(device: { used?: string } | undefined, notes: string[]): ProviderChoice {
  const used = device?.used;
  if (!used || !(PROVIDERS as readonly string[]).includes(used)) return 'auto';
  const available = executionProviders().some((p) => p.name === used && p.available);
  if (used === 'cpu' || available) return used as ProviderChoice;
  notes.push(`It was made on ${used}, which this machine does not offer; re-running on the best available provider`);
  return 'auto';
}

/** The job that made a version, when its row is still there (its payload is the exact request). */
function sourceJob(store: Store, kind: string, iterationId: string): Job | null {
  const row = store.db
    .prepare(`SELECT id FROM jobs WHERE kind = ? AND status IN ('done', 'cancelled') AND result_json LIKE ? ORDER BY created_at DESC LIMIT 1`)
    .pluck()
    .get(kind, `%"${iterationId}"%`) as string | undefined;
  return row ? store.jobs.get(row) : null;
}

function textRequest(store: Store, it: IterationWithContent, recipe: TextRecipe, notes: string[]): { request: GenerateTextRequest; pick: number } {
  const job = sourceJob(store, 'generate-text', it.id);
  const original = job ? (job.payload as GenerateTextPayload).request : null;
  if (original) return { request: { ...original, parentId: it.parentIds[0] ?? null }, pick: recipe.alternative };
  const tokens = store.history.tokens(it.id);
  if (!tokens || it.text === null) throw new AtelierError('BAD_INPUT', 'This version has no token record, so its prompt cannot be recovered to re-run it');
  const generated = tokens.tokens.map((t) => t.text).join('');
  notes.push('The original job is gone: the prompt and suffix come from the saved text; memory and rewrite instructions, if any, are not on record');
  return {
    request: {
      documentId: it.documentId,
      parentId: it.parentIds[0] ?? null,
      prompt: it.text.slice(0, tokens.start),
      suffix: it.text.slice(tokens.start + generated.length),
      model: recipe.model.id,
      provider: 'auto',
      alternatives: recipe.alternative + 1,
      settings: recipe.settings,
      rewrite: null,
      memory: '',
    },
    pick: recipe.alternative,
  };
}

function resolveModel(models: ModelRegistry, id: string, kinds: ('text' | 'diffusion' | 'gan')[]) {
  try {
    return models.resolve(id, kinds);
  } catch (err) {
    if (err instanceof AtelierError && err.code === 'NOT_FOUND') {
      throw new AtelierError('NOT_FOUND', `The model '${id}' this version was made with is not installed, so it cannot be re-run`);
    }
    throw err;
  }
}

export function enqueueReproduce(store: Store, queue: JobQueue, models: ModelRegistry, id: string, modelsDir?: string): ReproduceStarted {
  const it = store.history.get(id);
  const doc = store.documents.requireLive(it.documentId);
  const recipe = it.recipe as (TextRecipe | ImageRecipe | null);
  if (!recipe || typeof recipe !== 'object' || (recipe.kind !== 'text' && recipe.kind !== 'image')) {
    throw new AtelierError('BAD_INPUT', 'This version was written, not generated: it has no recipe to re-run');
  }
  const notes: string[] = [];
  const provider = chooseProvider(recipe.device, notes);
  let job: Job;
  if (recipe.kind === 'text') {
    const model = resolveModel(models, recipe.model.id, ['text']);
    const { request, pick } = textRequest(store, it, recipe, notes);
    const payload: Tagged<GenerateTextPayload> = {
      request: { ...request, model: model.id, provider, settings: { ...recipe.settings, seed: recipe.seed } },
      modelDir: model.dir,
      seed: recipe.seed,
      cacheKey: modelCacheKey(doc.id, model.id, model.dir),
      reproduce: { originalId: it.id, pick },
    };
    job = queue.enqueue('generate-text', payload);
  } else if (recipe.upscale) {
    const source = store.history.get(recipe.upscale.from);
    if (source.kind !== 'image') throw new AtelierError('BAD_INPUT', 'The version this one enhanced is not an image');
    const sourceRecipe = (source.recipe as ImageRecipe | null)?.kind === 'image' ? (source.recipe as ImageRecipe) : null;
    const payload: Tagged<EnhancePayload> = {
      iterationId: source.id,
      path: store.artifacts.pathOf(source.artifactId),
      scale: recipe.upscale.scale as 2 | 4,
      recipe: sourceRecipe,
      modelsDir,
      reproduce: { originalId: it.id, pick: 0 },
    };
    job = queue.enqueue('enhance-image', payload);
  } else {
    const model = resolveModel(models, recipe.model.id, ['diffusion', 'gan']);
    let initPath: string | null = null;
    if (recipe.initIterationId) {
      const init = store.history.get(recipe.initIterationId);
      initPath = store.artifacts.pathOf(init.artifactId);
    }
    // Image i of a batch is generated from seed + i alone, so one image with that seed is exact.
    const request: GenerateImageRequest = {
      documentId: doc.id,
      parentId: it.id,
      model: model.id,
      provider,
      batch: 1,
      initIterationId: recipe.initIterationId,
      settings: { ...recipe.settings, seed: recipe.seed },
    };
    const payload: Tagged<GenerateImagePayload> = {
      request,
      modelId: model.id,
      modelDir: model.dir,
      modelKind: model.kind as 'diffusion' | 'gan',
      seed: recipe.seed,
      initPath,
      modelsDir,
      reproduce: { originalId: it.id, pick: 0 },
    };
    job = queue.enqueue('generate-image', payload);
  }
  return { jobId: job.id, originalId: it.id, provider, notes };
}

/** What the comparison reads from a stored recipe of any kind. */
type AnyRecipe = {
  model?: { sha256?: string | null };
  device?: { used?: string; fallbackReason?: string | null };
  engine?: string;
  settings?: unknown;
} | null;

/** Why two recipes' runs may differ (settings compared without the bookkeeping). */
export function reproduceReasons(before: AnyRecipe, after: AnyRecipe): ReproduceReason[] {
  const reasons: ReproduceReason[] = [];
  const a = before?.model?.sha256;
  const b = after?.model?.sha256;
  if (a && b && a !== b) {
    reasons.push({ code: 'model-changed', message: `The model file changed: sha256 ${a.slice(0, 12)}… then, ${b.slice(0, 12)}… now` });
  }
  const da = before?.device?.used;
  const dn = after?.device?.used;
  if (da && dn && da !== dn) {
    const why = after?.device?.fallbackReason ? ` (${after.device.fallbackReason})` : '';
    reasons.push({ code: 'other-device', message: `Made on ${da}, re-run on ${dn}${why}` });
  }
  if (before?.engine && after?.engine && before.engine !== after.engine) {
    reasons.push({ code: 'engine-changed', message: `The engine changed: ${before.engine} then, ${after.engine} now` });
  }
  const settings = recipeDifferences([before?.settings ?? {}, after?.settings ?? {}], { ignore: ['seed'] });
  if (settings.length) {
    reasons.push({ code: 'settings-differ', message: `Settings differ: ${settings.map((d) => d.label).join(', ')}` });
  }
  return reasons;
}

function outcomeOf(originalHash: string, newHash: string, reasons: ReproduceReason[]): Pick<Reproduction, 'outcome' | 'reasons'> {
  if (originalHash === newHash) return { outcome: 'identical', reasons };
  if (reasons.length) return { outcome: 'differs', reasons };
  return {
    outcome: 'differs',
    reasons: [{ code: 'unknown', message: 'Same model file, device, engine and settings; the difference comes from somewhere else (non-deterministic kernels?)' }],
  };
}

/**
 * The job effect for re-runs: saves the picked row / image as a child of the original and records
 * the outcome. Returns undefined for jobs that are not re-runs (the normal effect handles them).
 */
export function reproduceEffect(store: Store, bus: EventBus): JobEffect {
  return (job, raw, status) => {
    const payload = job.payload as Tagged<GenerateTextPayload & GenerateImagePayload & EnhancePayload>;
    const tag = payload.reproduce as ReproduceTag;
    const original = store.history.get(tag.originalId);
    let newId: string;
    let hashKind: Reproduction['hashKind'];
    let originalHash: string;
    let newHash: string;
    let newRecipe: AnyRecipe;
    let stopped = status === 'cancelled';
    if (job.kind === 'generate-text') {
      const result = raw as GenerateTextJobResult;
      const row = result.rows[tag.pick] ?? result.rows[0];
      if (!row) return { iterationIds: [], reproduction: null };
      const { prompt, suffix } = payload.request;
      // Stopped before its first token: nothing to compare and no version to add (the job records it).
      if (stoppedBeforeText(row, status)) return { iterationIds: [], reproduction: null };
      stopped ||= row.stopReason === 'cancelled';
      newId = store.history.addGeneratedText({
        documentId: original.documentId,
        parentIds: [original.id],
        text: prompt + row.text + suffix,
        status: stopped ? 'stopped' : 'ok',
        recipe: row.recipe,
        tokens: { start: prompt.length, tokens: row.tokens },
      }).id;
      const text = original.text ?? '';
      hashKind = 'text';
      originalHash = sha256(text.slice(prompt.length, text.length - suffix.length));
      newHash = sha256(row.text);
      newRecipe = row.recipe;
    } else {
      const img = (raw as GenerateImageResult).images[0];
      if (!img) return { iterationIds: [], reproduction: null };
      newId = store.db.transaction(() => {
        const artifactId = store.artifacts.putFile(img.png, 'image/png');
        return store.history.add({ documentId: original.documentId, parentIds: [original.id], source: 'model', recipe: img.recipe, artifactId, moveHead: false }).id;
      })();
      hashKind = 'pixels';
      originalHash = pixelHash(store.artifacts.bytes(original.artifactId));
      newHash = pixelHash(img.png);
      newRecipe = img.recipe;
    }
    let reproduction: Reproduction | null = null;
    if (!stopped) {
      const verdict = outcomeOf(originalHash, newHash, reproduceReasons(original.recipe as AnyRecipe, newRecipe));
      reproduction = store.reproductions.add({ iterationId: newId, originalId: original.id, hashKind, originalHash, newHash, ...verdict });
    }
    bus.emit('history.changed', { documentId: original.documentId, iterationIds: [newId], change: 'added' });
    return { iterationIds: [newId], reproduction };
  };
}
