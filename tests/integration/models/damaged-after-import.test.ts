// A model whose file was cut after it was imported by reference (the user's folder changed, a copy
// was interrupted) fails its generation with the file named and what to do, as the import itself
// would have said. Before the fix: "onnxruntime could not load the model: Failed to load model
// because protobuf parsing failed." — no file, no reason, no way out.
import { statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from '../../support/cli-main';
import { TINY_LLAMA, writeDecoderFolder } from '../../fixtures/tiny-decoders';
import { writeTinyGanFolder } from '../../fixtures/tiny-library';
import { realTempDir } from '../../support/tmp';

const { dir: root, cleanup } = realTempDir();
afterAll(cleanup);
const data = join(root, 'data');

const atelier = (...args: string[]) => runMain([...args, '--data', data]);

/** Cuts the file to half its size and says what the header check will report. */
function cut(file: string): string {
  const size = statSync(file).size;
  const half = Math.floor(size / 2);
  truncateSync(file, half);
  return `The model file ${file} cannot be loaded: it is truncated: the file has ${half} bytes but the graph runs to byte`;
}

const whatToDo = "Copy the model's files again, or import the model again (for an imported model, Verify on its row in Models, or 'atelier models verify ID', lists every file that changed).";

describe('a model file cut after the import', () => {
  it('a text model says which file is truncated and what to do', { timeout: 120_000 }, async () => {
    const folder = join(root, 'src', 'tiny-llama');
    writeDecoderFolder(folder, TINY_LLAMA);
    expect((await atelier('models', 'import', folder, '--reference')).code).toBe(0);
    const said = cut(join(folder, 'onnx', 'model.onnx'));

    const run = await atelier('generate', 'text', '--model', 'tiny-llama', '--prompt', 'Once', '--max-tokens', '2');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(said);
    expect(run.stderr).toContain(whatToDo);
    expect(run.stderr).not.toMatch(/protobuf/i);
  });

  it('a GAN says the same of its generator.onnx', { timeout: 120_000 }, async () => {
    const folder = join(root, 'src', 'tiny-gan');
    writeTinyGanFolder(folder);
    expect((await atelier('models', 'import', folder, '--reference')).code).toBe(0);
    const said = cut(join(folder, 'generator.onnx'));

    const run = await atelier('generate', 'image', '--model', 'tiny-gan', '--prompt', 'a shirt', '--out', join(root, 'shirt.png'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(said);
    expect(run.stderr).toContain(whatToDo);
  });
});
