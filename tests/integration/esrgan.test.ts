// The ESRGAN-slim starter upscalers: the converter against the committed files, the ONNX models
// against the original TensorFlow.js layers models (pure-JS CPU backend), the tiled runtime, and
// the sharp decode/encode helpers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, encodePng, type Raster } from '../../electron/engine/image/raster';
import { disposeUpscalers, loadUpscaler, mirror, planTiles, upscale, upscalerDir } from '../../electron/engine/image/upscale';
import { Prng } from '../../electron/engine/prng';
import { AtelierError } from '../../shared/errors';
import { convertLayersModel } from '../../tools/esrgan/layers-to-onnx';
import { readSourceModel, sourcePackageDir } from '../../tools/esrgan/source';
import { tempDir } from '../support/tmp';

const SCALES = [2, 4] as const;

function randomImage(width: number, height: number, channels: number, seed: number): Raster {
  const rng = new Prng(seed);
  return { data: Uint8Array.from({ length: width * height * channels }, () => Math.floor(rng.next() * 256)), width, height, channels };
}

/** A smooth image with some edges: closer to a photo than noise, so rounding ties are rare. */
function patternImage(width: number, height: number): Raster {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = Math.round(127 + 100 * Math.sin(x / 5) * Math.cos(y / 7));
      data[i + 1] = (x * 255) / width;
      data[i + 2] = (x + y) % 40 < 20 ? 220 : 30;
    }
  return { data, width, height, channels: 3 };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

async function rejection(p: Promise<unknown>): Promise<AtelierError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AtelierError);
  return err as AtelierError;
}

afterAll(() => disposeUpscalers());

describe('converter', () => {
  it.each(SCALES)('reproduces the committed esrgan-x%i model and metadata byte for byte', (scale) => {
    const src = readSourceModel(scale);
    const result = convertLayersModel(src.json, src.shard);
    const dir = upscalerDir(scale);
    expect(Buffer.from(result.onnx).equals(readFileSync(join(dir, 'model.onnx')))).toBe(true);
    expect(result.layerTypes).toEqual({ InputLayer: 1, Conv2D: 12, Activation: 4, Concatenate: 3, Add: 3, UpSampling2D: 1 });
    expect(result.onnxOps).toEqual({ Transpose: 2, Conv: 12, Relu: 4, Concat: 3, Add: 3, DepthToSpace: 1 });
    const meta = JSON.parse(readFileSync(join(dir, 'atelier.json'), 'utf8'));
    expect(meta).toMatchObject({ kind: 'upscaler', scale, inputLayout: 'NHWC', range: [0, 255], receptiveRadius: 10, licence: 'MIT' });
    expect(meta.source).toMatchObject({ package: '@upscalerjs/esrgan-slim', version: '1.0.0' });
    expect(result.receptiveRadius).toBe(10);
  });

  it('refuses layers it does not know', () => {
    const src = readSourceModel(2);
    const json = structuredClone(src.json);
    json.modelTopology.model_config.config.layers[3]!.class_name = 'PReLU';
    expect(() => convertLayersModel(json, src.shard)).toThrow(/unsupported layer type PReLU/);
    const json2 = structuredClone(src.json);
    json2.modelTopology.model_config.config.layers[1]!.config.strides = [2, 2];
    expect(() => convertLayersModel(json2, src.shard)).toThrow(/strides/);
  });
});

describe('ONNX against TensorFlow.js', () => {
  const models = new Map<number, tf.LayersModel>();

  beforeAll(async () => {
    await tf.setBackend('cpu');
    for (const scale of SCALES) {
      const src = readSourceModel(scale);
      const group = src.json.weightsManifest[0]!;
      const bin = src.shard(group.paths[0]!);
      const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
      const topology = src.json.modelTopology as unknown as object;
      models.set(scale, await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: topology, weightSpecs: group.weights as tf.io.WeightsManifestEntry[], weightData })));
    }
  });
  afterAll(() => models.forEach((m) => m.dispose()));

  it.each(SCALES)('×%i: max |ONNX − tfjs| < 1e-2 (0–255 scale) on random 32×32 and 48×40 inputs', async (scale) => {
    const { session } = await loadUpscaler(scale);
    for (const [h, w, seed] of [
      [32, 32, 1],
      [48, 40, 2],
    ] as const) {
      const rng = new Prng(seed * 10 + scale);
      const x = Float32Array.from({ length: h * w * 3 }, () => rng.next() * 255);
      const ref = tf.tidy(() => (models.get(scale)!.predict(tf.tensor4d(x, [1, h, w, 3])) as tf.Tensor).dataSync());
      const out = (await session.run({ image: new ort.Tensor('float32', x, [1, h, w, 3]) })).upscaled!;
      expect(out.dims).toEqual([1, h * scale, w * scale, 3]);
      const d = maxDiff(out.data as Float32Array, ref);
      console.log(`esrgan-x${scale} H×W ${h}×${w}: max |ONNX − tfjs| = ${d.toExponential(2)}`);
      expect(d).toBeLessThan(1e-2);
    }
  });

  it('the folded sub-pixel conv equals the literal UpSampling2D + Conv2D translation', async () => {
    const src = readSourceModel(4);
    const literal = await ort.InferenceSession.create(convertLayersModel(src.json, src.shard, { foldUpsample: false }).onnx, { intraOpNumThreads: 1 });
    const { session } = await loadUpscaler(4);
    const rng = new Prng(7);
    const x = Float32Array.from({ length: 20 * 24 * 3 }, () => rng.next() * 255);
    const feeds = { image: new ort.Tensor('float32', x, [1, 20, 24, 3]) };
    const a = (await literal.run(feeds)).upscaled!.data as Float32Array;
    const b = (await session.run(feeds)).upscaled!.data as Float32Array;
    expect(maxDiff(a, b)).toBeLessThan(1e-3);
    await literal.release();
  });
});

