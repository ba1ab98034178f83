// A Stable-Diffusion-family ONNX pipeline from a diffusers folder: tokenizer → text encoder →
// latent loop (scheduler.scaleInput → UNet → classifier-free guidance → scheduler.step) → VAE
// decode; img2img adds VAE encode + noise at the strength. Input dtypes are read from the graphs.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import type { ImageSettings, PipelineDevices } from '../../../shared/contract/image';
import { AtelierError } from '../../../shared/errors';
import { Prng } from '../prng';
import { createSession, toPlan, type ProviderChoice, type ProviderPlan } from '../runtime/sessions';
import type { DeviceInfo } from '../../../shared/contract/generate';
import { LatentKernel } from './latent-kernel';
import { latentToRgb } from './latent-preview';
import type { Raster } from './raster';
import { withRgb8Output } from './rgb8-output';
import { createScheduler, readConfig, type SchedulerConfig } from './schedulers';
import { startNoise } from './start-noise';
import { UnetFeeds } from './unet-feeds';

export interface StepHooks {
  signal?: AbortSignal;
  /**
   * After each step; `preview()` makes the cheap latent→RGB picture only when it is wanted. It reads
   * the latent the loop updates in place, so call it during `onStep`, not later.
   */
  onStep?: (done: number, total: number, preview: () => Raster) => void;
}

const MAX_TOKENS = 77;

function readJson(path: string, what: string): Record<string, unknown> {
  if (!existsSync(path)) throw new AtelierError('MODEL_INVALID', `This pipeline folder has no ${what} — import the whole diffusers ONNX folder`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new AtelierError('MODEL_INVALID', `${what} is not valid JSON (${(err as Error).message})`);
  }
}

function requireFile(dir: string, rel: string): string {
  const path = join(dir, rel);
  if (!existsSync(path)) throw new AtelierError('MODEL_INVALID', `This pipeline folder has no ${rel} — import the whole diffusers ONNX folder`);
  return path;
}

export interface LoadOptions {
  /**
   * Make the decoded picture's 8-bit RGB inside the VAE decoder's session (nodes appended at load,
   * see rgb8-output.ts) instead of converting its float output in JS. On by default; the bench
   * turns it off to compare the two in one run.
   */
  rgbInGraph?: boolean;
}

/**
 * The VAE decoder to open: its bytes with the RGB tail when the graph takes one, else its path.
 * A model with external weight files stays a path (onnxruntime resolves those next to the file).
 */
function vaeDecoderSource(path: string, rgbInGraph: boolean): { model: string | Uint8Array; rgbOutput: string | null } {
  if (!rgbInGraph || readdirSync(dirname(path)).some((f) => f !== 'model.onnx' && !f.endsWith('.json'))) return { model: path, rgbOutput: null };
  const { bytes, output } = withRgb8Output(readFileSync(path));
  return output ? { model: bytes, rgbOutput: output } : { model: path, rgbOutput: null };
}

/** Float [1, 3, H, W] in −1…1 → 8-bit interleaved RGB: (x + 1) · 127.5, clamped, rounded half to even. */
export function planarToRgb8(data: Float32Array, H: number, W: number): Raster {
  const px = H * W;
  // Uint8ClampedArray rounds and clamps on assignment: much cheaper than Math calls per pixel.
  const rgb = new Uint8ClampedArray(px * 3);
  for (let c = 0; c < 3; c++) {
    const plane = c * px;
    for (let p = 0, o = c; p < px; p++, o += 3) rgb[o] = ((data[plane + p] as number) + 1) * 127.5;
  }
  return { data: new Uint8Array(rgb.buffer), width: W, height: H, channels: 3 };
}

/**
 * The UNet's prediction for the sample: its output as it is (cfg ≤ 1: a batch of 1), or with
 * classifier-free guidance over its batch of 2, uncond + cfg·(cond − uncond) with the uncond
 * half first, written over that half (each element reads only its own pair; the output is ours).
 */
