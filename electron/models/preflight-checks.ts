// The preflight itself: what runs inside the isolated child process (preflight-entry.ts). For each
// kind it reads the config/tokenizer files, reads every ONNX header (opset), opens the ONNX files
// with onnxruntime one at a time, checks their inputs/outputs against what Atelier's engine feeds
// them, and estimates memory against what is free. It collects every problem instead of stopping
// at the first, each naming the file (relative to the model folder).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { freemem, totalmem } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import type {
  FitVerdict,
  MemoryEstimate,
  ModelKind,
  OnnxFileReport,
  PreflightProblem,
  PreflightResult,
  TensorSpec,
} from '../../shared/contract/models';
import { AtelierError } from '../../shared/errors';
import { deriveIoContract } from '../engine/text/io-contract';
import { findOnnx } from '../engine/text/model-folder';
import { readJsonFile } from './inspect';
import { OnnxHeaderError, defaultOpset, readOnnxHeader } from './onnx-header';

/** The ai.onnx opsets onnxruntime 1.30 loads (it refuses newer ones and only guarantees 7+). */
export const MIN_OPSET = 7;
export const MAX_OPSET = 26;

export interface PreflightOptions {
  /** Override the machine's free / total memory (tests of the fit verdict). */
  freeBytes?: number;
  totalMemoryBytes?: number;
  /** Largest context the KV-cache estimate assumes (the engine runs up to the model's limit). */
  maxContext?: number;
}

type Json = Record<string, unknown>;
type Facts = PreflightResult['facts'];

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const posInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const firstLine = (err: unknown) => ((err as Error).message ?? String(err)).split('\n')[0]?.replace(/^\/onnxruntime_src\/\S+\s+/, '').slice(0, 400) ?? 'unknown error';

class Findings {
  problems: PreflightProblem[] = [];
  warnings: PreflightProblem[] = [];
  files: OnnxFileReport[] = [];
  facts: Facts = {};
  constructor(readonly dir: string) {}
  problem(file: string | null, message: string): void {
    this.problems.push({ file, message });
  }
  warn(file: string | null, message: string): void {
    this.warnings.push({ file, message });
  }
  rel(abs: string): string {
    return relative(this.dir, abs).split('\\').join('/');
  }
  /** A JSON object file; missing → problem when required; broken → problem. */
  json(rel: string, required: string | null): Json | null {
    const path = join(this.dir, rel);
    if (!existsSync(path)) {
      if (required) this.problem(rel, `${rel} is missing — ${required}`);
      return null;
    }
    try {
      return readJsonFile(path, rel);
    } catch (err) {
      this.problem(rel, (err as Error).message);
      return null;
    }
  }
}

/** A session opened only to read its I/O; released by the caller. */
interface Opened {
  rel: string;
  session: ort.InferenceSession;
  inputs: Map<string, TensorSpec>;
  outputs: Map<string, TensorSpec>;
}

function specs(meta: readonly ort.InferenceSession.ValueMetadata[]): Map<string, TensorSpec> {
  return new Map(meta.map((m) => [m.name, { name: m.name, type: m.isTensor ? m.type : 'non-tensor', shape: m.isTensor ? [...m.shape] : [] }]));
}