describe('upscale', () => {
  it.each(SCALES)('×%i returns exactly scale× the size, RGB, from RGB, RGBA, grey and grey+alpha input', async (scale) => {
    for (const channels of [3, 4, 1, 2]) {
      const img = randomImage(37, 23, channels, channels);
      const out = await upscale(img, scale);
      expect(out).toMatchObject({ width: 37 * scale, height: 23 * scale, channels: 3 });
      expect(out.data.length).toBe(37 * scale * 23 * scale * 3);
    }
    // Alpha is ignored, and grey is the same as RGB with equal channels.
    const rgba = randomImage(30, 20, 4, 9);
    const rgb = { ...rgba, channels: 3, data: rgba.data.filter((_, i) => i % 4 !== 3) };
    expect(maxDiff((await upscale(rgba, scale)).data, (await upscale(rgb, scale)).data)).toBe(0);
  });

  it.each(SCALES)('×%i tiled equals untiled on an image of several tiles (both edge modes)', async (scale) => {
    const img = patternImage(75, 53);
    for (const edges of ['reflect', 'zero'] as const) {
      const progress: number[][] = [];
      const tiled = await upscale(img, scale, { tile: 32, edges, onProgress: (d, t) => progress.push([d, t]) });
      const whole = await upscale(img, scale, { tile: 1024, edges });
      expect(progress).toEqual([1, 2, 3, 4, 5, 6].map((d) => [d, 6])); // 3 × 2 tiles
      const d = maxDiff(tiled.data, whole.data);
      const differing = tiled.data.filter((v, i) => v !== whole.data[i]).length;
      console.log(`esrgan-x${scale} ${edges}: tiled vs untiled max diff ${d}, ${differing} of ${tiled.data.length} values differ`);
      expect(d).toBeLessThanOrEqual(1); // float rounding may flip an x.5 value
      expect(differing / tiled.data.length).toBeLessThan(1e-3);
    }
  });

  it.each(SCALES)('×%i reproduces the UpscalerJS sample image (zero edges) and keeps it with reflect edges inside', async (scale) => {
    const pkg = sourcePackageDir();
    const fixture = await decodeImage(readFileSync(join(pkg, 'assets/fixture.png')));
    const sample = await decodeImage(readFileSync(join(pkg, `assets/samples/${scale}x/result.png`)));
    const rgb = (r: Raster) => r.data.filter((_, i) => i % r.channels < 3);
    const zero = await upscale(fixture, scale, { edges: 'zero' });
    expect([zero.width, zero.height]).toEqual([sample.width, sample.height]);
    expect(maxDiff(zero.data, rgb(sample))).toBeLessThanOrEqual(1);
    // Reflect changes only a border band of ~receptive radius input pixels.
    const reflect = await upscale(fixture, scale);
    const m = 12 * scale;
    const inner = (r: { data: Uint8Array; width: number }) =>
      r.data.filter((_, i) => {
        const p = Math.floor(i / 3);
        const x = p % r.width;
        const y = Math.floor(p / r.width);
        return x >= m && y >= m && x < r.width - m && y < r.width - m;
      });
    expect(maxDiff(inner(reflect), inner(zero))).toBe(0);
  });

  it('keeps a constant image constant (reflect edges)', async () => {
    for (const v of [0, 128, 255]) {
      const img = { data: new Uint8Array(40 * 30 * 3).fill(v), width: 40, height: 30, channels: 3 };
      for (const scale of SCALES) {
        const out = await upscale(img, scale, { tile: 16 });
        expect(maxDiff(out.data, new Uint8Array(out.data.length).fill(v)), `${v} ×${scale}`).toBeLessThanOrEqual(2);
      }
    }
  });

  it('stops between tiles when the signal aborts', async () => {
    const img = patternImage(64, 64);
    const ctl = new AbortController();
    const seen: number[] = [];
    const err = await rejection(
      upscale(img, 2, {
        tile: 16,
        signal: ctl.signal,
        onProgress: (done) => {
          seen.push(done);
          if (done === 2) ctl.abort();
        },
      }),
    );
    expect(err.code).toBe('CANCELLED');
    expect(seen).toEqual([1, 2]); // of 16 tiles
    const before = new AbortController();
    before.abort();
    expect((await rejection(upscale(img, 4, { signal: before.signal }))).code).toBe('CANCELLED');
  });

  it('rejects bad input and missing models clearly, and keeps sessions warm', async () => {
    const img = randomImage(8, 8, 3, 1);
    expect((await rejection(upscale({ ...img, data: img.data.subarray(1) }, 2))).message).toMatch(/expected 192 bytes/);
    expect((await rejection(upscale(img, 3 as 2))).code).toBe('BAD_INPUT');
    expect((await rejection(upscale(img, 2, { tile: 4 }))).message).toMatch(/Tile size/);
    expect((await rejection(upscale({ ...img, channels: 5 }, 2))).code).toBe('BAD_INPUT');
    const huge = { data: new Uint8Array(4100 * 4100), width: 4100, height: 4100, channels: 1 };
    expect((await rejection(upscale(huge, 4))).message).toMatch(/16400×16400 result is too large/);
    const t = tempDir();
    try {
      const err = await rejection(upscale(img, 2, { modelsDir: t.dir }));
      expect(err.code).toBe('NOT_FOUND');
      expect(err.message).toMatch(/esrgan-x2/);
    } finally {
      t.cleanup();
    }
    expect(await loadUpscaler(4)).toBe(await loadUpscaler(4));
  });

  it('plans tiles that cover the image once, with mirrored context', () => {
    const tiles = planTiles(100, 45, 40, 12);
    expect(tiles.map((t) => [t.x0, t.x1, t.y0, t.y1])).toEqual([
      [0, 34, 0, 23],
      [34, 68, 0, 23],
      [68, 100, 0, 23],
      [0, 34, 23, 45],
      [34, 68, 23, 45],
      [68, 100, 23, 45],
    ]);
    expect(tiles[0]).toMatchObject({ ex0: -12, ex1: 46, ey0: -12, ey1: 35 });
    expect(planTiles(100, 45, 40, 12, 'zero')[0]).toMatchObject({ ex0: 0, ex1: 46, ey0: 0, ey1: 35 });
    expect([-3, -2, -1, 0, 1, 4, 5, 6, 9, 10].map((i) => mirror(i, 5))).toEqual([3, 2, 1, 0, 1, 4, 3, 2, 1, 2]);
    expect(mirror(-7, 1)).toBe(0);
  });
});

