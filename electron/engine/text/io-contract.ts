// The decoder's I/O contract, derived from the graph itself (input/output names and shapes) with
// config.json filling in what the shapes leave symbolic. Data, not per-architecture code.
import type { InferenceSession } from 'onnxruntime-node';
import { AtelierError } from '../../../shared/errors';

export interface IoContract {
  layers: number;
  kvHeads: number;
  headDim: number;
  pastKey: string[];
  pastValue: string[];
  presentKey: string[];
  presentValue: string[];
  hasAttentionMask: boolean;
  hasPositionIds: boolean;
  hasUseCacheBranch: boolean;
  vocabSize: number;
  maxPositions: number;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** `madeInJs`: present outputs the loaded graph no longer has because the loop builds them (kv-in-place.ts). */
export function deriveIoContract(
  session: Pick<InferenceSession, 'inputNames' | 'outputNames' | 'inputMetadata'>,
  config: Record<string, unknown>,
  madeInJs: ReadonlySet<string> = new Set(),
): IoContract {
  const inputs = new Set(session.inputNames);
  const outputs = new Set(session.outputNames);
  if (!inputs.has('input_ids')) throw new AtelierError('MODEL_INVALID', `The ONNX graph has no input_ids input (inputs: ${session.inputNames.join(', ')})`);
  if (!outputs.has('logits')) throw new AtelierError('MODEL_INVALID', 'The ONNX graph has no logits output');
  const pastKey: string[] = [];
  for (const name of session.inputNames) {
    const m = /^past_key_values\.(\d+)\.key$/.exec(name);
    if (m) pastKey[Number(m[1])] = name;
  }
  const layers = pastKey.length;
  if (layers === 0) throw new AtelierError('MODEL_INVALID', 'The ONNX graph has no past_key_values inputs: export it with the KV cache (with-past)');
  const pastValue: string[] = [];
  const presentKey: string[] = [];
  const presentValue: string[] = [];
  for (let i = 0; i < layers; i++) {
    const names = [`past_key_values.${i}.key`, `past_key_values.${i}.value`, `present.${i}.key`, `present.${i}.value`];
    for (const n of names) {
      if (!inputs.has(n) && !outputs.has(n) && !madeInJs.has(n)) throw new AtelierError('MODEL_INVALID', `The ONNX graph lacks ${n}`);
    }
    pastValue.push(names[1] as string);
    presentKey.push(names[2] as string);
    presentValue.push(names[3] as string);
  }
  const meta = session.inputMetadata.find((m) => m.name === pastKey[0]);
  const shape = meta && meta.isTensor ? meta.shape : [];
  const heads = num(config.num_attention_heads) ?? num(config.n_head);
  const hidden = num(config.hidden_size) ?? num(config.n_embd);
  const kvHeads = num(shape[1]) ?? num(config.num_key_value_heads) ?? heads;
  const headDim = num(shape[3]) ?? num(config.head_dim) ?? (hidden && heads ? hidden / heads : undefined);
  if (!kvHeads || !headDim) throw new AtelierError('MODEL_INVALID', 'Cannot tell the KV-cache shape: config.json lacks num_attention_heads / hidden_size');
  const vocabSize = num(config.vocab_size);
  if (!vocabSize) throw new AtelierError('MODEL_INVALID', 'config.json lacks vocab_size');
  return {
    layers,
    kvHeads,
    headDim,
    pastKey,
    pastValue,
    presentKey,
    presentValue,
    hasAttentionMask: inputs.has('attention_mask'),
    hasPositionIds: inputs.has('position_ids'),
    hasUseCacheBranch: inputs.has('use_cache_branch'),
    vocabSize,
    maxPositions: num(config.max_position_embeddings) ?? num(config.n_positions) ?? num(config.n_ctx) ?? 2048,
  };
}
