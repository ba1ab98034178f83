// One forward pass over a whole sequence from an empty cache: the logits the int8 quality checks
// (teacher-forced top-1, correlation with fp32) compare, in text-bench and text-ab.
import * as ort from 'onnxruntime-node';
import { KvCache } from '../../electron/engine/text/kv-cache';
import type { TextModel } from '../../electron/engine/text/text-model';

/** Logits at every position of `ids`: [ids.length × vocab]. */
export async function allLogits(model: TextModel, ids: number[]): Promise<Float32Array> {
  const n = ids.length;
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, (v) => BigInt(v)), [1, n]),
    ...KvCache.empty(model.io, 1).feeds(model.io),
  };
  if (model.io.hasAttentionMask) feeds.attention_mask = new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]);
  if (model.io.hasPositionIds) feeds.position_ids = new ort.Tensor('int64', BigInt64Array.from(ids, (_, i) => BigInt(i)), [1, n]);
  const out = await model.session.run(feeds, ['logits']);
  return (out.logits as ort.Tensor).data as Float32Array;
}
