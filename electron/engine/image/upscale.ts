// Super-resolution with the starter ESRGAN-slim models (resources/models/esrgan-x{2,4}).
//
//   upscale({ data, width, height, channels }, 2 | 4, { tile?, signal?, onProgress?, modelsDir? })
//     → { data (RGB, 8-bit), width: scale·width, height: scale·height, channels: 3 }
//
// Input: 8-bit interleaved grey (1), grey+alpha (2), RGB (3) or RGBA (4). Alpha is ignored (the
// model has no alpha channel; composite first if transparent pixels matter). The models take
// NHWC float32 in 0–255 and return the same range unclipped; the result is clamped and rounded.
//
// Large images run in tiles to bound memory (the network keeps a few 64-channel float maps of the
// tile alive: tens of MB for a 192² tile, gigabytes for a whole 2048² image). Each tile is run
// with `context` extra input pixels on every side and only its core is kept. The network's
// receptive radius (atelier.json `receptiveRadius`, 10 px) is smaller than the context (12 px),
// so core pixels see exactly what they would see in an untiled run: there are no seams, and a
// tiled result equals the untiled one up to float rounding. Beyond the image border the context
// is mirrored (edges: 'reflect', default) or left to the model's zero padding (edges: 'zero',
// identical to TensorFlow.js / UpscalerJS but with darkened borders).
//
// The onnxruntime session for each model file stays loaded in the warm pool until evicted, once
// per device it runs on (runtime/device-share.ts).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { AtelierError } from '../../../shared/errors';
import { defaultResourcesDir } from '../../models/registry';
import { createSession, type ProviderChoice, type ProviderPlan } from '../runtime/sessions';
import { loadOnDevice } from '../runtime/device-share';
import { folderStamp } from '../runtime/folder-stamp';
import { fileSha256 } from '../runtime/optimized-cache';
import { warmPool } from '../runtime/warm-pool';
import { checkRaster, type Raster } from './raster';

export type UpscaleScale = 2 | 4;
export const UPSCALE_SCALES: readonly UpscaleScale[] = [2, 4];

/** Default tile (core) size in input pixels. */
export const DEFAULT_TILE = 192;
export const MIN_TILE = 16;
export const MAX_TILE = 1024;
/** Largest output accepted: 16384 × 16384 pixels (768 MiB of RGB). */
export const MAX_OUTPUT_PIXELS = 16384 * 16384;

export interface UpscaleOptions {
  /** Tile core size in input pixels (MIN_TILE..MAX_TILE, default DEFAULT_TILE). */
  tile?: number;
  /** Checked before every tile; an abort rejects with AtelierError('CANCELLED'). */
  signal?: AbortSignal;
  /** Called after each tile with the number of tiles done and the total. */
  onProgress?(done: number, total: number): void;
  /** Folder holding esrgan-x2/ and esrgan-x4/ (default: resources/models of the checkout; the
   * packaged app passes join(process.resourcesPath, 'models')). */
  modelsDir?: string;
  /** Execution provider for a session created by this call (default 'auto'). */
  provider?: ProviderChoice | ProviderPlan;
  /**
   * What the model sees beyond the image border. 'reflect' (default): mirrored pixels, so edges
   * look like the interior. 'zero': the model's own zero padding, exactly what TensorFlow.js /
   * UpscalerJS produce, which darkens a band of ~10 input pixels along the border.
   */
  edges?: 'reflect' | 'zero';
}

export interface UpscaledImage {
  /** RGB, 8-bit, interleaved, row-major. */
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3;
  /** The provider the upscaler ran on. */
  device?: { requested: string; used: string; fallbackReason: string | null };
  /** The upscaler model that made it: its id, display name and the sha256 of its ONNX file. */
  model: { id: string; name: string; sha256: string };
}

/** What the converter writes to atelier.json beside each upscaler model. */
export interface UpscalerMeta {
  kind: 'upscaler';
  id: string;
  scale: number;
  file: string;
  input: string;
  output: string;
  inputLayout: 'NHWC';
  channels: number;
  range: [number, number];
  receptiveRadius: number;
  /** Display name (e.g. 'ESRGAN enhance ×4'). */
  name?: string;
}

export interface Upscaler {
  dir: string;
  meta: UpscalerMeta;
  session: ort.InferenceSession;
  device: { requested: string; used: string; fallbackReason: string | null };
  /** sha256 of the model file, hashed once per load (memoised by path, size and mtime). */
  sha256: string;
  dispose(): Promise<void>;
}

export function defaultModelsDir(): string {
  return join(defaultResourcesDir(), 'models');
}

