// `atelier generate text`: the same engine and recipe as the app, run in this process.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCliArgs } from './cli-parse';
import { randomInt } from 'node:crypto';
import { GenerateTextRequest, type GenerateTextJobResult } from '../../shared/contract/generate';
import { AtelierError } from '../../shared/errors';
import { runGenerateText } from '../engine/jobs/generate-text';
import { flagIssue } from './cli-issue';
import { resolveModelArg } from './cli-model-arg';
import { defaultDataDir } from './data-dir';

export class GenerateUsageError extends Error {}

const OPTIONS = {
  model: { type: 'string' },
  prompt: { type: 'string' },
  'prompt-file': { type: 'string' },
  'max-tokens': { type: 'string' },
  temperature: { type: 'string' },
  'top-k': { type: 'string' },
  'top-p': { type: 'string' },
  'min-p': { type: 'string' },
  'typical-p': { type: 'string' },
  'repetition-penalty': { type: 'string' },
  'presence-penalty': { type: 'string' },
  'frequency-penalty': { type: 'string' },
  'no-repeat-ngram': { type: 'string' },
  seed: { type: 'string' },
  beams: { type: 'string' },
  'length-penalty': { type: 'string' },
  alternatives: { type: 'string' },
  stop: { type: 'string', multiple: true },
  provider: { type: 'string' },
  models: { type: 'string', multiple: true },
  data: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const NUMERIC: [keyof typeof OPTIONS, string][] = [
  ['max-tokens', 'maxNewTokens'],
  ['temperature', 'temperature'],
  ['top-k', 'topK'],
  ['top-p', 'topP'],
  ['min-p', 'minP'],
  ['typical-p', 'typicalP'],
  ['repetition-penalty', 'repetitionPenalty'],
  ['presence-penalty', 'presencePenalty'],
  ['frequency-penalty', 'frequencyPenalty'],
  ['no-repeat-ngram', 'noRepeatNgram'],
  ['seed', 'seed'],
  ['beams', 'beams'],
  ['length-penalty', 'lengthPenalty'],
];

/** The flag each request field comes from, to name it in a refusal. */
const TEXT_FLAGS: Record<string, string> = {
  ...Object.fromEntries(NUMERIC.map(([flag, key]) => [key, `--${flag}`])),
  prompt: '--prompt',
  alternatives: '--alternatives',
  stop: '--stop',
  provider: '--provider',
};

function number(flag: string, raw: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new GenerateUsageError(`--${flag} must be a number, got '${raw}'`);
  return n;
}

/** --prompt-file FILE (or - for stdin); a file that cannot be read is a bad argument. */
function readPromptFile(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'no permission to read it' : (err as Error).message;
    throw new GenerateUsageError(`--prompt-file: cannot read ${resolve(file)}: ${why}`);
  }
}

export async function generateText(args: string[], io: { out: (s: string) => void; err: (s: string) => void; write: (s: string) => void }): Promise<number> {
  let values;
  try {
    ({ values } = parseCliArgs({ args, options: OPTIONS, allowPositionals: false, strict: true }));
  } catch (err) {
    throw new GenerateUsageError((err as Error).message);
  }
  if (values.prompt !== undefined && values['prompt-file'] !== undefined) throw new GenerateUsageError('give --prompt or --prompt-file, not both');
  if (values.prompt === undefined && values['prompt-file'] === undefined) throw new GenerateUsageError('generate text needs --prompt TEXT or --prompt-file FILE');
  const prompt = values.prompt ?? readPromptFile(values['prompt-file'] as string);
  const settings: Record<string, unknown> = {};
  for (const [flag, key] of NUMERIC) {
    const raw = values[flag];
    if (typeof raw === 'string') settings[key] = number(flag, raw);
  }
  if (values.stop) settings.stop = values.stop;

  const parsed = GenerateTextRequest.safeParse({
    documentId: 'cli',
    prompt,
    provider: values.provider ?? 'auto',
    alternatives: values.alternatives === undefined ? 1 : number('alternatives', values.alternatives),
    settings,
  });
  if (!parsed.success) throw new GenerateUsageError(flagIssue(parsed.error, TEXT_FLAGS));
  // --model accepts a model folder, a starter, or an id in the data folder's library.
  const entry = await resolveModelArg(
    { model: values.model ?? null, fallback: 'starter-text', kinds: ['text'], folders: values.models ?? [], dataDir: resolve(values.data ?? defaultDataDir()) },
    io.err,
  );
  const request = { ...parsed.data, model: entry.id.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 128) || 'model' };
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let result: GenerateTextJobResult;
  try {
    result = await runGenerateText(
      { request, modelDir: entry.dir, seed: request.settings.seed ?? randomInt(0, 2 ** 32), cacheKey: 'cli' },
      {
        signal: controller.signal,
        progress: () => {},
        // Stream the first alternative as it comes, unless the output is JSON.
        emit: (_name, data) => {
          if (!values.json && data.row === 0) for (const t of data.tokens as { text: string }[]) io.write(t.text);
        },
      },
    );
  } catch (err) {
    // A request the model cannot take (an empty prompt and no BOS token) is a bad argument: exit 2.
    if (err instanceof AtelierError && err.code === 'BAD_INPUT') {
      throw new GenerateUsageError(prompt === '' ? `the prompt is empty and ${entry.id} has no start-of-text (BOS) token to write from; give --prompt some text to continue` : err.message);
    }
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
  }
  const [first] = result.rows;
  if (!first) return 1;
  // As the write view does for an empty document: the model writes from its start-of-text token.
  if (prompt === '') io.err(`atelier: the prompt is empty, so ${entry.id} wrote from the start of text (its BOS token)`);
  // A prompt longer than the model's context loses its start (the app says so too): never silently.
  const dropped = result.truncatedPromptTokens;
  if (dropped > 0) io.err(`atelier: the prompt is longer than the model's context: its first ${dropped} tokens were left out and the model read the last ${result.promptTokens}`);
  if (values.json) {
    const view = (r: (typeof result.rows)[number]) => ({ text: r.text, tokens: r.tokens.length, stopReason: r.stopReason, recipe: r.recipe });
    const prompt = { promptTokens: result.promptTokens, truncatedPromptTokens: dropped };
    io.out(JSON.stringify({ ...view(first), ...prompt, ...(result.rows.length > 1 ? { alternatives: result.rows.map(view) } : {}) }, null, 2));
  } else {
    if (request.settings.beams > 1) io.write(first.text);
    io.out('');
    for (const [i, r] of result.rows.slice(1).entries()) io.out(`--- alternative ${i + 2} ---\n${r.text}`);
  }
  // Ctrl-C keeps the text made so far (printed above) and says so: a script must not take it for a finished run.
  if (!controller.signal.aborted) return 0;
  // Stopped before the first token: an empty stdout must not read as a run that wrote nothing on purpose.
  if (result.rows.every((r) => r.tokens.length === 0)) io.err('Stopped before the model wrote any text (0 tokens).');
  else io.err(`Stopped after ${first.tokens.length} tokens.`);
  return 130;
}
