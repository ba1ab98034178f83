// A tiny decoder folder (tests/fixtures/tiny-decoders.ts) laid out as a Hub repository serves it to
// the Hub stand-in: the small JSON files plainly, the tokenizer and the weights through LFS.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MimicFile } from './hub-mimic';

const PLAIN = ['config.json', 'generation_config.json', 'special_tokens_map.json', 'tokenizer_config.json'];

/** The repository's files: README.md (the model card), the configs, tokenizer.json and onnx/model.onnx. */
export function decoderRepoFiles(folder: string, readme: string): Record<string, MimicFile> {
  const read = (p: string) => new Uint8Array(readFileSync(join(folder, p)));
  return {
    'README.md': { content: new TextEncoder().encode(readme) },
    ...Object.fromEntries(PLAIN.map((p) => [p, { content: read(p) }])),
    'tokenizer.json': { content: read('tokenizer.json'), lfs: true },
    'onnx/model.onnx': { content: read('onnx/model.onnx'), lfs: true },
  };
}
