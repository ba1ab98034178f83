// The curated catalogue: ONNX exports known to match what Atelier's loaders read (a Hugging Face
// LM folder with onnx/*.onnx and tokenizer.json; a diffusers ONNX pipeline), each downloaded
// through the normal Hub download job with a file filter so only one precision is fetched.
//
// Sizes are the Hub's file listing for the filtered files (download size, decimal units) at the
// time the entry was written; a repository can change, so every size is shown as approximate and
// the download's own listing is what the disk-space check uses. Licences are the ones the model
// pages state (for an onnx-community export, the licence of the model it was converted from).
// One entry per repository: the library knows a download by repo@commit, not by file filter.
import type { ModelKind } from './contract/models';

export interface CatalogueEntry {
  /** Stable id of the entry (not the model id the library gives it). */
  id: string;
  name: string;
  kind: ModelKind;
  repo: string;
  revision: string;
  /** The files fetched (globs, as models.download takes them). */
  include: string[];
  /** Approximate download size in bytes (see the note above). */
  approxBytes: number;
  licence: string;
  /** What it is good for, in one line. */
  goodFor: string;
  /** Precision of the weights fetched. */
  quantisation: string;
  /** What is known about running it here, when it needs saying. */
  note: string | null;
}

const LM_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'README.md'];

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    id: 'smollm2-135m-instruct-q4',
    name: 'SmolLM2 135M Instruct (int4)',
    kind: 'text',
    repo: 'HuggingFaceTB/SmolLM2-135M-Instruct',
    revision: 'main',
    include: [...LM_FILES, 'onnx/model_q4.onnx'],
    approxBytes: 205_000_000,
    licence: 'apache-2.0',
    goodFor: 'The smallest instruct model: quick rewrites and short continuations on any CPU.',
    quantisation: 'q4',
    note: null,
  },
  {
    id: 'smollm2-360m-instruct-q4',
    name: 'SmolLM2 360M Instruct (int4)',
    kind: 'text',
    repo: 'HuggingFaceTB/SmolLM2-360M-Instruct',
    revision: 'main',
    include: [...LM_FILES, 'onnx/model_q4.onnx'],
    approxBytes: 422_000_000,
    licence: 'apache-2.0',
    goodFor: 'Better English prose and instruction following than 135M, still fast on a laptop CPU.',
    quantisation: 'q4',
    note: null,
  },
  {
    id: 'qwen2.5-0.5b-instruct-int8',
    name: 'Qwen2.5 0.5B Instruct (int8)',
    kind: 'text',
    repo: 'onnx-community/Qwen2.5-0.5B-Instruct',
    revision: 'main',
    include: [...LM_FILES, 'onnx/model_int8.onnx'],
    approxBytes: 520_000_000,
    licence: 'apache-2.0',
    goodFor: 'Multilingual instruct model with a 32k context: rewriting and continuing in many languages.',
    quantisation: 'int8',
    note: 'int8 (MatMulInteger) runs on the CPU; WebGPU is not offered for it.',
  },
  {
    id: 'sd-turbo-onnxruntime',
    name: 'SD-Turbo (ONNX Runtime export)',
    kind: 'diffusion',
    repo: 'onnxruntime/sd-turbo',
    revision: 'main',
    include: ['model_index.json', 'scheduler/**', 'tokenizer/**', 'text_encoder/**', 'unet/**', 'vae_decoder/**', 'vae_encoder/**', 'README.md', 'LICENSE'],
    approxBytes: 2_600_000_000,
    licence: 'sai-nc-community (non-commercial)',
    goodFor: 'One- to four-step 512×512 images from a prompt, and img2img variations.',
    quantisation: 'fp16',
    note: 'Optimised for GPUs (CUDA, DirectML); on a CPU each step takes seconds. Size not checked against the listing.',
  },
];

/** The library's source path of a model downloaded from `repo` starts with this. */
export const hubSourcePrefix = (repo: string): string => `hf://${repo}@`;
