// `atelier generate image` and `atelier enhance`: the same engine and recipes as the app, run in
// this process, writing PNGs that carry their recipe.
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { parseCliArgs } from './cli-parse';
import { GenerateImageRequest } from '../../shared/contract/image';
import { enhanceSize, largeEnhanceSentence } from '../../shared/enhance-size';
import { AtelierError } from '../../shared/errors';
import { runEnhanceImage } from '../engine/jobs/enhance-image';
import { runGenerateImage } from '../engine/jobs/generate-image';
import { decodeImage } from '../engine/image/raster';
import { GenerateUsageError } from './cli-generate';
import { flagIssue } from './cli-issue';
import { resolveModelArg } from './cli-model-arg';
import { outFileProblem, writeOutFile } from './cli-out';
import { defaultDataDir } from './data-dir';

type Io = {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Raw stderr for a progress line redrawn in place (a terminal); without it each new percentage is a line. */
  progress?: (s: string) => void;
};

/** The job context: progress as a percentage, printed only when it changes. */
function ctx(io: Io, controller: AbortController) {
  let shown = -1;
  return {
    signal: controller.signal,
    progress: (done: number, total: number) => {
      const pct = Math.round((100 * done) / Math.max(1, total));
      if (pct === shown) return;
      shown = pct;
      if (io.progress) io.progress(`\r${pct}%`);
      else io.err(`${pct}%`);
    },
    emit: () => {},
    /** Clears an in-place progress line before the results are printed. */
    end: () => {
      if (io.progress && shown >= 0) io.progress('\r\x1b[K');
    },
  };
}

/** Runs a parse, turning its errors into usage errors (exit code 2). */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new GenerateUsageError((err as Error).message);
  }
}

const num = (flag: string, raw: string | undefined) => {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new GenerateUsageError(`--${flag} must be a number, got '${raw}'`);
  return n;
};

/** A bad image file is a bad argument (exit 2), found before any model is loaded. */
async function checkImageFile(path: string, flag: string): Promise<{ width: number; height: number }> {
  if (!existsSync(path)) throw new GenerateUsageError(`${flag}: no such file ${path}`);
  const size = statSync(path).size;
  if (size > MAX_INPUT_BYTES) throw new GenerateUsageError(`${flag}: ${path} is ${Math.round(size / 2 ** 20)} MB; images up to ${MAX_INPUT_BYTES / 2 ** 20} MB are read`);
  try {
    const { width, height } = await decodeImage(readFileSync(path));
    return { width, height };
  } catch (err) {
    throw new GenerateUsageError(`${flag}: ${path}: ${(err as Error).message}`);
  }
}

const MAX_INPUT_BYTES = 256 * 2 ** 20;

/** The flag each request field comes from, to name it in a refusal. */
const IMAGE_FLAGS: Record<string, string> = {
  prompt: '--prompt',
  negativePrompt: '--negative',
  steps: '--steps',
  cfg: '--cfg',
  scheduler: '--scheduler',
  seed: '--seed',
  width: '--width',
  height: '--height',
  strength: '--strength',
  batch: '--batch',
  provider: '--provider',
};

/** FILE.png for one image; FILE-1.png, FILE-2.png … for a batch (named for the batch asked for, even when Ctrl-C stops it early). */
const outName = (out: string, i: number, n: number) => resolve(n === 1 ? out : join(resolve(out, '..'), `${basename(out, extname(out))}-${i + 1}${extname(out)}`));

/** The --out checks every image command makes: a .png name in a folder it can write, no file replaced unasked. */
function checkOut(out: string | undefined, command: string, force: boolean | undefined, batch = 1): string {
  if (out === undefined) throw new GenerateUsageError(`${command} needs --out FILE.png`);
  const files = Array.from({ length: batch }, (_, i) => outName(out, i, batch));
  const problem = outFileProblem(out, 'image.png', '--out', { replace: force === true, files });
  if (problem) throw new GenerateUsageError(problem);
  if (extname(out).toLowerCase() !== '.png') throw new GenerateUsageError(`--out must name a .png file (images are written as PNG), got '${basename(out)}'`);
  return out;
}

/** Ctrl-C stops the work between steps; a second Ctrl-C ends the process at once. */
function stopOnCtrlC(): { controller: AbortController; done: () => void } {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  return { controller, done: () => process.off('SIGINT', onSigint) };
}

