// Deleting a model from the trash for good, with real files: a copy's folder goes (and the bytes
// the summary promised are the bytes it had), a folder imported in place is only forgotten (every
// file of the user's stays), starters and live models are refused, and a crash between the
// rename and the removal leaves nothing listed and nothing behind after the next start.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryModel, ModelDeleteSummary, ModelDetail } from '../../../shared/contract';
import { createCore, type Core } from '../../../electron/host/core';
import { main } from '../../../electron/host/cli';
import { writeTinyGanFolder, writeTinyUpscalerFolder } from '../../fixtures/tiny-library';
import { callOk as ok, callRefused as fails } from '../../support/core-calls';
import { realTempDir } from '../../support/tmp';

const { dir: root, cleanup } = realTempDir();
let resources: string;

function open(data = 'data'): Core {
  return createCore({ dataDir: join(root, data), transport: 'cli', runJobs: false, resourcesDir: resources, importRoots: [root] });
}

/** Every file under a folder with its size, relative paths sorted. */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out.push(`${rel}${e.name}:${statSync(join(d, e.name)).size}`);
    }
  };
  walk(dir, '');
  return out.sort();
}

beforeAll(() => {
  resources = join(root, 'resources');
  writeTinyUpscalerFolder(join(resources, 'models/tiny-x2'));
  writeTinyGanFolder(join(root, 'src/gan'));
  writeTinyUpscalerFolder(join(root, 'src/up'));
  writeFileSync(join(root, 'src/up/notes.txt'), 'mine\n');
});
afterAll(cleanup);