/** Header (opset), then onnxruntime; the report is recorded either way. Null when it cannot open. */
async function openOnnx(f: Findings, rel: string, skipOpen: boolean): Promise<Opened | null> {
  const path = join(f.dir, rel);
  const report: OnnxFileReport = { file: rel, sizeBytes: 0, irVersion: null, opset: null, producer: null, inputs: [], outputs: [], openMs: null };
  f.files.push(report);
  if (!existsSync(path)) {
    f.problem(rel, `${rel} is missing`);
    return null;
  }
  report.sizeBytes = statSync(path).size;
  try {
    const h = readOnnxHeader(path);
    report.irVersion = h.irVersion;
    report.producer = h.producer;
    report.opset = defaultOpset(h);
  } catch (err) {
    if (err instanceof OnnxHeaderError) {
      // Like the other refusals, it ends with what to do: the file itself is cut or damaged.
      f.problem(rel, `${rel}: ${err.message} — copy ${rel} again from the same model repository, then import the folder again`);
      return null;
    }
    throw err;
  }
  if (report.opset === null) {
    f.problem(rel, `${rel} declares no ai.onnx opset`);
    return null;
  }
  if (report.opset < MIN_OPSET || report.opset > MAX_OPSET) {
    f.problem(rel, `${rel} uses opset ${report.opset}; onnxruntime ${ortVersion()} supports opsets ${MIN_OPSET}–${MAX_OPSET} (re-export it with a supported opset)`);
    return null;
  }
  if (skipOpen) return null;
  const t0 = performance.now();
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(path, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'disabled',
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      enableCpuMemArena: false,
      logSeverityLevel: 3,
    });
  } catch (err) {
    f.problem(rel, `${rel}: onnxruntime cannot open it: ${firstLine(err)}`);
    return null;
  }
  report.openMs = Math.round(performance.now() - t0);
  const opened = { rel, session, inputs: specs(session.inputMetadata), outputs: specs(session.outputMetadata) };
  report.inputs = [...opened.inputs.values()];
  report.outputs = [...opened.outputs.values()];
  return opened;
}

const names = (m: Map<string, TensorSpec>) => [...m.keys()].join(', ') || 'none';
const lastDim = (t: TensorSpec | undefined): number | undefined => num(t?.shape.at(-1));

function requireInput(f: Findings, o: Opened, name: string, types?: string[]): TensorSpec | undefined {
  const t = o.inputs.get(name);
  if (!t) f.problem(o.rel, `${o.rel} has no input '${name}' (its inputs: ${names(o.inputs)})`);
  else if (types && !types.includes(t.type)) f.problem(o.rel, `${o.rel}: input '${name}' is ${t.type}, expected ${types.join(' or ')}`);
  return t;
}

function outputOf(f: Findings, o: Opened, preferred: string): TensorSpec | undefined {
  const t = o.outputs.get(preferred) ?? o.outputs.values().next().value;
  if (!t) f.problem(o.rel, `${o.rel} has no outputs`);
  return t;
}

// ---------------------------------------------------------------------------------- tokenizers

/** Vocabulary size of a tokenizer.json: highest id + 1 over the model's vocab and added tokens. */
export function tokenizerVocabSize(tok: Json): number | null {
  let max = -1;
  const model = tok.model as Json | undefined;
  const vocab = model?.vocab;
  if (Array.isArray(vocab)) max = vocab.length - 1;
  else if (vocab && typeof vocab === 'object') for (const id of Object.values(vocab as Json)) if (typeof id === 'number' && id > max) max = id;
  if (Array.isArray(tok.added_tokens)) for (const t of tok.added_tokens as Json[]) if (typeof t.id === 'number' && t.id > max) max = t.id;
  return max >= 0 ? max + 1 : null;
}

function checkTokenizer(f: Findings, rel: string, configRel: string | null, config: Json | null, hint: string): Tokenizer | null {
  const tokJson = f.json(rel, hint);
  if (!tokJson) return null;
  const cfgRel = join(dirname(rel), 'tokenizer_config.json').split('\\').join('/');
  const tokConfig = f.json(cfgRel, null) ?? {};
  let tok: Tokenizer;
  try {
    tok = new Tokenizer(tokJson, tokConfig);
  } catch (err) {
    f.problem(rel, `${rel} cannot be loaded as a tokenizer: ${firstLine(err)}`);
    return null;
  }
  const size = tokenizerVocabSize(tokJson);
  f.facts.tokenizerVocab = size;
  const vocab = num(config?.vocab_size);
  if (size !== null && vocab !== undefined && configRel) {
    if (size > vocab) {
      f.problem(rel, `${rel} has ${size} tokens but ${configRel} says vocab_size ${vocab}: the tokenizer belongs to another model`);
    } else if (size < vocab * 0.9) {
      f.warn(rel, `${rel} has ${size} tokens, far fewer than vocab_size ${vocab} in ${configRel}: it may belong to another model`);
    }
  }
  for (const key of ['eos_token', 'bos_token', 'unk_token']) {
    const v = tokConfig[key];
    const content = typeof v === 'string' ? v : v && typeof v === 'object' && 'content' in v ? String((v as Json).content) : null;
    if (content && tok.token_to_id(content) === undefined) {
      f.warn(cfgRel, `${cfgRel}: ${key} '${content}' is not in ${rel} (tokenizer files from different models?)`);
    }
  }
  return tok;
}

