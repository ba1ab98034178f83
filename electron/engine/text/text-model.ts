// A loaded text model: tokenizer, warm session and I/O contract, with one forward step that
// feeds the KV cache and returns the last position's logits for every batch row.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { DeviceInfo } from '../../../shared/contract/generate';
import { damagedModelFile } from '../runtime/load-failure';
import { reportLoadStage } from '../runtime/load-progress';
import { rememberSha256 } from '../runtime/optimized-cache';
import { createSession, type ProviderChoice, type ProviderPlan } from '../runtime/sessions';
import { deriveIoContract, type IoContract } from './io-contract';
import { KvCache } from './kv-cache';
import { findKvDeltas, kvDeltaSuffix, type KvDeltaNames } from './kv-delta-outputs';
import { blankFields, planKvInPlace } from './kv-in-place';
import { KvWorkspace } from './kv-workspace';
import { logitSummarySuffix, readSummary, SUMMARY_OUTPUTS, type LogitSummary } from './logit-summary';
import { readTextModelFolder, type Precision } from './model-folder';
import { TextTokenizer } from './tokenizer';

export interface ForwardResult {
  /** [batch × vocab]: the logits at each row's last position. */
  logits: Float32Array;
  cache: KvCache;
}

/** Free KV slots a workspace adds at a time when the graph honours the attention mask over the past. */
const KV_CHUNK = 16;

/** The largest decode workspace a model keeps between generations for the next one to reuse. */
const SPARE_KV_BYTES = 256 * 1024 * 1024;

export class TextModel {
  private spareKv: KvWorkspace | null = null;
  private chunk: Promise<number> | null = null;

  private constructor(
    readonly id: string,
    readonly name: string,
    readonly onnxPath: string,
    readonly sha256: string,
    readonly session: ort.InferenceSession,
    readonly io: IoContract,
    readonly tokenizer: TextTokenizer,
    readonly device: DeviceInfo,
    /** The graph's new-K/V outputs when exposed (decode steps fetch only these and the logits). */
    readonly deltas: KvDeltaNames | null,
    /** Whether steps also get each row's top logits and normaliser from the graph (logit-summary.ts). */
    readonly summary: boolean,
    /** Whether attention reads the past in place (kv-in-place.ts): the graph has no present outputs. */
    readonly kvInPlace: boolean,
    /** Why not, when it does not. */
    readonly kvInPlaceReason: string | null,
  ) {}