/** The folder of the upscaler model for `scale`. */
export function upscalerDir(scale: UpscaleScale, modelsDir = defaultModelsDir()): string {
  return resolve(modelsDir, `esrgan-x${scale}`);
}

function readMeta(dir: string, scale: number): UpscalerMeta {
  const file = join(dir, 'atelier.json');
  if (!existsSync(file)) throw new AtelierError('NOT_FOUND', `Upscaler model esrgan-x${scale} not found (no ${file})`);
  let meta: UpscalerMeta;
  try {
    meta = JSON.parse(readFileSync(file, 'utf8')) as UpscalerMeta;
  } catch (err) {
    throw new AtelierError('MODEL_INVALID', `${file} is not valid JSON: ${(err as Error).message}`);
  }
  const ok =
    meta.kind === 'upscaler' &&
    meta.scale === scale &&
    meta.inputLayout === 'NHWC' &&
    meta.channels === 3 &&
    typeof meta.input === 'string' &&
    typeof meta.output === 'string' &&
    typeof meta.file === 'string' &&
    Number.isInteger(meta.receptiveRadius) &&
    meta.receptiveRadius >= 0;
  if (!ok) throw new AtelierError('MODEL_INVALID', `${file} does not describe a ×${scale} NHWC RGB upscaler`);
  return meta;
}

/** Loads (once) and returns the upscaler for `scale`; later calls reuse the warm session. */
export function loadUpscaler(scale: UpscaleScale, opts: { modelsDir?: string; provider?: ProviderChoice | ProviderPlan } = {}): Promise<Upscaler> {
  if (!UPSCALE_SCALES.includes(scale)) throw new AtelierError('BAD_INPUT', `Scale must be 2 or 4 (got ${String(scale)})`);
  const dir = upscalerDir(scale, opts.modelsDir);
  const provider = opts.provider ?? 'auto';
  return loadOnDevice<Upscaler>(
    `upscaler\u0000${dir}`,
    folderStamp(dir),
    provider,
    { label: basename(dir), kind: 'upscaler' },
    async (plan): Promise<Upscaler> => {
      const meta = readMeta(dir, scale);
      const file = join(dir, meta.file);
      if (!existsSync(file)) throw new AtelierError('NOT_FOUND', `Upscaler model file missing: ${file}`);
      // Hashed before the session, like the generators: recipes record it, the cache keys on it.
      const sha256 = await fileSha256(file);
      const { session, device } = await createSession(file, plan);
      if (!session.inputNames.includes(meta.input) || !session.outputNames.includes(meta.output)) {
        await session.release();
        throw new AtelierError('MODEL_INVALID', `${file} has no input '${meta.input}' / output '${meta.output}'`);
      }
      return { dir, meta, session, device, sha256, dispose: () => session.release() };
    },
    (u) => statSync(join(dir, u.meta.file)).size,
  );
}

/** Releases every loaded model session (app shutdown, tests). */
export async function disposeUpscalers(): Promise<void> {
  await warmPool.clear();
}

export interface Tile {
  /** Core (kept) region in input pixels: [x0, x1) × [y0, y1). */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** Region fed to the model: the core plus `context` pixels on each side. With edges 'zero' it
   * stops at the image border; with 'reflect' it may extend past it (mirrored pixels). */
  ex0: number;
  ex1: number;
  ey0: number;
  ey1: number;
}

/** Splits [0, n) into ceil(n / tile) near-equal spans (no thin slivers at the end). */
function spans(n: number, tile: number): [number, number][] {
  const count = Math.ceil(n / tile);
  const size = Math.ceil(n / count);
  const out: [number, number][] = [];
  for (let a = 0; a < n; a += size) out.push([a, Math.min(n, a + size)]);
  return out;
}

/** The tiles covering a width×height image, row by row. */
export function planTiles(width: number, height: number, tile: number, context: number, edges: 'reflect' | 'zero' = 'reflect'): Tile[] {
  const tiles: Tile[] = [];
  const lo = (v: number) => (edges === 'zero' ? Math.max(0, v) : v);
  const hi = (v: number, n: number) => (edges === 'zero' ? Math.min(n, v) : v);
  for (const [y0, y1] of spans(height, tile)) {
    for (const [x0, x1] of spans(width, tile)) {
      tiles.push({
        x0,
        x1,
        y0,
        y1,
        ex0: lo(x0 - context),
        ex1: hi(x1 + context, width),
        ey0: lo(y0 - context),
        ey1: hi(y1 + context, height),
      });
    }
  }
  return tiles;
}

/** Index `i` mirrored into [0, n) without repeating the edge pixel (… 2 1 | 0 1 2 … n-1 | n-2 …). */
export function mirror(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n - 2;
  const m = ((i % period) + period) % period;
  return m < n ? m : period - m;
}

