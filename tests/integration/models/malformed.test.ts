// The malformed inputs, each through models.import on a live core: every one is refused
// with MODEL_INVALID or BAD_INPUT and a message naming the file and the problem, the core keeps
// serving, and nothing in the library changes (no row, no folder, no half-copied staging folder).
import { cpSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/host/core';
import { Prng } from '../../../electron/engine/prng';
import { TINY_GPT2, TINY_LLAMA, writeDecoderFolder } from '../../fixtures/tiny-decoders';
import { writeTinySdFolder } from '../../fixtures/tiny-sd';
import { buildNoCacheLm, writeTinyGanFolder, writeTinyUpscalerFolder } from '../../fixtures/tiny-library';
import { tempDir } from '../../support/tmp';

let core: Core;
let root: string;
let outside: { dir: string; cleanup: () => void };
let cleanup: () => void;
const fx: Record<'gpt2' | 'llama' | 'sd' | 'gan' | 'up', string> = { gpt2: '', llama: '', sd: '', gan: '', up: '' };

beforeAll(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  root = realpathSync(t.dir);
  outside = tempDir('atelier-outside-');
  fx.gpt2 = join(root, 'fixtures/gpt2');
  fx.llama = join(root, 'fixtures/llama');
  fx.sd = join(root, 'fixtures/sd');
  fx.gan = join(root, 'fixtures/gan');
  fx.up = join(root, 'fixtures/up');
  writeDecoderFolder(fx.gpt2, TINY_GPT2);
  writeDecoderFolder(fx.llama, TINY_LLAMA);
  writeTinySdFolder(fx.sd);
  writeTinyGanFolder(fx.gan);
  writeTinyUpscalerFolder(fx.up);
  core = createCore({ dataDir: join(root, 'data'), transport: 'cli', runJobs: false, resourcesDir: join(root, 'no-resources'), importRoots: [root] });
});

afterAll(async () => {
  await core.close();
  outside.cleanup();
  cleanup();
});

let n = 0;
/** A fresh copy of a fixture folder to break. */
function variant(from: keyof typeof fx, edit: (dir: string) => void): string {
  const dir = join(root, 'cases', `case-${++n}`);
  cpSync(fx[from], dir, { recursive: true });
  edit(dir);
  return dir;
}
function folder(edit: (dir: string) => void): string {
  const dir = join(root, 'cases', `case-${++n}`);
  mkdirSync(dir, { recursive: true });
  edit(dir);
  return dir;
}

const libraryState = () => ({
  live: JSON.stringify(core.store.models.list()),
  trashed: JSON.stringify(core.store.models.list(true)),
  files: (() => {
    try {
      return readdirSync(join(root, 'data', 'models')).sort();
    } catch {
      return [];
    }
  })(),
});

async function refused(params: Record<string, unknown>, code: 'MODEL_INVALID' | 'BAD_INPUT', message: RegExp) {
  const before = libraryState();
  const reply = await core.call('models.import', { mode: 'reference', ...params });
  expect(reply.ok, JSON.stringify(reply)).toBe(false);
  if (reply.ok) return;
  expect(reply.error.code, reply.error.message).toBe(code);
  expect(reply.error.message).toMatch(message);
  expect(libraryState()).toEqual(before);
  // Still serving.
  expect((await core.call('projects.list', {})).ok).toBe(true);
}