// ---------------------------------------------------------------------------------- memory

/** Weights of an ONNX file: the file plus its external-data files beside it. */
function weightsOf(dir: string, rel: string): number {
  const path = join(dir, rel);
  if (!existsSync(path)) return 0;
  let bytes = statSync(path).size;
  const base = basename(rel);
  for (const name of readdirSync(dirname(path))) {
    if (name !== base && name.startsWith(base) && !name.endsWith('.onnx')) bytes += statSync(join(dirname(path), name)).size;
  }
  return bytes;
}

export function fitVerdict(totalBytes: number, freeBytes: number, totalMemoryBytes: number): FitVerdict {
  if (totalBytes <= freeBytes * 0.8) return 'fits';
  if (totalBytes <= totalMemoryBytes * 0.9) return 'may-be-slow';
  return 'wont-fit';
}

function memoryEstimate(weightsBytes: number, runtimeBytes: number, basis: string, opts: PreflightOptions): MemoryEstimate {
  const freeBytes = opts.freeBytes ?? freemem();
  const totalMemoryBytes = opts.totalMemoryBytes ?? totalmem();
  // onnxruntime keeps a little more than the raw weights (arena, prepacked copies): ~10%.
  const runtime = Math.round(runtimeBytes + weightsBytes * 0.1);
  return { weightsBytes, runtimeBytes: runtime, totalBytes: weightsBytes + runtime, basis, freeBytes, totalMemoryBytes };
}

// ---------------------------------------------------------------------------------- kinds

const TEXT_HINT = 'a text model needs its tokenizer: copy tokenizer.json from the same model repository';

async function checkText(f: Findings, opts: PreflightOptions): Promise<MemoryEstimate | null> {
  const config = f.json('config.json', 'a text model needs config.json from its repository');
  f.json('generation_config.json', null);
  if (config) {
    f.facts.architecture = (typeof config.model_type === 'string' && config.model_type) || null;
    if (num(config.vocab_size) === undefined) f.problem('config.json', 'config.json lacks vocab_size');
  }
  checkTokenizer(f, 'tokenizer.json', 'config.json', config, TEXT_HINT);

  // The files the engine may load: the first one found per precision.
  const candidates: string[] = [];
  for (const precision of ['fp32', 'int8', 'q4'] as const) {
    try {
      const rel = f.rel(findOnnx(f.dir, precision));
      if (!candidates.includes(rel)) candidates.push(rel);
    } catch {
      /* that precision is absent */
    }
  }
  if (candidates.length === 0) {
    try {
      findOnnx(f.dir, 'auto');
    } catch (err) {
      f.problem('onnx/', (err as Error).message);
    }
    return null;
  }
  const primary = candidates[0] as string;
  f.facts.onnxFile = primary;

  // Memory: weights of the file 'auto' picks, KV cache at the default context.
  const heads = num(config?.num_attention_heads) ?? num(config?.n_head);
  const hidden = num(config?.hidden_size) ?? num(config?.n_embd);
  const layers = num(config?.num_hidden_layers) ?? num(config?.n_layer) ?? 0;
  const kvHeads = num(config?.num_key_value_heads) ?? heads ?? 0;
  const headDim = num(config?.head_dim) ?? (hidden && heads ? hidden / heads : 0);
  const vocab = num(config?.vocab_size) ?? 0;
  const maxPositions = num(config?.max_position_embeddings) ?? num(config?.n_positions) ?? num(config?.n_ctx) ?? 2048;
  const context = Math.min(maxPositions, opts.maxContext ?? 4096);
  const prompt = Math.min(context, 512);
  const kv = 2 * layers * kvHeads * headDim * context * 4;
  const prefill = prompt * vocab * 4 + (heads ?? 1) * prompt * prompt * 4;
  const memory = memoryEstimate(weightsOf(f.dir, primary), kv + prefill, `context ${context} tokens (fp32 KV cache), one sequence, ${prompt}-token prompt chunk`, opts);
  const fit = fitVerdict(memory.totalBytes, memory.freeBytes, memory.totalMemoryBytes);
  Object.assign(f.facts, { layers: layers || null, kvHeads: kvHeads || null, headDim: headDim || null, vocabSize: vocab || null, contextLength: maxPositions });

  for (const rel of candidates) {
    const o = await openOnnx(f, rel, fit === 'wont-fit');
    if (!o) continue;
    try {
      requireInput(f, o, 'input_ids', ['int64', 'int32']);
      if (config) {
        try {
          const io = deriveIoContract(o.session, config);
          if (rel === primary) Object.assign(f.facts, { layers: io.layers, kvHeads: io.kvHeads, headDim: io.headDim });
          for (let i = 0; i < io.layers; i++) {
            const past = o.inputs.get(io.pastKey[i] as string)?.type;
            const present = o.outputs.get(io.presentKey[i] as string)?.type;
            if (past && present && past !== present) f.problem(rel, `${rel}: ${io.pastKey[i]} is ${past} but ${io.presentKey[i]} is ${present}`);
          }
        } catch (err) {
          f.problem(rel, `${rel}: ${(err as Error).message}`);
        }
      }
      const logits = lastDim(o.outputs.get('logits'));
      if (logits !== undefined && vocab && logits !== vocab) f.problem(rel, `${rel}: logits have ${logits} columns but config.json says vocab_size ${vocab}`);
    } finally {
      await o.session.release();
    }
  }
  return memory;
}

