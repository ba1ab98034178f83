// @huggingface/transformers (transformers.js) on the same model folder, offline, with its default
// session options — the peer our engine is compared against. dtype 'fp32' loads onnx/model.onnx,
// 'q8' loads onnx/model_quantized.onnx (its DEFAULT_DTYPE_SUFFIX_MAPPING: q8 → '_quantized').
import { basename, dirname } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';

type TjsModule = typeof import('@huggingface/transformers');

export interface PeerSampling {
  temperature: number;
  topK: number;
  topP: number;
  repetitionPenalty: number;
}

export class TransformersPeer {
  /** Milliseconds spent inside the ORT session's run since the last reset. */
  ortMs = 0;
  ortRuns = 0;

  private constructor(
    private readonly tjs: TjsModule,
    private readonly model: Awaited<ReturnType<TjsModule['AutoModelForCausalLM']['from_pretrained']>>,
  ) {
    const sessions = (model as unknown as { sessions: Record<string, InferenceSession> }).sessions;
    for (const session of Object.values(sessions)) {
      const run = session.run.bind(session);
      session.run = (async (...args: Parameters<InferenceSession['run']>) => {
        const t0 = performance.now();
        try {
          return await run(...args);
        } finally {
          this.ortMs += performance.now() - t0;
          this.ortRuns++;
        }
      }) as InferenceSession['run'];
    }
  }

  static async load(dir: string, dtype: 'fp32' | 'q8'): Promise<TransformersPeer> {
    const tjs = await import('@huggingface/transformers');
    tjs.env.allowRemoteModels = false;
    tjs.env.allowLocalModels = true;
    tjs.env.localModelPath = `${dirname(dir)}/`;
    tjs.env.useFSCache = false;
    const model = await tjs.AutoModelForCausalLM.from_pretrained(basename(dir), { dtype, device: 'cpu' });
    return new TransformersPeer(tjs, model);
  }

  resetCounters(): void {
    this.ortMs = 0;
    this.ortRuns = 0;
  }

  /** Generates up to maxNew tokens after `promptIds`; greedy unless `sampling` is given. Returns the new ids. */
  async generate(promptIds: readonly number[], maxNew: number, sampling?: PeerSampling): Promise<number[]> {
    const { Tensor } = this.tjs;
    const n = promptIds.length;
    const input_ids = new Tensor('int64', BigInt64Array.from(promptIds, (v) => BigInt(v)), [1, n]);
    const attention_mask = new Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]);
    const options = sampling
      ? {
          do_sample: true,
          temperature: sampling.temperature,
          top_k: sampling.topK,
          top_p: sampling.topP,
          repetition_penalty: sampling.repetitionPenalty,
        }
      : { do_sample: false };
    const out = (await this.model.generate({ input_ids, attention_mask, max_new_tokens: maxNew, ...options })) as { data: BigInt64Array };
    return Array.from(out.data, Number).slice(n);
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}
