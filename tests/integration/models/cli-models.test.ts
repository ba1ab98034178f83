// `atelier models …` as a user runs it: `npm run --silent atelier -- models …`. --json prints one
// JSON document; failures exit 1 with the problem on stderr; bad arguments exit 2.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/host/cli';
import { writeTinyGanFolder, writeTinyUpscalerFolder } from '../../fixtures/tiny-library';
import { ROOT } from '../../support/host-process';
import { realTempDir } from '../../support/tmp';

const { dir: root, cleanup } = realTempDir();
let data: string;

function atelier(args: string[]) {
  const r = spawnSync('npm', ['run', '--silent', 'atelier', '--', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const models = (...args: string[]) => atelier(['models', ...args, '--data', data]);

beforeAll(() => {
  data = join(root, 'data');
  writeTinyGanFolder(join(root, 'gan'));
  writeTinyUpscalerFolder(join(root, 'up'));
});
afterAll(cleanup);

describe('atelier models', () => {
  it('list --json prints an array of models with id, kind, name, sizeBytes and starter', () => {
    const r = models('list', '--json');
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(list.length).toBeGreaterThan(0);
    for (const m of list) {
      expect(m).toMatchObject({ id: expect.any(String), kind: expect.any(String), name: expect.any(String), sizeBytes: expect.any(Number), starter: true });
    }
  });

  it('imports (copy and --reference), verifies, removes; failures exit 1 with the problem on stderr', () => {
    const copy = models('import', join(root, 'gan'), '--name', 'Fashion GAN', '--json');
    expect(copy.code, copy.stderr).toBe(0);
    expect(JSON.parse(copy.stdout)).toMatchObject({ id: 'fashion-gan', kind: 'gan', starter: false, source: 'copy', dir: join(data, 'models/fashion-gan'), preflight: { status: 'ok', fit: 'fits' } });

    const ref = models('import', join(root, 'up'), '--reference', '--kind', 'upscaler', '--json');
    expect(ref.code, ref.stderr).toBe(0);
    expect(JSON.parse(ref.stdout)).toMatchObject({ id: 'up', kind: 'upscaler', source: 'reference', dir: join(root, 'up'), licence: 'apache-2.0' });

    const list = JSON.parse(models('list', '--json').stdout) as { id: string; starter: boolean; sizeBytes: number }[];
    expect(list.filter((m) => !m.starter).map((m) => m.id)).toEqual(['fashion-gan', 'up']);

    const ok = models('verify', 'up', '--json');
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ id: 'up', ok: true, problems: [] });

    writeFileSync(join(root, 'up/model.onnx'), 'not a model any more');
    const bad = models('verify', 'up', '--json');
    expect(bad.code).toBe(1);
    const verdict = JSON.parse(bad.stdout);
    expect(verdict).toMatchObject({ id: 'up', ok: false });
    expect(verdict.problems.map((p: { file: string }) => p.file)).toEqual(['model.onnx', 'model.onnx']);
    expect(bad.stderr).toMatch(/^atelier: up failed verification:\n {2}model\.onnx changed since import.*\n {2}model\.onnx: it is not an ONNX model/);
    expect(models('verify', 'up').stdout).toBe('up: 2 problems\n');

    const removed = models('remove', 'up', '--json');
    expect(removed.code, removed.stderr).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({ id: 'up', deletedAt: expect.any(Number) });
    expect((JSON.parse(models('list', '--trashed', '--json').stdout) as { id: string }[]).map((m) => m.id)).toEqual(['up']);

    const starter = models('remove', 'esrgan-x2');
    expect(starter.code).toBe(1);
    expect(starter.stderr).toBe("atelier: 'esrgan-x2' is a starter model; starter models cannot be removed\n");

    const empty = join(root, 'empty');
    spawnSync('mkdir', [empty]);
    const failed = models('import', empty, '--json');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toBe(`atelier: ${empty} is empty: there is nothing to import\n`);
  }, 180_000);

  it('exits 2 on bad arguments', async () => {
    const r = atelier(['models', 'import']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^atelier: models import needs a PATH\n/);
    for (const args of [
      ['models'],
      ['models', 'frobnicate'],
      ['models', 'verify'],
      ['models', 'verify', 'a', 'b'],
      ['models', 'verify', '../etc'],
      ['models', 'list', '--reference'],
      ['models', 'list', '--bogus'],
      ['models', 'import', root, '--kind', 'video'],
      ['models', 'import', root, '--name', '  '],
    ]) {
      const err: string[] = [];
      const out: string[] = [];
      const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
      expect(code, args.join(' ')).toBe(2);
      expect(err.join('\n')).toMatch(/^atelier: .+\nRun 'atelier models( \w+)? --help' for usage\.$/);
      expect(out).toEqual([]);
    }
  });
});