  static async load(
    dir: string,
    opts: { id?: string; precision?: Precision; provider?: ProviderChoice | ProviderPlan; kvInPlace?: boolean; groupHeads?: boolean } = {},
  ): Promise<TextModel> {
    const folder = readTextModelFolder(dir, opts.precision);
    const tokenizer = new TextTokenizer(folder);
    const read = await readModelFile(folder.onnxPath);
    const { file, sha256 } = read;
    // The optimised-graph cache keys on the bytes onnxruntime gets: the file's hash is known already.
    rememberSha256(file, sha256);
    let deltas: KvDeltaNames | null = null;
    try {
      deltas = findKvDeltas(file);
    } catch {
      // Not a graph this scan understands: load it as it is (onnxruntime reports real damage).
    }
    const deltaSuffix = deltas ? kvDeltaSuffix(deltas) : null;
    // The top-5 summary rides on the delta path (the decode loop that fetches only what it needs).
    let summarySuffix: Uint8Array | null = null;
    try {
      summarySuffix = deltaSuffix ? logitSummarySuffix(file) : null;
    } catch {
      // Not a header this scan understands: the JS scan gives the alternatives.
    }
    const outputs = deltaSuffix && summarySuffix ? concat(deltaSuffix, summarySuffix) : deltaSuffix;
    const inPlace =
      opts.kvInPlace === false ? { reason: 'turned off' } : deltas ? planKvInPlace(file, deltas, { groupHeads: opts.groupHeads }) : { reason: 'the presents are not Concat(past, new) (a fused attention op, a merged decoder or a float16 cache)' };
    let inPlaceReason = 'reason' in inPlace ? inPlace.reason : null;

    // The ways to load, best first: attention in place (with the added outputs), the added outputs
    // alone, the file as it is. What onnxruntime refuses falls through to the next.
    const attempts: { bytes: () => Uint8Array; undo?: () => void; deltas: boolean; summary: boolean; inPlace: readonly string[] | null }[] = [];
    if (!('reason' in inPlace) && outputs) {
      const plan = inPlace;
      let undo: () => void = () => {};
      attempts.push({
        bytes: () => {
          undo = blankFields(file, plan.blank);
          return read.withSuffix(concat(plan.suffix, outputs), plan.blank);
        },
        undo: () => undo(),
        deltas: true,
        summary: summarySuffix !== null,
        inPlace: plan.removedOutputs,
      });
    }
    if (outputs) attempts.push({ bytes: () => read.withSuffix(outputs), deltas: true, summary: summarySuffix !== null, inPlace: null });
    attempts.push({ bytes: () => file, deltas: false, summary: false, inPlace: null });
    let loaded: { session: ort.InferenceSession; device: DeviceInfo } | null = null;
    let used = attempts[0] as (typeof attempts)[number];
    for (const [i, attempt] of attempts.entries()) {
      used = attempt;
      try {
        loaded = await createSession(attempt.bytes(), opts.provider);
        break;
      } catch (err) {
        attempt.undo?.();
        // The added outputs are ours: if onnxruntime refuses them, load the file as it is; if it
        // refuses that too, a file damaged since the import is named as such.
        if (i === attempts.length - 1) throw damagedModelFile(folder.onnxPath) ?? err;
        if (attempt.inPlace) inPlaceReason = `onnxruntime refused the rewritten graph (${(err as Error).message.split('\n')[0]})`;
      }
    }
    const { session, device } = loaded as { session: ort.InferenceSession; device: DeviceInfo };
    // The loaded bytes stay as loaded (blanked keys and all): a session that fails its first run is
    // opened again from them on the next provider (sessions.ts), and must get the same graph.
    if (!used.inPlace && inPlaceReason && inPlaceReason !== 'turned off') process.stderr.write(`[text] ${folder.name}: attention keeps the present Concat: ${inPlaceReason}\n`);
    const repeated = used.inPlace && !('reason' in inPlace) ? inPlace.headsRepeated : null;
    if (repeated && opts.groupHeads !== false) process.stderr.write(`[text] ${folder.name}: attention repeats the K/V heads on the past every step: ${repeated}\n`);
    const io = deriveIoContract(session, folder.config, new Set(used.inPlace ?? []));
    return new TextModel(
      opts.id ?? folder.name,
      folder.name,
      folder.onnxPath,
      sha256,
      session,
      io,
      tokenizer,
      device,
      used.deltas ? deltas : null,
      used.summary,
      used.inPlace !== null,
      used.inPlace ? null : inPlaceReason,
    );
  }

  /**
   * Runs `rows` (equal length) after `cache`. Every row sees the whole cache (no padding: all
   * rows of a batch share their prefix length), so masks and positions are simple ranges.
   * Fetches the whole present cache: for code that works on KvCache values (beam search).
   */
  async forward(rows: readonly (readonly number[])[], cache: KvCache): Promise<ForwardResult> {
    const batch = rows.length;
    const seq = rows[0]?.length ?? 0;
    const feeds = this.feedsFor(rows, cache.length, cache.length, cache.feeds(this.io));
    if (this.kvInPlace && this.deltas) {
      // The graph has no presents: the new positions are appended to a copy of the past here.
      const d = this.deltas;
      const out = await this.session.run(feeds, ['logits', ...d.key, ...d.value]);
      const data = (names: string[]) => names.map((n) => (out[n] as ort.Tensor).data as Float32Array);
      return { logits: lastPositions(out.logits as ort.Tensor, batch, seq), cache: cache.appended(data(d.key), data(d.value), seq) };
    }
    const out = await this.session.run(feeds, this.presentFetches);
    return { logits: lastPositions(out.logits as ort.Tensor, batch, seq), cache: KvCache.fromOutputs(this.io, out, batch) };
  }

  /**
   * One decode step: a token per row of `kv`, which grows in place by one position. Returns the
   * logits, [batch × vocab].
   */
  async step(tokens: readonly number[], kv: KvWorkspace): Promise<Float32Array> {
    return this.extend(
      tokens.map((t) => [t]),
      kv,
    );
  }

  /**
   * Runs `rows` (equal length, one per row of `kv`) after the workspace's positions, which grows
   * in place by that many. Returns the logits at each row's last position, [batch × vocab].
   */
  async extend(rows: readonly (readonly number[])[], kv: KvWorkspace): Promise<Float32Array> {
    return (await this.extendWithSummary(rows, kv)).logits;
  }