describe('delete a model for good', () => {
  it('removes a copied model’s folder and frees exactly the bytes it held', async () => {
    const core = open();
    try {
      const m = await ok<ModelDetail>(core, 'models.import', { path: join(root, 'src/gan'), name: 'Copied GAN' });
      const onDisk = listing(m.dir);
      const bytes = onDisk.reduce((n, l) => n + Number(l.split(':')[1]), 0);
      expect(bytes).toBeGreaterThan(0);

      // Only from the trash.
      expect(await fails(core, 'models.deleteSummary', { id: m.id })).toEqual({ code: 'CONFLICT', message: "'copied-gan' is not in the trash; move it to the trash first" });
      expect(await fails(core, 'models.deleteForever', { id: m.id })).toMatchObject({ code: 'CONFLICT' });
      expect(existsSync(m.dir)).toBe(true);

      await ok<LibraryModel>(core, 'models.remove', { id: m.id });
      const summary = await ok<ModelDeleteSummary>(core, 'models.deleteSummary', { id: m.id });
      expect(summary).toEqual({ id: 'copied-gan', name: 'Copied GAN', source: 'copy', dir: m.dir, removesFiles: true, files: onDisk.length, bytesFreed: bytes, missing: false });
      expect(existsSync(m.dir)).toBe(true);

      expect(await ok<ModelDeleteSummary>(core, 'models.deleteForever', { id: m.id })).toEqual(summary);
      expect(existsSync(m.dir)).toBe(false);
      expect(readdirSync(core.library.modelsDir)).toEqual([]);
      expect(await ok<LibraryModel[]>(core, 'models.list', { trashed: true })).toEqual([]);
      expect((await ok<LibraryModel[]>(core, 'models.list', {})).map((x) => x.id)).toEqual(['tiny-x2']);
      expect(await fails(core, 'models.get', { id: m.id })).toMatchObject({ code: 'NOT_FOUND' });
      // The source folder it was copied from is the user's and untouched.
      expect(listing(join(root, 'src/gan'))).toEqual(onDisk);
      // Its id is free again.
      expect((await ok<ModelDetail>(core, 'models.import', { path: join(root, 'src/gan'), name: 'Copied GAN' })).id).toBe('copied-gan');
    } finally {
      await core.close();
    }
  });

  it('only forgets a model read in place: the user’s folder keeps every file', async () => {
    const core = open('data-ref');
    try {
      const before = listing(join(root, 'src/up'));
      const m = await ok<ModelDetail>(core, 'models.import', { path: join(root, 'src/up'), mode: 'reference', name: 'In place' });
      await ok<LibraryModel>(core, 'models.remove', { id: m.id });
      const summary = await ok<ModelDeleteSummary>(core, 'models.deleteSummary', { id: m.id });
      expect(summary).toEqual({ id: 'in-place', name: 'In place', source: 'reference', dir: join(root, 'src/up'), removesFiles: false, files: 0, bytesFreed: 0, missing: false });
      expect(await ok<ModelDeleteSummary>(core, 'models.deleteForever', { id: m.id })).toEqual(summary);
      expect(listing(join(root, 'src/up'))).toEqual(before);
      expect(before).toContain('notes.txt:5');
      expect(await ok<LibraryModel[]>(core, 'models.list', { trashed: true })).toEqual([]);
      // Forgotten, so the same folder can be imported again (not "already in the library").
      expect((await ok<ModelDetail>(core, 'models.import', { path: join(root, 'src/up'), mode: 'reference', name: 'In place' })).id).toBe('in-place');
    } finally {
      await core.close();
    }
  });

  it('refuses starters and unknown ids, and changes nothing', async () => {
    const core = open('data-starter');
    try {
      const starterDir = join(resources, 'models/tiny-x2');
      const before = listing(starterDir);
      expect(await fails(core, 'models.deleteForever', { id: 'tiny-x2' })).toEqual({ code: 'CONFLICT', message: "'tiny-x2' is a starter model; starter models cannot be deleted" });
      expect(await fails(core, 'models.deleteSummary', { id: 'tiny-x2' })).toMatchObject({ code: 'CONFLICT' });
      expect(await fails(core, 'models.deleteForever', { id: 'nope' })).toMatchObject({ code: 'NOT_FOUND' });
      expect(await fails(core, 'models.deleteForever', { id: '../etc' })).toMatchObject({ code: 'BAD_INPUT' });
      expect(listing(starterDir)).toEqual(before);
      expect((await ok<LibraryModel[]>(core, 'models.list', {})).map((x) => x.id)).toEqual(['tiny-x2']);
    } finally {
      await core.close();
    }
  });

  it('sweeps a folder left mid-delete by a crash at the next start', async () => {
    const core = open('data-crash');
    const leftover = join(core.library.modelsDir, '.deleting-gone-0a0b0c0d');
    await core.close();
    mkdirSync(leftover, { recursive: true });
    writeFileSync(join(leftover, 'generator.onnx'), 'x');
    const again = open('data-crash');
    try {
      expect(existsSync(leftover)).toBe(false);
    } finally {
      await again.close();
    }
  });

  it('atelier models delete ID --yes deletes a trashed copy and says what was freed; without --yes nothing goes', async () => {
    const data = join(root, 'data-cli');
    const core = open('data-cli');
    let dir: string;
    try {
      dir = (await ok<ModelDetail>(core, 'models.import', { path: join(root, 'src/gan'), name: 'Cli GAN' })).dir;
      await ok<LibraryModel>(core, 'models.remove', { id: 'cli-gan' });
    } finally {
      await core.close();
    }
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) };
    const starter = await main(['models', 'delete', 'esrgan-x2', '--data', data], io);
    expect(starter).toBe(1);
    expect(err.join('\n')).toContain('starter models cannot be deleted');
    // Without --yes nothing goes: it says what would (exit 2, the usage code) and the folder stays.
    const refused = await main(['models', '--data', data, 'delete', 'cli-gan'], io);
    expect(refused).toBe(2);
    expect(err.join('\n')).toMatch(/This deletes cli-gan's \d+ files \([\d.]+ MiB\) in .+ for good; add --yes to go ahead/);
    expect(existsSync(dir)).toBe(true);
    const code = await main(['models', 'delete', 'cli-gan', '--yes', '--json', '--data', data], io);
    expect(code, err.join('\n')).toBe(0);
    expect(JSON.parse(out.at(-1) as string)).toMatchObject({ id: 'cli-gan', removesFiles: true, bytesFreed: expect.any(Number) });
    expect(existsSync(dir)).toBe(false);
  });
});