/** The model input for one tile: NHWC float32 RGB, 0–255 (grey is repeated, alpha dropped). */
function tileInput(img: Raster, t: Tile): Float32Array {
  const w = t.ex1 - t.ex0;
  const h = t.ey1 - t.ey0;
  const out = new Float32Array(w * h * 3);
  const c = img.channels;
  const src = img.data;
  const cols = Int32Array.from({ length: w }, (_, x) => mirror(t.ex0 + x, img.width) * c);
  let o = 0;
  for (let y = t.ey0; y < t.ey1; y++) {
    const row = mirror(y, img.height) * img.width * c;
    for (let x = 0; x < w; x++) {
      const i = row + cols[x]!;
      if (c >= 3) {
        out[o++] = src[i]!;
        out[o++] = src[i + 1]!;
        out[o++] = src[i + 2]!;
      } else {
        const v = src[i]!;
        out[o++] = v;
        out[o++] = v;
        out[o++] = v;
      }
    }
  }
  return out;
}

function cancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new AtelierError('CANCELLED', 'Upscaling was cancelled');
}

/**
 * Upscales an 8-bit image by 2 or 4 with the ESRGAN-slim starter model, tile by tile.
 * Rejects with BAD_INPUT (malformed raster, bad scale or tile, output too large), NOT_FOUND /
 * MODEL_INVALID (model folder missing or wrong) or CANCELLED (signal aborted between tiles).
 */
export async function upscale(input: Raster, scale: UpscaleScale, opts: UpscaleOptions = {}): Promise<UpscaledImage> {
  checkRaster(input, 'Upscale input');
  if (!UPSCALE_SCALES.includes(scale)) throw new AtelierError('BAD_INPUT', `Scale must be 2 or 4 (got ${String(scale)})`);
  const tile = opts.tile ?? DEFAULT_TILE;
  if (!Number.isInteger(tile) || tile < MIN_TILE || tile > MAX_TILE) {
    throw new AtelierError('BAD_INPUT', `Tile size must be an integer from ${MIN_TILE} to ${MAX_TILE} (got ${String(tile)})`);
  }
  const width = input.width * scale;
  const height = input.height * scale;
  if (width * height > MAX_OUTPUT_PIXELS) {
    throw new AtelierError('BAD_INPUT', `A ${width}×${height} result is too large (at most ${Math.round(MAX_OUTPUT_PIXELS / 1e6)} megapixels); upscale a smaller image or use ×2`);
  }
  const edges = opts.edges ?? 'reflect';
  if (edges !== 'reflect' && edges !== 'zero') throw new AtelierError('BAD_INPUT', `edges must be 'reflect' or 'zero' (got ${String(edges)})`);
  cancelled(opts.signal);

  const model = await loadUpscaler(scale, { modelsDir: opts.modelsDir, provider: opts.provider });
  const { meta, session } = model;
  const [lo, hi] = meta.range;
  const tiles = planTiles(input.width, input.height, tile, meta.receptiveRadius + 2, edges);
  const out = new Uint8Array(width * height * 3);

  for (let n = 0; n < tiles.length; n++) {
    cancelled(opts.signal);
    const t = tiles[n]!;
    const tw = t.ex1 - t.ex0;
    const th = t.ey1 - t.ey0;
    const feeds = { [meta.input]: new ort.Tensor('float32', tileInput(input, t), [1, th, tw, 3]) };
    const result = (await session.run(feeds))[meta.output];
    if (!result || result.dims.join() !== [1, th * scale, tw * scale, 3].join()) {
      throw new AtelierError('MODEL_INVALID', `The ×${scale} model returned shape [${result?.dims.join(', ') ?? ''}] for a ${tw}×${th} tile`);
    }
    const y = result.data as Float32Array;
    // Copy the core of the tile into the output, clamped to the range and rounded.
    const rowLen = (t.x1 - t.x0) * scale * 3;
    const srcW = tw * scale;
    for (let oy = t.y0 * scale; oy < t.y1 * scale; oy++) {
      let s = ((oy - t.ey0 * scale) * srcW + (t.x0 - t.ex0) * scale) * 3;
      let d = (oy * width + t.x0 * scale) * 3;
      for (let k = 0; k < rowLen; k++, s++, d++) {
        const v = y[s]!;
        out[d] = v <= lo ? lo : v >= hi ? hi : Math.round(v);
      }
    }
    result.dispose();
    opts.onProgress?.(n + 1, tiles.length);
  }
  return {
    data: out,
    width,
    height,
    channels: 3,
    device: { ...model.device },
    model: { id: meta.id, name: meta.name ?? meta.id, sha256: model.sha256 },
  };
}