  /** extend(), with each row's top logits and normaliser when the graph gives them (else null). */
  async extendWithSummary(rows: readonly (readonly number[])[], kv: KvWorkspace): Promise<{ logits: Float32Array; summary: LogitSummary | null }> {
    const batch = rows.length;
    const seq = rows[0]?.length ?? 0;
    if (batch !== kv.batch) throw new Error(`${batch} rows for a ${kv.batch}-row cache`);
    const past = kv.length;
    const feeds = this.feedsFor(rows, past, kv.pastSlots, kv.feeds(this.io), kv.attentionMask(seq));
    if (!this.deltas) {
      const out = await this.session.run(feeds, this.presentFetches);
      const data = (names: string[]) => names.map((n) => (out[n] as ort.Tensor).data as Float32Array);
      kv.replace(data(this.io.presentKey), data(this.io.presentValue), past + seq);
      return { logits: lastPositions(out.logits as ort.Tensor, batch, seq), summary: null };
    }
    const d = this.deltas;
    const out = await this.session.run(feeds, ['logits', ...(this.summary ? SUMMARY_OUTPUTS : []), ...d.key, ...d.value]);
    const data = (names: string[]) => names.map((n) => (out[n] as ort.Tensor).data as Float32Array);
    kv.append(data(d.key), data(d.value), seq);
    return { logits: lastPositions(out.logits as ort.Tensor, batch, seq), summary: this.summary ? readSummary(out as Record<string, ort.Tensor>, batch) : null };
  }

  /** Feeds for `rows` at positions `past`…, after a cache laid out with `slots` positions (masked beyond `past`). */
  private feedsFor(rows: readonly (readonly number[])[], past: number, slots: number, cache: Record<string, ort.Tensor>, mask?: BigInt64Array): Record<string, ort.Tensor> {
    const batch = rows.length;
    const seq = rows[0]?.length ?? 0;
    const total = slots + seq;
    const ids = new BigInt64Array(batch * seq);
    rows.forEach((r, b) => r.forEach((t, i) => (ids[b * seq + i] = BigInt(t))));
    const feeds: Record<string, ort.Tensor> = { input_ids: new ort.Tensor('int64', ids, [batch, seq]), ...cache };
    if (slots !== past && !this.io.hasAttentionMask) throw new Error('free KV slots need an attention mask');
    if (this.io.hasAttentionMask) feeds.attention_mask = new ort.Tensor('int64', mask ?? new BigInt64Array(batch * total).fill(1n), [batch, total]);
    if (this.io.hasPositionIds) {
      const pos = new BigInt64Array(batch * seq);
      for (let b = 0; b < batch; b++) for (let i = 0; i < seq; i++) pos[b * seq + i] = BigInt(past + i);
      feeds.position_ids = new ort.Tensor('int64', pos, [batch, seq]);
    }
    if (this.io.hasUseCacheBranch) feeds.use_cache_branch = new ort.Tensor('bool', [slots > 0], [1]);
    return feeds;
  }

  /**
   * How many KV slots a decode workspace adds at a time: KV_CHUNK where free slots may sit in the
   * past masked out (an append then writes into them instead of moving the whole cache), else 1.
   * Checked once, on the graph itself: a step after a past whose masked slots hold other tokens'
   * keys and values must give the logits of the same step after the dense past — within 1e-4, or,
   * for kernels that requantize activations (int8 MatMulNBits turns float noise of 1e-7 into about
   * 1% of the logits' range), within 5% and 10× closer than the same step with those slots visible.
   */
  kvChunk(): Promise<number> {
    this.chunk ??= this.probeMaskedSlots().catch(() => 1);
    return this.chunk;
  }

  private async probeMaskedSlots(): Promise<number> {
    if (!this.deltas || !this.io.hasAttentionMask || !this.io.hasPositionIds) return 1;
    const ids = [1, 2, 3, 4, 5].map((t) => t % this.io.vocabSize);
    const dense = KvWorkspace.prepare(this.io, 1, 8, null, () => null, 1);
    await this.extend([ids.slice(0, 2)], dense);
    const want = await this.extend([[ids[4] as number]], dense);
    // Four positions laid out in eight slots, rewound to two: slots 2–3 keep tokens 3–4's keys, 4–7 zeros.
    const padded = KvWorkspace.prepare(this.io, 1, 8, null, () => null, 8);
    await this.extend([ids.slice(0, 4)], padded);
    padded.rewindTo(2);
    if (padded.pastSlots !== 8) return 1;
    const rows = [[ids[4] as number]];
    const visible = new BigInt64Array(9).fill(1n);
    const seen = await this.session.run(this.feedsFor(rows, 2, 8, padded.feeds(this.io), visible), ['logits']);
    const got = await this.extend(rows, padded);
    const distance = (other: Float32Array) => want.reduce((d, v, i) => Math.max(d, Math.abs(v - (other[i] as number))), 0);
    const scale = want.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
    const diff = distance(got);
    const exact = diff <= 1e-4 * scale;
    const close = diff <= 0.05 * scale && diff * 10 <= distance((seen.logits as ort.Tensor).data as Float32Array);
    return exact || close ? KV_CHUNK : 1;
  }

