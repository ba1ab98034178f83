// A loaded text model: tokenizer, warm session and I/O contract, with one forward step that
// feeds the KV cache and returns the last position's logits for every batch row.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import type { DeviceInfo } from '../../../shared/contract/generate';
import { createSession, type ProviderChoice } from '../runtime/sessions';
import { deriveIoContract, type IoContract } from './io-contract';
import { KvCache } from './kv-cache';
import { readTextModelFolder, type Precision } from './model-folder';
import { TextTokenizer } from './tokenizer';

export interface ForwardResult {
  /** [batch × vocab]: the logits at each row's last position. */
  logits: Float32Array;
  cache: KvCache;
}

export class TextModel {
  private constructor(
    readonly id: string,
    readonly name: string,
    readonly onnxPath: string,
    readonly sha256: string,
    readonly session: ort.InferenceSession,
    readonly io: IoContract,
    readonly tokenizer: TextTokenizer,
    readonly device: DeviceInfo,
  ) {}

  static async load(dir: string, opts: { id?: string; precision?: Precision; provider?: ProviderChoice } = {}): Promise<TextModel> {
    const folder = readTextModelFolder(dir, opts.precision);
    const tokenizer = new TextTokenizer(folder);
    const bytes = readFileSync(folder.onnxPath);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const { session, device } = await createSession(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), opts.provider);
    const io = deriveIoContract(session, folder.config);
    return new TextModel(opts.id ?? folder.name, folder.name, folder.onnxPath, sha256, session, io, tokenizer, device);
  }

  /**
   * Runs `rows` (equal length) after `cache`. Every row sees the whole cache (no padding: all
   * rows of a batch share their prefix length), so masks and positions are simple ranges.
   */
  async forward(rows: readonly (readonly number[])[], cache: KvCache): Promise<ForwardResult> {
    const batch = rows.length;
    const seq = rows[0]?.length ?? 0;
    const past = cache.length;
    const total = past + seq;
    const ids = new BigInt64Array(batch * seq);
    rows.forEach((r, b) => r.forEach((t, i) => (ids[b * seq + i] = BigInt(t))));
    const feeds: Record<string, ort.Tensor> = { input_ids: new ort.Tensor('int64', ids, [batch, seq]), ...cache.feeds(this.io) };
    if (this.io.hasAttentionMask) feeds.attention_mask = new ort.Tensor('int64', new BigInt64Array(batch * total).fill(1n), [batch, total]);
    if (this.io.hasPositionIds) {
      const pos = new BigInt64Array(batch * seq);
      for (let b = 0; b < batch; b++) for (let i = 0; i < seq; i++) pos[b * seq + i] = BigInt(past + i);
      feeds.position_ids = new ort.Tensor('int64', pos, [batch, seq]);
    }
    if (this.io.hasUseCacheBranch) feeds.use_cache_branch = new ort.Tensor('bool', [past > 0], [1]);
    const out = await this.session.run(feeds);
    const logits = out.logits as ort.Tensor;
    const vocab = logits.dims[2] as number;
    const all = logits.data as Float32Array;
    // One new token per row (every decode step): the output already is [batch × vocab].
    let last = all;
    if (seq !== 1) {
      last = new Float32Array(batch * vocab);
      for (let b = 0; b < batch; b++) last.set(all.subarray((b * seq + seq - 1) * vocab, (b * seq + seq) * vocab), b * vocab);
    }
    return { logits: last, cache: KvCache.fromOutputs(this.io, out, batch) };
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