/** The exit code of a command stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const STOPPED_EXIT = 130;

export async function generateImage(args: string[], io: Io): Promise<number> {
  const { values } = usage(() =>
    parseCliArgs({
      args,
      strict: true,
      options: {
    model: { type: 'string' },
    prompt: { type: 'string' },
    negative: { type: 'string' },
    steps: { type: 'string' },
    cfg: { type: 'string' },
    scheduler: { type: 'string' },
    seed: { type: 'string' },
    width: { type: 'string' },
    height: { type: 'string' },
    init: { type: 'string' },
    strength: { type: 'string' },
    batch: { type: 'string' },
    provider: { type: 'string' },
    models: { type: 'string', multiple: true },
    data: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
      },
    }),
  );
  if (values.prompt === undefined) throw new GenerateUsageError('generate image needs --prompt TEXT');
  const batch = num('batch', values.batch) ?? 1;
  const parsed = GenerateImageRequest.safeParse({
    documentId: 'cli',
    model: 'cli',
    provider: values.provider ?? 'auto',
    batch,
    settings: {
      prompt: values.prompt,
      negativePrompt: values.negative,
      steps: num('steps', values.steps),
      cfg: num('cfg', values.cfg),
      scheduler: values.scheduler,
      seed: num('seed', values.seed),
      width: num('width', values.width),
      height: num('height', values.height),
      strength: num('strength', values.strength),
    },
  });
  if (!parsed.success) throw new GenerateUsageError(flagIssue(parsed.error, IMAGE_FLAGS));
  const out = checkOut(values.out, 'generate image', values.force, parsed.data.batch);
  const entry = await resolveModelArg(
    { model: values.model ?? null, fallback: 'starter-gan', kinds: ['diffusion', 'gan'], folders: values.models ?? [], dataDir: resolve(values.data ?? defaultDataDir()) },
    io.err,
  );
  if (entry.kind !== 'diffusion' && entry.kind !== 'gan') throw new GenerateUsageError(`'${entry.id}' is not an image generator`);
  if (values.init !== undefined) await checkImageFile(values.init, '--init');
  const request = { ...parsed.data, model: entry.id.replace(/[^A-Za-z0-9_.-]/g, '_') || 'model' };
  const { controller, done } = stopOnCtrlC();
  const seed = request.settings.seed ?? randomInt(0, 2 ** 32);
  const job = ctx(io, controller);
  let result;
  try {
    result = await runGenerateImage(
      { request, modelId: request.model, modelDir: entry.dir, modelKind: entry.kind, seed, initPath: values.init ? resolve(values.init) : null },
      job,
    );
  } catch (err) {
    if (!(err instanceof AtelierError && err.code === 'CANCELLED' && controller.signal.aborted)) throw err;
    io.err('Stopped before the first image was finished; nothing was written.');
    return STOPPED_EXIT;
  } finally {
    done();
    job.end();
  }
  const files = result.images.map((img, i) => writeOutFile(outName(out, i, request.batch), img.png, values.force === true));
  const first = result.images[0]!.recipe;
  if (values.json) io.out(JSON.stringify({ files, seed: first.seed, width: first.width, height: first.height, recipe: first, recipes: result.images.map((i) => i.recipe) }, null, 2));
  else for (const f of files) io.out(f);
  if (!controller.signal.aborted || result.images.length === request.batch) return 0;
  io.err(`Stopped: ${result.images.length} of ${request.batch} images were finished and written.`);
  return STOPPED_EXIT;
}

export async function enhance(args: string[], io: Io): Promise<number> {
  // --data is taken as by every command (`atelier --data DIR enhance …` in a script), though
  // enhance keeps nothing in the data folder.
  const { values, positionals } = usage(() =>
    parseCliArgs({ args, strict: true, allowPositionals: true, options: { scale: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' }, data: { type: 'string' } } }),
  );
  const [input] = positionals;
  if (!input || positionals.length > 1) throw new GenerateUsageError('enhance needs exactly one IMG');
  const source = await checkImageFile(input, 'IMG');
  const scale = num('scale', values.scale) ?? 4;
  if (scale !== 2 && scale !== 4) throw new GenerateUsageError('--scale must be 2 or 4');
  const out = checkOut(values.out, 'enhance', values.force);
  // The board asks first; a script is not asked, only told (one line on stderr).
  const size = enhanceSize(source.width, source.height, scale);
  if (size.large) io.err(`Warning: ${largeEnhanceSentence(size, scale)}`);
  const { controller, done } = stopOnCtrlC();
  const job = ctx(io, controller);
  let images;
  try {
    ({ images } = await runEnhanceImage({ iterationId: 'cli', path: resolve(input), scale, recipe: null }, job));
  } catch (err) {
    if (!(err instanceof AtelierError && err.code === 'CANCELLED' && controller.signal.aborted)) throw err;
    io.err('Stopped; nothing was written.');
    return STOPPED_EXIT;
  } finally {
    done();
    job.end();
  }
  const file = writeOutFile(resolve(out), images[0]!.png, values.force === true);
  const r = images[0]!.recipe;
  // The same shape as generate image's; the seed is the one the enhanced image was made with.
  io.out(values.json ? JSON.stringify({ files: [file], seed: r.seed, width: r.width, height: r.height, recipe: r }, null, 2) : file);
  return 0;
}