describe('raster', () => {
  it('round-trips RGB and RGBA through PNG and converts grey to RGB', async () => {
    for (const channels of [3, 4]) {
      const img = randomImage(13, 7, channels, channels);
      const back = await decodeImage(await encodePng(img));
      expect(back).toMatchObject({ width: 13, height: 7, channels });
      expect(Buffer.from(back.data).equals(Buffer.from(img.data))).toBe(true);
    }
    const grey = randomImage(5, 4, 1, 3);
    const rgb = await decodeImage(await encodePng(grey));
    expect(rgb.channels).toBe(3);
    expect(Array.from(rgb.data.filter((_, i) => i % 3 === 0))).toEqual(Array.from(grey.data));
  });

  it('applies EXIF orientation and reads JPEG', async () => {
    const jpeg = await sharp({ create: { width: 6, height: 2, channels: 3, background: '#ff8000' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect(await decodeImage(jpeg)).toMatchObject({ width: 2, height: 6, channels: 3 });
  });

  it('rejects empty, corrupt, unsupported and oversized images with BAD_INPUT', async () => {
    const png = await encodePng(randomImage(64, 64, 3, 5));
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(0), /empty/],
      [png.subarray(0, png.length - 40), /corrupt or truncated/],
      [Buffer.from('definitely not an image'), /Not a readable image/],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'), /Unsupported image format 'svg'/],
      [await sharp({ create: { width: 8193, height: 2, channels: 3, background: '#000' } }).png().toBuffer(), /8193×2 pixels; at most 8192/],
    ];
    for (const [bytes, message] of cases) {
      const err = await rejection(decodeImage(bytes));
      expect(err.code).toBe('BAD_INPUT');
      expect(err.message).toMatch(message);
    }
    expect((await rejection(encodePng({ data: new Uint8Array(5), width: 2, height: 2, channels: 3 }))).code).toBe('BAD_INPUT');
  });
});
