// `atelier generate text|image --model ID` finds a model imported into the data folder's library
// (`atelier models import`), as the studio does. Before the fix generate looked only at the
// starters and --models folders: "No model 'tiny-llama' (available: starter-text)", exit 1,
// right after `models import` had said "Imported 'tiny-llama'".
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from '../support/cli-main';
import { TINY_LLAMA, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { writeTinyGanFolder } from '../fixtures/tiny-library';
import { realTempDir } from '../support/tmp';

const { dir: root, cleanup } = realTempDir();
afterAll(cleanup);
const data = join(root, 'data');

const atelier = (...args: string[]) => runMain(args);

describe('generate --model ID from the library', () => {
  it('generates text and images with imported models by id, and refuses what is not one clearly', { timeout: 180_000 }, async () => {
    writeDecoderFolder(join(root, 'src', 'tiny-llama'), TINY_LLAMA);
    writeTinyGanFolder(join(root, 'src', 'tiny-gan'));
    expect((await atelier('models', 'import', join(root, 'src', 'tiny-llama'), '--data', data)).code).toBe(0);
    expect((await atelier('models', 'import', join(root, 'src', 'tiny-gan'), '--data', data)).code).toBe(0);

    const text = await atelier('generate', 'text', '--model', 'tiny-llama', '--prompt', 'Once', '--max-tokens', '3', '--top-k', '1', '--json', '--data', data);
    expect(text.code, text.stderr).toBe(0);
    expect(JSON.parse(text.stdout)).toMatchObject({ tokens: 3, recipe: { model: { id: 'tiny-llama' } } });

    const png = join(root, 'gan.png');
    const image = await atelier('generate', 'image', '--model', 'tiny-gan', '--prompt', 'a shirt', '--seed', '1', '--out', png, '--json', '--data', data);
    expect(image.code, image.stderr).toBe(0);
    expect(JSON.parse(image.stdout)).toMatchObject({ files: [png], recipe: { model: { id: 'tiny-gan', kind: 'gan' } } });

    const refusals: [string[], string][] = [
      [['text', '--model', 'nope'], "--model: No model 'nope' (available: starter-text, tiny-llama)"],
      [['text', '--model', 'tiny-gan'], "--model: 'tiny-gan' is a gan model; this needs a text model"],
      [['text', '--model', 'esrgan-x2'], "--model: 'esrgan-x2' is an upscaler model; this needs a text model"],
      [['text', '--model', root], `--model: ${root} is not a model folder (no config.json, model_index.json or atelier.json in it)`],
      [['text', '--model', join(root, 'gone')], `--model: there is no folder ${join(root, 'gone')}`],
    ];
    for (const [args, message] of refusals) {
      const r = await atelier('generate', ...args, '--prompt', 'x', '--data', data);
      expect(r, args.join(' ')).toEqual({ code: 2, stdout: '', stderr: `atelier: ${message}\nRun 'atelier generate text --help' for usage.` });
    }
    expect((await atelier('models', 'remove', 'tiny-llama', '--data', data)).code).toBe(0);
    const trashed = await atelier('generate', 'text', '--model', 'tiny-llama', '--prompt', 'x', '--data', data);
    expect(trashed.code).toBe(2);
    expect(trashed.stderr).toContain("--model: 'tiny-llama' is in the models trash; restore it first (atelier models restore tiny-llama)");
  });
});