async function checkDiffusion(f: Findings, opts: PreflightOptions): Promise<MemoryEstimate | null> {
  const index = f.json('model_index.json', 'a diffusers pipeline needs model_index.json');
  f.facts.architecture = (typeof index?._class_name === 'string' && index._class_name) || null;
  const hint = 'import the whole diffusers ONNX folder (text_encoder, unet, vae_decoder, tokenizer, scheduler)';
  const textConfig = f.json('text_encoder/config.json', null);
  checkTokenizer(f, 'tokenizer/tokenizer.json', textConfig ? 'text_encoder/config.json' : null, textConfig, hint);
  f.json('scheduler/scheduler_config.json', null);
  const unetConfig = f.json('unet/config.json', null) ?? {};
  f.json('vae_decoder/config.json', null);

  const parts = ['text_encoder/model.onnx', 'unet/model.onnx', 'vae_decoder/model.onnx'];
  for (const p of parts) if (!existsSync(join(f.dir, p))) f.problem(p, `${p} is missing — ${hint}`);
  const encoder = existsSync(join(f.dir, 'vae_encoder/model.onnx')) ? 'vae_encoder/model.onnx' : null;
  if (!encoder) f.warn('vae_encoder/model.onnx', 'vae_encoder/model.onnx is missing: image-to-image will not work');

  // Memory: all sub-models' weights; UNet activations at the default size with guidance (batch 2).
  const weights = [...parts, ...(encoder ? [encoder] : [])].reduce((n, p) => n + weightsOf(f.dir, p), 0);
  const unetWeights = weightsOf(f.dir, 'unet/model.onnx');
  const sampleSize = num(unetConfig.sample_size);
  const size = sampleSize ? sampleSize * 8 : 512;
  const latent = size / 8;
  const blocks = unetConfig.block_out_channels;
  const ch0 = Array.isArray(blocks) && typeof blocks[0] === 'number' ? blocks[0] : Math.max(4, Math.round(320 * Math.sqrt(unetWeights / 4 / 860e6)));
  const headDim = unetConfig.attention_head_dim;
  const heads = typeof headDim === 'number' ? headDim : Array.isArray(headDim) && typeof headDim[0] === 'number' ? headDim[0] : Math.max(1, Math.min(8, Math.round(ch0 / 40)));
  const tokens = latent * latent;
  const unetActivations = 2 * (heads * tokens * tokens * 4 + 30 * ch0 * tokens * 4);
  const vaeActivations = 6 * 128 * size * size * 4;
  const memory = memoryEstimate(weights, unetActivations + vaeActivations, `${size}×${size} image, classifier-free guidance (batch 2), fp32 activations`, opts);
  Object.assign(f.facts, { defaultSize: size, latentChannels: null });
  const skip = fitVerdict(memory.totalBytes, memory.freeBytes, memory.totalMemoryBytes) === 'wont-fit';

  let textWidth: number | undefined;
  const te = existsSync(join(f.dir, parts[0] as string)) ? await openOnnx(f, parts[0] as string, skip) : null;
  if (te) {
    requireInput(f, te, 'input_ids', ['int32', 'int64']);
    textWidth = lastDim(outputOf(f, te, 'last_hidden_state'));
    await te.session.release();
  }
  const unet = existsSync(join(f.dir, parts[1] as string)) ? await openOnnx(f, parts[1] as string, skip) : null;
  if (unet) {
    const sample = requireInput(f, unet, 'sample', ['float32', 'float16']);
    requireInput(f, unet, 'timestep', ['float32', 'float16', 'int64', 'int32']);
    const hidden = requireInput(f, unet, 'encoder_hidden_states', ['float32', 'float16']);
    outputOf(f, unet, 'out_sample');
    const channels = num(sample?.shape[1]);
    f.facts.latentChannels = channels ?? null;
    if (channels !== undefined && channels !== 4) f.problem(unet.rel, `${unet.rel}: sample has ${channels} channels; Atelier runs 4-channel latent pipelines (SD 1.x/2.x, Turbo)`);
    const width = lastDim(hidden);
    if (width !== undefined && textWidth !== undefined && width !== textWidth) {
      f.problem(unet.rel, `${unet.rel} expects ${width}-wide text embeddings but text_encoder/model.onnx gives ${textWidth} (sub-models from different pipelines?)`);
    }
    await unet.session.release();
  }
  const vd = existsSync(join(f.dir, parts[2] as string)) ? await openOnnx(f, parts[2] as string, skip) : null;
  if (vd) {
    const lat = requireInput(f, vd, 'latent_sample', ['float32', 'float16']);
    const c = num(lat?.shape[1]);
    if (c !== undefined && c !== 4) f.problem(vd.rel, `${vd.rel}: latent_sample has ${c} channels, expected 4`);
    outputOf(f, vd, 'sample');
    await vd.session.release();
  }
  if (encoder) {
    const ve = await openOnnx(f, encoder, skip);
    if (ve) {
      requireInput(f, ve, 'sample', ['float32', 'float16']);
      outputOf(f, ve, 'latent_sample');
      await ve.session.release();
    }
  }
  return memory;
}