function guide(out: Float32Array, size: number, cfg: number): Float32Array {
  if (cfg <= 1) return out.length === size ? out : out.subarray(0, size);
  for (let i = 0; i < size; i++) out[i] = (out[i] as number) + cfg * ((out[size + i] as number) - (out[i] as number));
  return out.subarray(0, size);
}

const inputType = (s: ort.InferenceSession, name: string): string => {
  const m = s.inputMetadata.find((x) => x.name === name);
  return m && m.isTensor ? m.type : 'float32';
};

export class SdPipeline {
  private constructor(
    readonly dir: string,
    readonly sha256: string,
    private readonly tokenizer: Tokenizer,
    private readonly padId: number,
    private readonly eosId: number,
    private readonly textEncoder: ort.InferenceSession,
    private readonly unet: ort.InferenceSession,
    private readonly vaeDecoder: ort.InferenceSession,
    private readonly vaeEncoder: ort.InferenceSession | null,
    readonly schedulerConfig: SchedulerConfig,
    private readonly latentScale: number,
    readonly device: DeviceInfo,
    /**
     * Each model's device (the objects its session updates should its first run fall back), so
     * a recipe says which part ran where; `device` is the UNet's.
     */
    readonly parts: PipelineDevices,
    /** The decoder's appended uint8 RGB output, or null when the float output is converted in JS. */
    readonly rgbOutput: string | null,
  ) {}

  static async load(dir: string, provider: ProviderChoice | ProviderPlan = 'auto', options: LoadOptions = {}): Promise<SdPipeline> {
    readJson(join(dir, 'model_index.json'), 'model_index.json');
    const paths = {
      text: requireFile(dir, 'text_encoder/model.onnx'),
      unet: requireFile(dir, 'unet/model.onnx'),
      vaeDecoder: requireFile(dir, 'vae_decoder/model.onnx'),
    };
    const tokJson = readJson(join(dir, 'tokenizer/tokenizer.json'), 'tokenizer/tokenizer.json');
    const tokConfig = existsSync(join(dir, 'tokenizer/tokenizer_config.json')) ? readJson(join(dir, 'tokenizer/tokenizer_config.json'), 'tokenizer_config.json') : {};
    const tokenizer = new Tokenizer(tokJson, tokConfig);
    const idOf = (v: unknown) => (typeof v === 'string' ? tokenizer.token_to_id(v) : typeof v === 'object' && v && 'content' in v ? tokenizer.token_to_id(String(v.content)) : undefined);
    const eosId = idOf(tokConfig.eos_token) ?? tokenizer.token_to_id('<|endoftext|>') ?? 0;
    const padId = idOf(tokConfig.pad_token) ?? eosId;
    const schedulerJson = existsSync(join(dir, 'scheduler/scheduler_config.json')) ? readJson(join(dir, 'scheduler/scheduler_config.json'), 'scheduler_config.json') : {};
    const vaeConfig = existsSync(join(dir, 'vae_decoder/config.json')) ? readJson(join(dir, 'vae_decoder/config.json'), 'vae_decoder/config.json') : {};
    const plan = toPlan(provider);
    const unet = await createSession(paths.unet, plan);
    // The other parts start where the unet did; a first-run failure of any of them is the model's
    // (recorded, and later loads skip that provider).
    const partPlan: ProviderPlan = { ...plan, order: plan.order.slice(Math.max(0, plan.order.indexOf(unet.device.used))) };
    const text = await createSession(paths.text, partPlan);
    const hash = createHash('sha256').update(readFileSync(paths.unet)).digest('hex');
    const encoderPath = join(dir, 'vae_encoder/model.onnx');
    const decoderSource = vaeDecoderSource(paths.vaeDecoder, options.rgbInGraph ?? true);
    const decoder = await createSession(decoderSource.model, partPlan);
    const encoder = existsSync(encoderPath) ? await createSession(encoderPath, partPlan) : null;
    const parts: PipelineDevices = { text_encoder: text.device, unet: unet.device, vae_decoder: decoder.device, ...(encoder ? { vae_encoder: encoder.device } : {}) };
    return new SdPipeline(
      dir,
      hash,
      tokenizer,
      padId,
      eosId,
      text.session,
      unet.session,
      decoder.session,
      encoder?.session ?? null,
      readConfig(schedulerJson),
      typeof vaeConfig.scaling_factor === 'number' ? vaeConfig.scaling_factor : 0.18215,
      unet.device,
      parts,
      decoderSource.rgbOutput,
    );
  }

