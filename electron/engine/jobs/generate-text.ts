// The text generation job (runs in the worker): load the model (kept warm), encode the prompt as
// its tokenizer says, decode N alternatives (or beams), stream tokens, return rows with recipes.
import type { GenerateTextJobResult, GenerateTextPayload, TextRecipe } from '../../../shared/contract/generate';
import { AtelierError } from '../../../shared/errors';
import { beamSearch } from '../text/beam-search';
import { generate } from '../text/generate';
import { PrefixCache } from '../text/prefix-cache';
import { loadWarm } from '../text/warm-models';
import type { TextTokenizer } from '../text/tokenizer';
import type { JobContext } from './context';

const prefixCache = new PrefixCache();

export const ENGINE = 'atelier-onnx-text/1';

/**
 * What the model reads: memory + the text before the cursor to continue it, or — to rewrite a
 * selection — a chat rendered with the model's own template (instruct models only).
 */
export function modelInput(request: GenerateTextJobRequest, tok: TextTokenizer): string {
  if (!request.rewrite) return request.memory ? `${request.memory}\n\n${request.prompt}` : request.prompt;
  if (!tok.hasChatTemplate) {
    throw new AtelierError('BAD_INPUT', 'Rewriting a selection needs an instruct model with a chat template; this model only continues text');
  }
  const messages = [
    ...(request.memory ? [{ role: 'system' as const, content: request.memory }] : []),
    { role: 'user' as const, content: `${request.rewrite.instruction}\n\n${request.rewrite.selection}` },
  ];
  return tok.applyChatTemplate(messages, true);
}

type GenerateTextJobRequest = GenerateTextPayload['request'];

export async function runGenerateText(payload: GenerateTextPayload, ctx: JobContext): Promise<GenerateTextJobResult> {
  const { request, seed } = payload;
  const plan = payload.providerOrder ? { requested: request.provider, order: payload.providerOrder } : request.provider;
  const model = await loadWarm(payload.modelDir, request.model, plan);
  // A rendered chat template already holds its special tokens (as transformers.js does it).
  const promptIds = model.tokenizer.encode(modelInput(request, model.tokenizer), request.rewrite === null);
  const s = request.settings;
  const total = s.maxNewTokens * (s.beams > 1 ? 1 : request.alternatives);
  let done = 0;
  const common = { signal: ctx.signal, prefixCache, cacheKey: payload.cacheKey };
  const out =
    s.beams > 1
      ? await beamSearch(model, promptIds, { ...common, settings: s, returnCount: request.alternatives })
      : await generate(model, promptIds, {
          ...common,
          settings: s,
          seed,
          alternatives: request.alternatives,
          onTokens: (row, tokens) => {
            ctx.emit('generate.tokens', { row, tokens });
            done += tokens.length;
            ctx.progress(Math.min(done, total), total, `${done} tokens`);
          },
        });
  const recipe = (alternative: number): TextRecipe => ({
    kind: 'text',
    model: { id: request.model, sha256: model.sha256, name: model.name },
    settings: s,
    seed,
    promptChars: request.prompt.length,
    promptTokens: out.promptTokens,
    device: model.device,
    alternative,
    engine: ENGINE,
    memory: request.memory,
    rewrite: request.rewrite,
    // Kept with the version, so the studio can say so whenever it is shown.
    ...(out.truncatedPromptTokens > 0 ? { truncatedPromptTokens: out.truncatedPromptTokens } : {}),
  });
  return { ...out, rows: out.rows.map((r, i) => ({ ...r, recipe: recipe(i) })) };
}