async function checkGan(f: Findings, opts: PreflightOptions): Promise<MemoryEstimate | null> {
  const card = f.json('atelier.json', 'a GAN folder needs atelier.json');
  if (card) {
    if (!posInt(card.latentDim)) f.problem('atelier.json', 'atelier.json: latentDim must be a positive integer');
    if (!Array.isArray(card.classes) || card.classes.length === 0 || !card.classes.every((c) => typeof c === 'string')) {
      f.problem('atelier.json', 'atelier.json: classes must be a non-empty list of class names');
    }
  }
  const rel = 'generator.onnx';
  if (!existsSync(join(f.dir, rel))) {
    f.problem(rel, `${rel} is missing — a GAN folder holds generator.onnx beside atelier.json`);
    return null;
  }
  const size = num(card?.imageSize) ?? 64;
  const memory = memoryEstimate(weightsOf(f.dir, rel), size * size * 3 * 4 * 16, `one ${size}×${size} image`, opts);
  const o = await openOnnx(f, rel, fitVerdict(memory.totalBytes, memory.freeBytes, memory.totalMemoryBytes) === 'wont-fit');
  if (o) {
    const z = requireInput(f, o, 'z', ['float32']);
    requireInput(f, o, 'class_id', ['int64']);
    const zDim = lastDim(z);
    if (zDim !== undefined && posInt(card?.latentDim) && zDim !== card.latentDim) f.problem(rel, `${rel}: z has ${zDim} values but atelier.json says latentDim ${card.latentDim}`);
    const img = outputOf(f, o, 'image');
    if (img && img.shape.length !== 4) f.problem(rel, `${rel}: output '${img.name}' should be an image [batch, channels, height, width]`);
    await o.session.release();
  }
  Object.assign(f.facts, { latentDim: num(card?.latentDim) ?? null, classes: Array.isArray(card?.classes) ? card.classes.length : null, imageSize: size });
  return memory;
}