  /** CLIP ids padded/truncated to 77, ending with the end token. */
  tokenize(text: string): number[] {
    const ids = this.tokenizer.encode(text).ids.slice(0, MAX_TOKENS);
    if (ids.length === MAX_TOKENS && ids[MAX_TOKENS - 1] !== this.eosId) ids[MAX_TOKENS - 1] = this.eosId;
    while (ids.length < MAX_TOKENS) ids.push(this.padId);
    return ids;
  }

  private readonly textCache = new Map<string, Promise<ort.Tensor>>();
  /**
   * The last image's UNet feeds and latent buffers (and [negative; prompt] embeddings), taken by the
   * next image of the same size and prompts: a batch, a grid row or a re-run allocates none.
   * Taken, not shared, so two generations at once each get their own.
   */
  private spare: { h: number; w: number; cond: ort.Tensor; uncond: ort.Tensor | null; feeds: UnetFeeds; kernel: LatentKernel } | null = null;

  /** Prompt embeddings, cached for the last few prompts (a batch and re-runs reuse them). */
  encodeText(text: string): Promise<ort.Tensor> {
    let hit = this.textCache.get(text);
    if (hit) this.textCache.delete(text);
    else hit = this.runTextEncoder(text);
    this.textCache.set(text, hit);
    hit.catch(() => this.textCache.delete(text));
    while (this.textCache.size > 8) this.textCache.delete(this.textCache.keys().next().value as string);
    return hit;
  }

