// Text generation on the host side: turn a request into a queued job (model resolved, seed
// fixed so the recipe can reproduce it), and turn the job's result into saved versions.
import { createHash, randomInt } from 'node:crypto';
import type {
  GeneratedRow,
  GenerateTextJobResult,
  GenerateTextJobSummary,
  GenerateTextPayload,
  GenerateTextRequest,
  Job,
} from '../../shared/contract';
import { AtelierError } from '../../shared/errors';
import { folderStamp } from '../engine/runtime/folder-stamp';
import type { ModelRegistry } from '../models/registry';
import type { Store } from '../store';
import type { EventBus } from './events';
import type { JobEffect, JobQueue } from './job-queue';
import type { RuntimeControl } from './runtime-control';

/** The prefix-cache key of a document and a model folder as it is now: a changed model file never reuses old KV. */
export function modelCacheKey(documentId: string, modelId: string, dir: string): string {
  return `${documentId}:${modelId}:${createHash('sha256').update(folderStamp(dir)).digest('hex').slice(0, 16)}`;
}

export function enqueueTextGeneration(
  store: Store,
  queue: JobQueue,
  models: ModelRegistry,
  request: GenerateTextRequest,
  runtime?: Pick<RuntimeControl, 'plan'>,
): Job {
  const doc = store.documents.requireLive(request.documentId);
  if (doc.kind !== 'text') throw new AtelierError('BAD_INPUT', `'${doc.title}' is an image board; text generation needs a text document`);
  const parentId = request.parentId ?? doc.headIterationId;
  if (parentId) {
    const parent = store.history.get(parentId);
    if (parent.documentId !== doc.id) throw new AtelierError('BAD_INPUT', 'The version to continue belongs to another document');
  }
  const model = models.resolve(request.model, ['text']);
  // The choice that applies (request, else the model's, else the global one) and what it tries.
  const plan = runtime?.plan(model, request.provider);
  const payload: GenerateTextPayload = {
    request: { ...request, parentId, provider: plan?.provider ?? request.provider },
    modelDir: model.dir,
    seed: request.settings.seed ?? randomInt(0, 2 ** 32),
    cacheKey: modelCacheKey(doc.id, model.id, model.dir),
    ...(plan ? { providerOrder: plan.order } : {}),
  };
  return queue.enqueue('generate-text', payload);
}

/**
 * A row stopped before the model wrote a token (Stop, a closed window, an interrupted re-run) would
 * only repeat its parent's text: it adds no version. The job row keeps the attempt (its payload,
 * status 'cancelled' and this row in its summary). A row that ended by itself with no token (EOS
 * first) in a job that was not stopped is a real result and is saved.
 */
export function stoppedBeforeText(row: GeneratedRow, status: 'done' | 'cancelled'): boolean {
  return row.tokens.length === 0 && (status === 'cancelled' || row.stopReason === 'cancelled');
}

/** Saves each row (also a stopped one's partial text) as a version; the job keeps a summary. */
export function saveGeneratedText(store: Store, bus: EventBus): JobEffect {
  return (job, raw, status) => {
    const { request } = job.payload as GenerateTextPayload;
    const result = raw as GenerateTextJobResult;
    const ids = result.rows.map((row) =>
      stoppedBeforeText(row, status)
        ? null
        : store.history.addGeneratedText({
            documentId: request.documentId,
            parentIds: request.parentId ? [request.parentId] : [],
            text: request.prompt + row.text + request.suffix,
            status: status === 'cancelled' || row.stopReason === 'cancelled' ? 'stopped' : 'ok',
            recipe: row.recipe,
            tokens: { start: request.prompt.length, tokens: row.tokens },
          }).id,
    );
    const saved = ids.filter((id): id is string => id !== null);
    if (saved.length > 0) bus.emit('history.changed', { documentId: request.documentId, iterationIds: saved, change: 'added' });
    const summary: GenerateTextJobSummary = {
      iterationIds: ids,
      promptTokens: result.promptTokens,
      truncatedPromptTokens: result.truncatedPromptTokens,
      reusedPrefixTokens: result.reusedPrefixTokens,
      rows: result.rows.map((r) => ({ text: r.text, stopReason: r.stopReason, tokenCount: r.tokens.length, recipe: r.recipe })),
    };
    return summary;
  };
}