  /** A finished generation's workspace, for the next one's buffers (taken: no one else gets it). */
  takeSpareKv(): KvWorkspace | null {
    const spare = this.spareKv;
    this.spareKv = null;
    return spare;
  }

  /** Keeps a workspace whose loop has finished, when its buffers are worth reusing. */
  keepSpareKv(kv: KvWorkspace): void {
    if (kv.reusable && kv.bytes <= SPARE_KV_BYTES && kv.bytes > (this.spareKv?.bytes ?? 0)) this.spareKv = kv;
  }

  /** The graph's own outputs (not the added new-K/V ones). */
  private get presentFetches(): string[] {
    return ['logits', ...this.io.presentKey, ...this.io.presentValue];
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

/** [batch × vocab]: each row's logits at its last position (a decode step's output already is). */
function lastPositions(logits: ort.Tensor, batch: number, seq: number): Float32Array {
  const all = logits.data as Float32Array;
  if (seq === 1) return all;
  const vocab = logits.dims[2] as number;
  const last = new Float32Array(batch * vocab);
  for (let b = 0; b < batch; b++) last.set(all.subarray((b * seq + seq - 1) * vocab, (b * seq + seq) * vocab), b * vocab);
  return last;
}

/** Spare bytes read behind the model for the added outputs' protobuf suffix. */
const SUFFIX_ROOM = 256 * 1024;
const READ_CHUNK = 8 * 2 ** 20;

interface ModelFile {
  /** The file's bytes (a view of a buffer with room behind it for a suffix). */
  file: Uint8Array;
  sha256: string;
  /**
   * The file's bytes followed by `suffix`, in the same buffer (a large model is not copied a second
   * time), its sha256 made known to the optimised-graph cache. `blanked`: field keys changed in the
   * file's bytes (kv-in-place.ts), which the cache key then names.
   */
  withSuffix(suffix: Uint8Array, blanked?: readonly number[]): Uint8Array;
}

/** Reads and hashes the model file once, with room behind it for added outputs and nodes. */
async function readModelFile(path: string): Promise<ModelFile> {
  const fh = await open(path, 'r');
  let buf: Uint8Array;
  let size: number;
  const hash = createHash('sha256');
  try {
    size = (await fh.stat()).size;
    buf = Buffer.allocUnsafe(size + SUFFIX_ROOM);
    let at = 0;
    // In chunks, hashed as they come: the waiting job sees "Checking model files" advance.
    reportLoadStage('checking', { file: basename(path), bytesDone: 0, bytesTotal: size });
    while (at < size) {
      const { bytesRead } = await fh.read(buf, at, Math.min(READ_CHUNK, size - at), at);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(at, at + bytesRead));
      at += bytesRead;
      reportLoadStage('checking', { file: basename(path), bytesDone: at, bytesTotal: size });
    }
  } finally {
    await fh.close();
  }
  // The bytes with a suffix hash as the file's bytes then the suffix: carry on from a copy (the
  // optimised-graph cache keys on them; hashing them again would stall the load unreported).
  const prefix = hash.copy();
  const sha256 = hash.digest('hex');
  return {
    file: buf.subarray(0, size),
    sha256,
    withSuffix(suffix, blanked) {
      if (suffix.length > SUFFIX_ROOM) throw new Error(`added graph parts of ${suffix.length} bytes`);
      buf.set(suffix, size);
      const bytes = buf.subarray(0, size + suffix.length);
      // Blanked keys are not hashed again: the key names the file, the blanked offsets and the suffix.
      const key = blanked?.length
        ? createHash('sha256').update(`${sha256}\u0000blanked ${blanked.join(',')}\u0000`).update(suffix).digest('hex')
        : prefix.copy().update(suffix).digest('hex');
      rememberSha256(bytes, key);
      return bytes;
    },
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