describe('malformed model folders are refused with the file and the problem', () => {
  it('1 truncated .onnx (copy mode: no half-copied folder is left)', async () => {
    const dir = variant('gpt2', (d) => truncateSync(join(d, 'onnx/model.onnx'), 100_000));
    await refused({ path: dir, mode: 'copy' }, 'MODEL_INVALID', /^onnx\/model\.onnx: it is truncated: the file has 100000 bytes but the graph runs to byte \d+ \(an interrupted download or copy\?\) — copy onnx\/model\.onnx again from the same model repository, then import the folder again$/);
  });

  it('2 zero-byte .onnx', async () => {
    const dir = variant('gpt2', (d) => writeFileSync(join(d, 'onnx/model.onnx'), ''));
    await refused({ path: dir }, 'MODEL_INVALID', /^onnx\/model\.onnx: it is empty \(0 bytes\) — copy onnx\/model\.onnx again from the same model repository, then import the folder again$/);
  });

  it('3 random bytes instead of a model', async () => {
    const rng = new Prng(7);
    const dir = variant('gan', (d) => writeFileSync(join(d, 'generator.onnx'), Uint8Array.from({ length: 4096 }, () => Math.floor(rng.next() * 256))));
    await refused({ path: dir }, 'MODEL_INVALID', /^generator\.onnx: it is not an ONNX model/);
  });

  it('4 an image model imported as text', async () => {
    await refused({ path: fx.sd, kind: 'text' }, 'MODEL_INVALID', /sd is a diffusion pipeline \(model_index\.json\), not a text model/);
  });

  it('5 a text folder whose ONNX is an image model (UNet) has no input_ids', async () => {
    const dir = variant('gpt2', (d) => cpSync(join(fx.sd, 'unet/model.onnx'), join(d, 'onnx/model.onnx')));
    await refused({ path: dir }, 'MODEL_INVALID', /^onnx\/model\.onnx has no input 'input_ids' \(its inputs: sample, timestep, encoder_hidden_states\)/);
  });

  it('6 missing tokenizer.json', async () => {
    const dir = variant('gpt2', (d) => rmSync(join(d, 'tokenizer.json')));
    await refused({ path: dir }, 'MODEL_INVALID', /^tokenizer\.json is missing — a text model needs its tokenizer/);
  });

  it('7 tokenizer from another model (vocab size mismatch)', async () => {
    const dir = variant('llama', (d) => cpSync(join(fx.gpt2, 'tokenizer.json'), join(d, 'tokenizer.json')));
    await refused({ path: dir }, 'MODEL_INVALID', /^tokenizer\.json has 50257 tokens but config\.json says vocab_size 32000: the tokenizer belongs to another model/);
  });

  it('8 unsupported opset', async () => {
    const dir = folder((d) => writeTinyGanFolder(d, { opset: 27 }));
    await refused({ path: dir }, 'MODEL_INVALID', /^generator\.onnx uses opset 27; onnxruntime 1\.30\.0 supports opsets 7–26/);
  });

  it('9 wrong input names', async () => {
    const dir = folder((d) => writeTinyGanFolder(d, { latentName: 'latent' }));
    await refused({ path: dir }, 'MODEL_INVALID', /^generator\.onnx has no input 'z' \(its inputs: latent, class_id\)/);
  });

  it('10 an empty folder', async () => {
    const dir = folder(() => {});
    await refused({ path: dir }, 'MODEL_INVALID', /case-\d+ is empty: there is nothing to import/);
  });

  it('11 a folder of nothing useful (notes only)', async () => {
    const dir = folder((d) => writeFileSync(join(d, 'notes.txt'), 'hello'));
    await refused({ path: dir }, 'MODEL_INVALID', /has no model files \(no \.onnx, config\.json, model_index\.json or atelier\.json\)/);
  });

  it('12 a symlink loop inside the folder', async () => {
    const dir = variant('gan', (d) => symlinkSync('.', join(d, 'loop')));
    await refused({ path: dir }, 'BAD_INPUT', /^loop is a symlink loop \(it links back to /);
  });

  it('13 the path itself is a symlink loop', async () => {
    const a = join(root, 'cases', 'loop-a');
    const b = join(root, 'cases', 'loop-b');
    symlinkSync(b, a);
    symlinkSync(a, b);
    await refused({ path: a }, 'BAD_INPUT', /loop-a is a symlink loop/);
  });

  it('14 a path outside the allowed roots', async () => {
    writeTinyGanFolder(join(outside.dir, 'gan'));
    await refused({ path: join(outside.dir, 'gan') }, 'BAD_INPUT', /is outside the folders Atelier may import from/);
  });

  it('15 a link inside the folder that leads outside the allowed roots', async () => {
    writeFileSync(join(outside.dir, 'secret.txt'), 'x');
    const dir = variant('gan', (d) => symlinkSync(join(outside.dir, 'secret.txt'), join(d, 'notes.txt')));
    await refused({ path: dir }, 'BAD_INPUT', /^notes\.txt links to .*secret\.txt, outside the folders Atelier may import from/);
  });

  it('16 a path that does not exist, a file, a relative path', async () => {
    await refused({ path: join(root, 'nope') }, 'BAD_INPUT', /nope does not exist/);
    await refused({ path: join(fx.gan, 'atelier.json') }, 'BAD_INPUT', /atelier\.json is not a folder/);
    await refused({ path: 'fixtures/gan' }, 'BAD_INPUT', /must be absolute/);
  });

  it('17 weights that are not ONNX (safetensors) and ONNX with nothing saying what it is', async () => {
    await refused({ path: folder((d) => writeFileSync(join(d, 'model.safetensors'), 'x')) }, 'MODEL_INVALID', /^model\.safetensors is not an ONNX model/);
    await refused({ path: folder((d) => cpSync(join(fx.gan, 'generator.onnx'), join(d, 'model.onnx'))) }, 'MODEL_INVALID', /^model\.onnx: nothing in case-\d+ says what this model is/);
  });

  it('18 broken JSON: config.json and atelier.json', async () => {
    await refused({ path: variant('gpt2', (d) => writeFileSync(join(d, 'config.json'), '{"vocab_size": 50257,')) }, 'MODEL_INVALID', /^config\.json is not valid JSON/);
    await refused({ path: variant('gan', (d) => writeFileSync(join(d, 'atelier.json'), '{"kind": "video"}')) }, 'MODEL_INVALID', /^atelier\.json: "kind" must be "gan" or "upscaler" \(got "video"\)/);
  });

  it('19 a text model exported without its KV cache', async () => {
    const dir = variant('gpt2', (d) => writeFileSync(join(d, 'onnx/model.onnx'), buildNoCacheLm(50257)));
    await refused({ path: dir }, 'MODEL_INVALID', /^onnx\/model\.onnx: The ONNX graph has no past_key_values inputs: export it with the KV cache/);
  });

  it('20 a pipeline without its UNet', async () => {
    const dir = variant('sd', (d) => rmSync(join(d, 'unet'), { recursive: true }));
    await refused({ path: dir }, 'MODEL_INVALID', /^unet\/model\.onnx is missing — import the whole diffusers ONNX folder/);
  });

  it('21 a pipeline whose text encoder comes from another pipeline', async () => {
    const wide = join(root, 'fixtures/sd-wide');
    writeTinySdFolder(wide, { seed: 5, hidden: 64 });
    const dir = variant('sd', (d) => cpSync(join(wide, 'text_encoder/model.onnx'), join(d, 'text_encoder/model.onnx')));
    await refused({ path: dir }, 'MODEL_INVALID', /^unet\/model\.onnx expects 32-wide text embeddings but text_encoder\/model\.onnx gives 64/);
  });

  it('22 an upscaler whose card names an output the model does not have', async () => {
    const dir = folder((d) => writeTinyUpscalerFolder(d, { output: 'sr' }));
    await refused({ path: dir }, 'MODEL_INVALID', /^model\.onnx has no output 'sr' \(its outputs: upscaled\)/);
  });

  it('23 a GAN whose latent size disagrees with its card', async () => {
    const dir = folder((d) => writeTinyGanFolder(d, { latentDim: 8, cardLatentDim: 16 }));
    await refused({ path: dir }, 'MODEL_INVALID', /^generator\.onnx: z has 8 values but atelier\.json says latentDim 16/);
  });

  it('24 the library folder itself and a folder holding the data folder', async () => {
    mkdirSync(join(root, 'data', 'models'), { recursive: true });
    await refused({ path: join(root, 'data', 'models') }, 'BAD_INPUT', /inside the library's own folder/);
    await refused({ path: root }, 'BAD_INPUT', /contains Atelier's data folder/);
  });

  it('reports every problem, not just the first, in details', async () => {
    const dir = variant('llama', (d) => {
      cpSync(join(fx.gpt2, 'tokenizer.json'), join(d, 'tokenizer.json'));
      writeFileSync(join(d, 'onnx/model.onnx'), readFileSync(join(d, 'onnx/model.onnx')).subarray(0, 5000));
    });
    const reply = await core.call('models.import', { path: dir, mode: 'reference' });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.message).toMatch(/\(and 1 more problem\)$/);
    const problems = (reply.error.details as { problems: { file: string }[] }).problems;
    expect(problems.map((p) => p.file)).toEqual(['tokenizer.json', 'onnx/model.onnx']);
  });

  it('still imports the intact fixtures afterwards', async () => {
    for (const [key, kind] of [['gpt2', 'text'], ['gan', 'gan'], ['up', 'upscaler']] as const) {
      const reply = await core.call('models.import', { path: fx[key], mode: 'reference' });
      expect(reply.ok, JSON.stringify(reply)).toBe(true);
      if (reply.ok) expect(reply.result).toMatchObject({ kind, preflight: { status: 'ok', fit: 'fits' } });
    }
  });
});
