// The tiny SD pipeline fixture is a real diffusers-style ONNX folder: every model loads in
// onnxruntime-node with the documented names, dtypes and dims; the UNet really depends on sample,
// timestep and text; the VAE scales by 8 both ways for any latent size; the CLIP-style tokenizer
// loads in @huggingface/tokenizers; and the same spec always writes the same bytes.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SD_BOS, SD_EOS, SD_MAX_LENGTH, TINY_SD, writeTinySdFolder, type TinySdSpec } from '../fixtures/tiny-sd';
import { tempDir } from '../support/tmp';

const HIDDEN = TINY_SD.hidden ?? 32;
const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1 };

type Session = ort.InferenceSession;
type Io = Record<string, { type: string; shape: readonly (number | string)[] }>;

function io(metadata: readonly ort.InferenceSession.ValueMetadata[]): Io {
  const out: Io = {};
  for (const m of metadata) {
    if (!m.isTensor) throw new Error(`${m.name} is not a tensor`);
    out[m.name] = { type: m.type, shape: m.shape };
  }
  return out;
}

const f32 = (data: Float32Array, dims: number[]): ort.Tensor => new ort.Tensor('float32', data, dims);

/** Deterministic N(0, scale²)-ish values (sum of uniforms from an LCG). */
function noise(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  return Float32Array.from({ length: n }, () => (uniform() + uniform() + uniform() + uniform() - 2) * Math.sqrt(3) * scale);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

function stats(a: Float32Array): { mean: number; std: number; min: number; max: number; finite: boolean } {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let finite = true;
  for (const v of a) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
    if (!Number.isFinite(v)) finite = false;
  }
  const mean = sum / a.length;
  let sq = 0;
  for (const v of a) sq += (v - mean) ** 2;
  return { mean, std: Math.sqrt(sq / a.length), min, max, finite };
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(root, p));
    }
  };
  walk(root);
  return out;
}

const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