  private async runTextEncoder(text: string): Promise<ort.Tensor> {
    const ids = this.tokenize(text);
    const type = inputType(this.textEncoder, 'input_ids');
    const tensor = type === 'int64' ? new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, MAX_TOKENS]) : new ort.Tensor('int32', Int32Array.from(ids), [1, MAX_TOKENS]);
    const out = await this.textEncoder.run({ input_ids: tensor });
    return (out.last_hidden_state ?? out[this.textEncoder.outputNames[0] as string]) as ort.Tensor;
  }

  /** The UNet's text input: the prompt alone, or [negative; prompt] as one batch of 2 for guidance. */
  private hiddenStates(cond: ort.Tensor, uncond: ort.Tensor | null): ort.Tensor {
    if (!uncond) return cond;
    const a = uncond.data as Float32Array;
    const both = new Float32Array(a.length * 2);
    both.set(a, 0);
    both.set(cond.data as Float32Array, a.length);
    return new ort.Tensor('float32', both, [2, ...cond.dims.slice(1)]);
  }

  async encodeImage(image: Raster): Promise<Float32Array> {
    if (!this.vaeEncoder) throw new AtelierError('MODEL_INVALID', 'This pipeline has no vae_encoder/model.onnx, so it cannot start from an image');
    const { width: w, height: h } = image;
    const chw = new Float32Array(3 * w * h);
    for (let p = 0; p < w * h; p++) for (let c = 0; c < 3; c++) chw[c * w * h + p] = (image.data[p * image.channels + c] as number) / 127.5 - 1;
    const out = await this.vaeEncoder.run({ sample: new ort.Tensor('float32', chw, [1, 3, h, w]) });
    const lat = (out.latent_sample ?? out[this.vaeEncoder.outputNames[0] as string]) as ort.Tensor;
    return Float32Array.from(lat.data as Float32Array, (v) => v * this.latentScale);
  }

  async decode(latent: Float32Array, h: number, w: number): Promise<Raster> {
    const scaled = new Float32Array(latent.length);
    const k = 1 / this.latentScale;
    for (let i = 0; i < latent.length; i++) scaled[i] = (latent[i] as number) * k;
    const feeds = { latent_sample: new ort.Tensor('float32', scaled, [1, 4, h, w]) };
    if (this.rgbOutput) {
      const rgb = (await this.vaeDecoder.run(feeds, [this.rgbOutput]))[this.rgbOutput] as ort.Tensor;
      const [, H, W] = rgb.dims as number[];
      return { data: rgb.data as Uint8Array, width: W as number, height: H as number, channels: 3 };
    }
    const out = await this.vaeDecoder.run(feeds);
    const img = (out.sample ?? out[this.vaeDecoder.outputNames[0] as string]) as ort.Tensor;
    const [, , H, W] = img.dims as number[];
    return planarToRgb8(img.data as Float32Array, H as number, W as number);
  }

  /** One image. Same settings + seed → same pixels on the same device. */
  async generate(s: ImageSettings, seed: number, init: Raster | null, hooks: StepHooks = {}): Promise<Raster> {
    const h = s.height / 8;
    const w = s.width / 8;
    const size = 4 * h * w;
    const scheduler = createScheduler(s.scheduler, this.schedulerConfig, s.steps);
    const cond = await this.encodeText(s.prompt);
    // Guidance is skipped at cfg ≤ 1 (what distilled Turbo/LCM models want): one UNet batch.
    const uncond = s.cfg > 1 ? await this.encodeText(s.negativePrompt) : null;
    const noise = startNoise(size, s, seed);
    const rng = new Prng((seed ^ 0x5bd1e995) >>> 0);
    // The latent and the UNet's input live in the kernel's memory (latent-kernel.ts), made once per
    // size and prompts and taken by the next image like that; the scheduler updates the latent in
    // place, so a step allocates only what the run returns.
    const spare = this.spare;
    const reuse = spare !== null && spare.h === h && spare.w === w && spare.cond === cond && spare.uncond === uncond;
    const kernel = reuse ? spare.kernel : new LatentKernel(size, uncond ? 2 : 1);
    const feeds = reuse ? spare.feeds : new UnetFeeds(this.unet, [4, h, w], this.hiddenStates(cond, uncond), kernel.input);
    if (reuse) this.spare = null;
    const latent = kernel.latent;
    let start = 0;
    if (init) {
      const initLatent = await this.encodeImage(init);
      start = Math.min(s.steps - 1, s.steps - Math.floor(s.steps * s.strength));
      latent.set(scheduler.addNoise(initLatent, noise, start));
    } else {
      const sigma = scheduler.initNoiseSigma;
      for (let i = 0; i < size; i++) latent[i] = (noise[i] as number) * sigma;
    }
    const total = s.steps - start;
    const cfg = uncond ? s.cfg : 1;
    const input = (i: number) => {
      if (scheduler.inputScale) kernel.scaleInput(scheduler.inputScale(i));
      else {
        scheduler.scaleInput(latent, i, kernel.firstInput);
        kernel.mirrorInput();
      }
    };
    input(start);
    for (let i = start; i < s.steps; i++) {
      if (hooks.signal?.aborted) throw new AtelierError('CANCELLED', 'Cancelled');
      const out = await this.unet.run(feeds.at(scheduler.timesteps[i] as number));
      const prediction = (out.out_sample ?? out[this.unet.outputNames[0] as string]) as ort.Tensor;
      const last = i === s.steps - 1;
      // Guidance, the step and the next UNet input in one SIMD pass where the step allows it.
      const linear = scheduler.linearStep?.(i);
      if (linear && scheduler.inputScale) kernel.step(prediction.data as Float32Array, cfg, linear, last ? null : scheduler.inputScale(i + 1));
      else {
        const stepped = scheduler.step(guide(prediction.data as Float32Array, size, cfg), i, latent, rng);
        if (stepped !== latent) latent.set(stepped);
        if (!last) input(i + 1);
      }
      hooks.onStep?.(i - start + 1, total, () => latentToRgb(latent, h, w));
    }
    this.spare = { h, w, cond, uncond, feeds, kernel };
    return this.decode(latent, h, w);
  }

  async dispose(): Promise<void> {
    for (const s of [this.textEncoder, this.unet, this.vaeDecoder, this.vaeEncoder]) await s?.release();
  }
}