async function checkUpscaler(f: Findings, opts: PreflightOptions): Promise<MemoryEstimate | null> {
  const card = f.json('atelier.json', 'an upscaler folder needs atelier.json');
  if (!card) return null;
  for (const key of ['file', 'input', 'output'] as const) {
    if (typeof card[key] !== 'string' || !card[key]) f.problem('atelier.json', `atelier.json: "${key}" must name the model ${key === 'file' ? 'file' : `${key} tensor`}`);
  }
  if (!posInt(card.scale)) f.problem('atelier.json', 'atelier.json: "scale" must be a positive integer (2, 4…)');
  if (typeof card.file !== 'string' || !card.file) return null;
  const rel = card.file;
  if (!existsSync(join(f.dir, rel))) {
    f.problem(rel, `${rel} is missing (atelier.json names it as the model file)`);
    return null;
  }
  const scale = posInt(card.scale) ? card.scale : 4;
  const tile = 192 + 2 * 12;
  const memory = memoryEstimate(weightsOf(f.dir, rel), tile * tile * 64 * 4 * 8 + (tile * scale) ** 2 * 3 * 4, `one ${tile}×${tile} tile at ×${scale}`, opts);
  Object.assign(f.facts, { scale, architecture: (card.source as Json | undefined)?.architecture as string | undefined ?? null });
  const o = await openOnnx(f, rel, fitVerdict(memory.totalBytes, memory.freeBytes, memory.totalMemoryBytes) === 'wont-fit');
  if (o) {
    if (typeof card.input === 'string') {
      const t = requireInput(f, o, card.input, ['float32']);
      if (t && t.shape.length !== 4) f.problem(rel, `${rel}: input '${card.input}' should be an image [batch, height, width, channels]`);
    }
    if (typeof card.output === 'string' && !o.outputs.has(card.output)) f.problem(rel, `${rel} has no output '${card.output}' (its outputs: ${names(o.outputs)})`);
    await o.session.release();
  }
  return memory;
}

const CHECKS: Record<ModelKind, (f: Findings, o: PreflightOptions) => Promise<MemoryEstimate | null>> = {
  text: checkText,
  diffusion: checkDiffusion,
  gan: checkGan,
  upscaler: checkUpscaler,
};

export const ortVersion = (): string => ort.env.versions.node ?? ort.env.versions.common ?? 'unknown';

/** Runs every check for `kind` on `dir`. Never throws for a bad model: problems are collected. */
export async function preflightFolder(dir: string, kind: ModelKind, opts: PreflightOptions = {}): Promise<PreflightResult> {
  const t0 = Date.now();
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new AtelierError('NOT_FOUND', `Model folder not found: ${dir}`);
  const f = new Findings(dir);
  const memory = await CHECKS[kind](f, opts);
  const fit = memory ? fitVerdict(memory.totalBytes, memory.freeBytes, memory.totalMemoryBytes) : null;
  if (fit === 'wont-fit' && memory) {
    f.warn(null, `needs about ${gib(memory.totalBytes)} but ${gib(memory.freeBytes)} is free (${gib(memory.totalMemoryBytes)} in all): it won't fit; the ONNX files were not opened`);
  } else if (fit === 'may-be-slow' && memory) {
    f.warn(null, `needs about ${gib(memory.totalBytes)} with ${gib(memory.freeBytes)} free: it may be slow (swapping) until other apps close`);
  }
  const ok = f.problems.length === 0;
  return {
    ok,
    status: ok ? (f.warnings.length ? 'warnings' : 'ok') : 'failed',
    kind,
    problems: f.problems,
    warnings: f.warnings,
    fit,
    memory,
    files: f.files,
    facts: f.facts,
    ortVersion: ortVersion(),
    checkedAt: Date.now(),
    durationMs: Date.now() - t0,
  };
}

const gib = (n: number) => (n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(1)} GiB` : `${Math.max(1, Math.round(n / (1 << 20)))} MiB`);