describe('tiny SD pipeline fixture', () => {
  let dir: string;
  let cleanup: () => void;
  let tokenizer: Tokenizer;
  let textEncoder: Session;
  let unet: Session;
  let vaeDecoder: Session;
  let vaeEncoder: Session;

  /** Prompt ids padded with the end token to 77, as SD 1.x pipelines feed them. */
  const promptIds = (text: string): number[] => {
    const ids = tokenizer.encode(text).ids.slice(0, SD_MAX_LENGTH);
    const eos = tokenizer.token_to_id(SD_EOS) as number;
    while (ids.length < SD_MAX_LENGTH) ids.push(eos);
    return ids;
  };
  const encodeText = async (prompts: string[]): Promise<{ last: ort.Tensor; pooled: ort.Tensor; ids: number[][] }> => {
    const ids = prompts.map(promptIds);
    const out = await textEncoder.run({ input_ids: new ort.Tensor('int32', Int32Array.from(ids.flat()), [prompts.length, SD_MAX_LENGTH]) });
    return { last: out.last_hidden_state as ort.Tensor, pooled: out.pooler_output as ort.Tensor, ids };
  };
  const runUnet = async (sample: ort.Tensor, timestep: ort.Tensor, context: ort.Tensor): Promise<ort.Tensor> =>
    (await unet.run({ sample, timestep, encoder_hidden_states: context })).out_sample as ort.Tensor;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('atelier-tiny-sd-'));
    writeTinySdFolder(dir);
    tokenizer = new Tokenizer(readJson(join(dir, 'tokenizer/tokenizer.json')), readJson(join(dir, 'tokenizer/tokenizer_config.json')));
    const open = (model: string): Promise<Session> => ort.InferenceSession.create(join(dir, model, 'model.onnx'), SESSION_OPTIONS);
    [textEncoder, unet, vaeDecoder, vaeEncoder] = await Promise.all([open('text_encoder'), open('unet'), open('vae_decoder'), open('vae_encoder')]);
  });

  afterAll(async () => {
    for (const s of [textEncoder, unet, vaeDecoder, vaeEncoder]) await s?.release();
    cleanup?.();
  });

  it('writes the diffusers ONNX folder layout', () => {
    expect(listFiles(dir)).toEqual([
      'model_index.json',
      'scheduler/scheduler_config.json',
      'text_encoder/model.onnx',
      'tokenizer/merges.txt',
      'tokenizer/special_tokens_map.json',
      'tokenizer/tokenizer.json',
      'tokenizer/tokenizer_config.json',
      'tokenizer/vocab.json',
      'unet/model.onnx',
      'vae_decoder/model.onnx',
      'vae_encoder/model.onnx',
    ]);
    const index = readJson(join(dir, 'model_index.json'));
    expect(index._class_name).toBe('OnnxStableDiffusionPipeline');
    expect(typeof index._diffusers_version).toBe('string');
    expect(index.text_encoder).toEqual(['diffusers', 'OnnxRuntimeModel']);
    expect(index.unet).toEqual(['diffusers', 'OnnxRuntimeModel']);
    expect(index.vae_decoder).toEqual(['diffusers', 'OnnxRuntimeModel']);
    expect(index.vae_encoder).toEqual(['diffusers', 'OnnxRuntimeModel']);
    expect(index.tokenizer).toEqual(['transformers', 'CLIPTokenizer']);
    expect(index.scheduler).toEqual(['diffusers', 'EulerDiscreteScheduler']);
    expect(readJson(join(dir, 'scheduler/scheduler_config.json'))).toMatchObject({
      _class_name: 'EulerDiscreteScheduler',
      num_train_timesteps: 1000,
      beta_start: 0.00085,
      beta_end: 0.012,
      beta_schedule: 'scaled_linear',
      prediction_type: 'epsilon',
      timestep_spacing: 'leading',
      steps_offset: 1,
      set_alpha_to_one: false,
      clip_sample: false,
    });
  });

  it('declares the documented input/output names, dtypes and dims', () => {
    expect(io(textEncoder.inputMetadata)).toEqual({ input_ids: { type: 'int32', shape: ['batch', 'sequence'] } });
    expect(io(textEncoder.outputMetadata)).toEqual({
      last_hidden_state: { type: 'float32', shape: ['batch', 'sequence', HIDDEN] },
      pooler_output: { type: 'float32', shape: ['batch', HIDDEN] },
    });
    expect(unet.inputNames).toEqual(['sample', 'timestep', 'encoder_hidden_states']);
    expect(io(unet.inputMetadata)).toEqual({
      sample: { type: 'float32', shape: ['batch', 'channels', 'height', 'width'] },
      timestep: { type: 'float32', shape: ['batch'] },
      encoder_hidden_states: { type: 'float32', shape: ['batch', 'sequence', HIDDEN] },
    });
    expect(io(unet.outputMetadata)).toEqual({ out_sample: { type: 'float32', shape: ['batch', 4, 'height', 'width'] } });
    expect(io(vaeDecoder.inputMetadata)).toEqual({ latent_sample: { type: 'float32', shape: ['batch', 'channels', 'height', 'width'] } });
    expect(io(vaeDecoder.outputMetadata)).toEqual({ sample: { type: 'float32', shape: ['batch', 3, 'image_height', 'image_width'] } });
    expect(io(vaeEncoder.inputMetadata)).toEqual({ sample: { type: 'float32', shape: ['batch', 'channels', 'height', 'width'] } });
    expect(io(vaeEncoder.outputMetadata)).toEqual({ latent_sample: { type: 'float32', shape: ['batch', 4, 'latent_height', 'latent_width'] } });
  });

  describe('tokenizer', () => {
    it('is a CLIP-style BPE that @huggingface/tokenizers loads', () => {
      const vocab = tokenizer.get_vocab();
      expect(vocab.size).toBeGreaterThan(900);
      expect(vocab.size).toBeLessThan(1200);
      // The special tokens are the two highest ids, start before end (as in CLIP: 49406, 49407).
      expect(tokenizer.token_to_id(SD_BOS)).toBe(vocab.size - 2);
      expect(tokenizer.token_to_id(SD_EOS)).toBe(vocab.size - 1);
      const enc = tokenizer.encode('a red dress');
      expect(enc.tokens).toEqual([SD_BOS, 'a</w>', 'red</w>', 'dress</w>', SD_EOS]);
      expect(enc.ids[0]).toBe(vocab.size - 2);
      expect(enc.ids.at(-1)).toBe(vocab.size - 1);
      expect(tokenizer.decode(enc.ids, { skip_special_tokens: true })).toBe('a red dress');
      expect(tokenizer.decode(enc.ids)).toBe(`${SD_BOS}a red dress ${SD_EOS}`);
    });

    it('lowercases, splits like CLIP and falls back to subword pieces', () => {
      const enc = tokenizer.encode('A  Portrait of a CAT, 4k!');
      expect(enc.tokens).toEqual([SD_BOS, 'a</w>', 'portrait</w>', 'of</w>', 'a</w>', 'cat</w>', ',</w>', '4</w>', 'k</w>', '!</w>', SD_EOS]);
      expect(tokenizer.decode(enc.ids, { skip_special_tokens: true })).toBe('a portrait of a cat, 4 k!');
      // A word outside the training list: several pieces, only the last one ends the word.
      const pieces = tokenizer.tokenize('zebralike');
      expect(pieces.length).toBeGreaterThan(1);
      expect(pieces.join('')).toBe('zebralike</w>');
      expect(pieces.slice(0, -1).every((p) => !p.endsWith('</w>'))).toBe(true);
      // Every byte is covered (byte-level alphabet): no unknown tokens, and non-ASCII round-trips.
      const text = 'café ünïcode 日本';
      const ids = tokenizer.encode(text).ids;
      expect(tokenizer.decode(ids, { skip_special_tokens: true })).toBe(text);
    });

    it('ships matching vocab.json, merges.txt and configs', () => {
      const json = readJson(join(dir, 'tokenizer/tokenizer.json')) as { model: { vocab: Record<string, number>; merges: string[] } };
      expect(readJson(join(dir, 'tokenizer/vocab.json'))).toEqual(json.model.vocab);
      const mergeLines = readFileSync(join(dir, 'tokenizer/merges.txt'), 'utf8').trimEnd().split('\n');
      expect(mergeLines[0]).toMatch(/^#version/);
      expect(mergeLines.slice(1)).toEqual(json.model.merges);
      expect(readJson(join(dir, 'tokenizer/tokenizer_config.json'))).toMatchObject({
        model_max_length: 77,
        bos_token: SD_BOS,
        eos_token: SD_EOS,
        pad_token: SD_EOS,
        tokenizer_class: 'CLIPTokenizer',
      });
      expect(readJson(join(dir, 'tokenizer/special_tokens_map.json'))).toMatchObject({ bos_token: SD_BOS, eos_token: SD_EOS, pad_token: SD_EOS });
    });

    it('learns vocabExtraWords as whole tokens', () => {
      const extra = tempDir('atelier-tiny-sd-extra-');
      try {
        expect(tokenizer.tokenize('zanzibar').length).toBeGreaterThan(1);
        writeTinySdFolder(extra.dir, { ...TINY_SD, vocabExtraWords: ['Zanzibar', 'quokka'] });
        const tok = new Tokenizer(readJson(join(extra.dir, 'tokenizer/tokenizer.json')), readJson(join(extra.dir, 'tokenizer/tokenizer_config.json')));
        expect(tok.tokenize('zanzibar quokka')).toEqual(['zanzibar</w>', 'quokka</w>']);
      } finally {
        extra.cleanup();
      }
    });
  });

  describe('text encoder', () => {
    it('gives [batch, 77, hidden] states and pools at the end token', async () => {
      const { last, pooled, ids } = await encodeText(['a red dress', 'a blue coat on a chair']);
      expect(last.dims).toEqual([2, SD_MAX_LENGTH, HIDDEN]);
      expect(pooled.dims).toEqual([2, HIDDEN]);
      const l = last.data as Float32Array;
      expect(stats(l).finite).toBe(true);
      const eos = tokenizer.token_to_id(SD_EOS) as number;
      for (let b = 0; b < 2; b++) {
        const at = (ids[b] as number[]).indexOf(eos);
        const row = l.subarray((b * SD_MAX_LENGTH + at) * HIDDEN, (b * SD_MAX_LENGTH + at + 1) * HIDDEN);
        expect(maxAbsDiff((pooled.data as Float32Array).subarray(b * HIDDEN, (b + 1) * HIDDEN), row)).toBeLessThan(1e-6);
      }
    });

    it('is causal: a later token does not change earlier states', async () => {
      const { last: a } = await encodeText(['a red dress']);
      const { last: b } = await encodeText(['a red coat']);
      const da = a.data as Float32Array;
      const db = b.data as Float32Array;
      // Positions 0..2 (<start>, a, red) agree; position 3 (dress / coat) differs.
      expect(maxAbsDiff(da.subarray(0, 3 * HIDDEN), db.subarray(0, 3 * HIDDEN))).toBeLessThan(1e-5);
      expect(maxAbsDiff(da.subarray(3 * HIDDEN, 4 * HIDDEN), db.subarray(3 * HIDDEN, 4 * HIDDEN))).toBeGreaterThan(1e-2);
    });
  });

  describe('unet', () => {
    it('predicts noise of the latent shape for any latent size; timestep [1] or [batch]', async () => {
      const { last } = await encodeText(['', 'a red dress']);
      for (const [h, w] of [
        [8, 8],
        [8, 12],
        [64, 64],
      ] as const) {
        const sample = f32(noise(2 * 4 * h * w, h * 100 + w), [2, 4, h, w]);
        const one = await runUnet(sample, f32(Float32Array.of(500), [1]), last);
        expect(one.dims).toEqual([2, 4, h, w]);
        const s = stats(one.data as Float32Array);
        expect(s.finite).toBe(true);
        expect(s.std).toBeGreaterThan(0.3);
        expect(s.std).toBeLessThan(3);
        const perRow = await runUnet(sample, f32(Float32Array.of(500, 500), [2]), last);
        expect(maxAbsDiff(one.data as Float32Array, perRow.data as Float32Array)).toBeLessThan(1e-5);
      }
    });

    it('depends on the timestep and on encoder_hidden_states', async () => {
      const sample = f32(noise(4 * 8 * 8, 7), [1, 4, 8, 8]);
      const { last: dress } = await encodeText(['a red dress']);
      const { last: castle } = await encodeText(['an old stone castle at night']);
      const base = (await runUnet(sample, f32(Float32Array.of(981), [1]), dress)).data as Float32Array;
      const laterT = (await runUnet(sample, f32(Float32Array.of(961), [1]), dress)).data as Float32Array;
      const otherText = (await runUnet(sample, f32(Float32Array.of(981), [1]), castle)).data as Float32Array;
      const randomText = (await runUnet(sample, f32(Float32Array.of(981), [1]), f32(noise(SD_MAX_LENGTH * HIDDEN, 3), [1, SD_MAX_LENGTH, HIDDEN]))).data as Float32Array;
      const again = (await runUnet(sample, f32(Float32Array.of(981), [1]), dress)).data as Float32Array;
      expect(maxAbsDiff(base, again)).toBe(0);
      expect(maxAbsDiff(base, laterT)).toBeGreaterThan(1e-2);
      expect(maxAbsDiff(base, otherText)).toBeGreaterThan(1e-2);
      expect(maxAbsDiff(base, randomText)).toBeGreaterThan(1e-2);
      // And on the sample itself.
      const otherSample = (await runUnet(f32(noise(4 * 8 * 8, 8), [1, 4, 8, 8]), f32(Float32Array.of(981), [1]), dress)).data as Float32Array;
      expect(maxAbsDiff(base, otherSample)).toBeGreaterThan(1e-2);
    });

    it('writes an int64-timestep variant (older diffusers / Optimum exports) on request', async () => {
      const variant = tempDir('atelier-tiny-sd-i64-');
      try {
        writeTinySdFolder(variant.dir, { ...TINY_SD, timestepDtype: 'int64' });
        const session = await ort.InferenceSession.create(join(variant.dir, 'unet/model.onnx'), SESSION_OPTIONS);
        try {
          expect(io(session.inputMetadata).timestep).toEqual({ type: 'int64', shape: ['batch'] });
          const sample = f32(noise(4 * 8 * 8, 7), [1, 4, 8, 8]);
          const context = f32(noise(SD_MAX_LENGTH * HIDDEN, 3), [1, SD_MAX_LENGTH, HIDDEN]);
          const asInt = (await session.run({ sample, timestep: new ort.Tensor('int64', BigInt64Array.of(981n), [1]), encoder_hidden_states: context })).out_sample as ort.Tensor;
          // Same weights as the float variant: the same prediction for the same (integral) timestep.
          const asFloat = await runUnet(sample, f32(Float32Array.of(981), [1]), context);
          expect(maxAbsDiff(asInt.data as Float32Array, asFloat.data as Float32Array)).toBeLessThan(1e-5);
        } finally {
          await session.release();
        }
      } finally {
        variant.cleanup();
      }
    });
  });

  describe('vae', () => {
    it('decodes latents ×8 into an image in (−1, 1)', async () => {
      const cases: { dims: number[]; expected: number[] }[] = [
        { dims: [1, 4, 8, 8], expected: [1, 3, 64, 64] },
        { dims: [2, 4, 8, 12], expected: [2, 3, 64, 96] },
      ];
      for (const { dims, expected } of cases) {
        const n = dims.reduce((a, b) => a * b, 1);
        const out = (await vaeDecoder.run({ latent_sample: f32(noise(n, n, 1 / 0.18215), dims) })).sample as ort.Tensor;
        expect(out.dims).toEqual(expected);
        const s = stats(out.data as Float32Array);
        expect(s.finite).toBe(true);
        expect(s.min).toBeGreaterThanOrEqual(-1);
        expect(s.max).toBeLessThanOrEqual(1);
        expect(s.std).toBeGreaterThan(0.1); // an image, not a flat field…
        expect(s.std).toBeLessThan(0.8); // …and not saturated
      }
    });

    it('encodes an image to latents /8 that decode again (img2img path)', async () => {
      const px = 64 * 64;
      const image = new Float32Array(3 * px);
      for (let c = 0; c < 3; c++) for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) image[c * px + y * 64 + x] = Math.sin((x + 2 * c) / 9) * Math.cos(y / 13);
      const latent = (await vaeEncoder.run({ sample: f32(image, [1, 3, 64, 64]) })).latent_sample as ort.Tensor;
      expect(latent.dims).toEqual([1, 4, 8, 8]);
      const ls = stats(latent.data as Float32Array);
      expect(ls.finite).toBe(true);
      // Unscaled VAE latents: the pipeline multiplies by 0.18215 to reach roughly unit scale.
      expect(ls.std * 0.18215).toBeGreaterThan(0.2);
      expect(ls.std * 0.18215).toBeLessThan(5);
      const again = (await vaeEncoder.run({ sample: f32(image, [1, 3, 64, 64]) })).latent_sample as ort.Tensor;
      expect(maxAbsDiff(latent.data as Float32Array, again.data as Float32Array)).toBe(0); // the posterior mean: deterministic
      const decoded = (await vaeDecoder.run({ latent_sample: latent })).sample as ort.Tensor;
      expect(decoded.dims).toEqual([1, 3, 64, 64]);
      expect(stats(decoded.data as Float32Array).finite).toBe(true);
      const wide = (await vaeEncoder.run({ sample: f32(noise(2 * 3 * 64 * 96, 5, 0.5), [2, 3, 64, 96]) })).latent_sample as ort.Tensor;
      expect(wide.dims).toEqual([2, 4, 8, 12]);
    });
  });

  it('runs a whole text-to-image loop with classifier-free guidance', async () => {
    // Plain Euler over the fixture's own schedule, 4 steps, CFG 7.5: the prompt changes the image.
    const betas = Array.from({ length: 1000 }, (_, i) => (Math.sqrt(0.00085) + (i / 999) * (Math.sqrt(0.012) - Math.sqrt(0.00085))) ** 2);
    let prod = 1;
    const sigmaOf = betas.map((b) => Math.sqrt((1 - (prod *= 1 - b)) / prod));
    const timesteps = [751, 501, 251, 1];
    const generate = async (prompt: string): Promise<Float32Array> => {
      const { last } = await encodeText(['', prompt]);
      const size = 4 * 8 * 8;
      let latent = Float32Array.from(noise(size, 42), (v) => v * (sigmaOf[751] as number));
      for (let i = 0; i < timesteps.length; i++) {
        const t = timesteps[i] as number;
        const sigma = sigmaOf[t] as number;
        const next = i + 1 < timesteps.length ? (sigmaOf[timesteps[i + 1] as number] as number) : 0;
        const scaled = Float32Array.from(latent, (v) => v / Math.sqrt(sigma * sigma + 1));
        const batch = new Float32Array(2 * size);
        batch.set(scaled, 0);
        batch.set(scaled, size);
        const eps = (await runUnet(f32(batch, [2, 4, 8, 8]), f32(Float32Array.of(t), [1]), last)).data as Float32Array;
        latent = Float32Array.from(latent, (v, k) => v + (next - sigma) * ((eps[k] as number) + 7.5 * ((eps[size + k] as number) - (eps[k] as number))));
      }
      const image = (await vaeDecoder.run({ latent_sample: f32(Float32Array.from(latent, (v) => v / 0.18215), [1, 4, 8, 8]) })).sample as ort.Tensor;
      expect(image.dims).toEqual([1, 3, 64, 64]);
      return image.data as Float32Array;
    };
    const dress = await generate('a red dress');
    const castle = await generate('an old stone castle at night');
    expect(stats(dress).finite).toBe(true);
    expect(stats(castle).finite).toBe(true);
    expect(maxAbsDiff(dress, castle)).toBeGreaterThan(1e-2);
    expect(maxAbsDiff(dress, await generate('a red dress'))).toBe(0);
  });

  it('writes byte-identical files for the same spec, different weights for another seed', () => {
    const a = tempDir('atelier-tiny-sd-a-');
    const b = tempDir('atelier-tiny-sd-b-');
    try {
      writeTinySdFolder(a.dir, TINY_SD);
      writeTinySdFolder(b.dir, { ...TINY_SD } satisfies TinySdSpec);
      const files = listFiles(a.dir);
      expect(listFiles(b.dir)).toEqual(files);
      for (const f of files) expect(readFileSync(join(b.dir, f)).equals(readFileSync(join(a.dir, f))), f).toBe(true);
      for (const f of files) expect(readFileSync(join(dir, f)).equals(readFileSync(join(a.dir, f))), f).toBe(true);
      writeTinySdFolder(b.dir, { ...TINY_SD, seed: TINY_SD.seed + 100 });
      expect(readFileSync(join(b.dir, 'unet/model.onnx')).equals(readFileSync(join(a.dir, 'unet/model.onnx')))).toBe(false);
      expect(readFileSync(join(b.dir, 'tokenizer/tokenizer.json')).equals(readFileSync(join(a.dir, 'tokenizer/tokenizer.json')))).toBe(true);
      expect(existsSync(join(b.dir, 'vae_encoder/model.onnx'))).toBe(true);
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });
});
