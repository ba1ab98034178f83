// Reads a Hugging Face ONNX causal-LM folder: config, generation config, tokenizer files and the
// ONNX file to run. Missing or broken files are MODEL_INVALID with a message that says what to do.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AtelierError } from '../../../shared/errors';

export type Precision = 'fp32' | 'int8' | 'q4' | 'auto';

export interface TextModelFolder {
  dir: string;
  name: string;
  config: Record<string, unknown>;
  generationConfig: Record<string, unknown>;
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  onnxPath: string;
}

const ONNX_CANDIDATES: Record<Exclude<Precision, 'auto'>, string[]> = {
  fp32: ['model.onnx', 'decoder_model_merged.onnx', 'decoder_model.onnx'],
  int8: ['model_quantized.onnx', 'model_int8.onnx', 'decoder_model_merged_quantized.onnx', 'model_uint8.onnx'],
  q4: ['model_q4.onnx', 'model_q4f16.onnx', 'decoder_model_merged_q4.onnx'],
};

function readJson(dir: string, file: string, required: boolean, hint: string): Record<string, unknown> {
  const path = join(dir, file);
  if (!existsSync(path)) {
    if (!required) return {};
    throw new AtelierError('MODEL_INVALID', `This folder has no ${file} — ${hint}`);
  }
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (err) {
    throw new AtelierError('MODEL_INVALID', `${file} in ${basename(dir)} is not valid JSON (${(err as Error).message})`);
  }
}

export function findOnnx(dir: string, precision: Precision = 'auto'): string {
  const order = precision === 'auto' ? [...ONNX_CANDIDATES.fp32, ...ONNX_CANDIDATES.int8, ...ONNX_CANDIDATES.q4] : ONNX_CANDIDATES[precision];
  for (const sub of ['onnx', '.']) {
    for (const file of order) {
      const path = join(dir, sub, file);
      if (existsSync(path) && statSync(path).isFile()) return path;
    }
  }
  throw new AtelierError(
    'MODEL_INVALID',
    `No ${precision === 'auto' ? '' : `${precision} `}ONNX decoder found in ${basename(dir)} (looked for onnx/${order.join(', onnx/')})`,
  );
}

export function readTextModelFolder(dir: string, precision: Precision = 'auto'): TextModelFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new AtelierError('MODEL_INVALID', `Model folder not found: ${dir}`);
  const hint = 'import the whole model folder (config.json, tokenizer.json and onnx/)';
  return {
    dir,
    name: basename(dir),
    config: readJson(dir, 'config.json', true, hint),
    generationConfig: readJson(dir, 'generation_config.json', false, hint),
    tokenizerJson: readJson(dir, 'tokenizer.json', true, hint),
    tokenizerConfig: readJson(dir, 'tokenizer_config.json', false, hint),
    onnxPath: findOnnx(dir, precision),
  };
}
