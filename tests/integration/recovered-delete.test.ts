// Deleting what start-up set aside in recovered/: never automatic, only through
// system.deleteRecovered (the status panel's confirm, `atelier recovered delete --yes`), and only
// when the folders still hold exactly what the user was shown. Real folders on disk, the real
// core and CLI; a model folder an interrupted import left is moved there by the real start-up.
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeleteRecoveredResult, RecoveredFolder, SystemStatus } from '../../shared/contract';
import { main } from '../../electron/host/cli';
import { createCore, type Core } from '../../electron/host/core';
import { openStore } from '../../electron/store';
import { tempDir } from '../support/tmp';

const t = tempDir('atelier-recovered-delete-');
const data = join(t.dir, 'data');
const OLD = '2026-11-01T09-30-00Z';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(992, 7)]); // 1000 bytes
let core: Core;
let version: string;

async function call<T>(method: string, params: unknown): Promise<{ ok: true; result: T } | { ok: false; error: { code: string; message: string } }> {
  return (await core.call(method, params)) as never;
}
const recovered = async () => ((await call<SystemStatus>('system.status', {})) as { result: SystemStatus }).result.recovered;

beforeAll(() => {
  const store = openStore(data);
  const project = store.projects.create('Kept');
  const doc = store.documents.create(project.id, 'text', 'Chapter');
  version = store.history.commitText(doc.id, [], 'Nothing here is touched', 'user').id;
  store.close();
  // An older start-up's folder: an image no version referred to, and a link to a file outside
  // (deleting the folder must remove the link, never what it points at).
  writeFileSync(join(t.dir, 'outside.txt'), 'the user keeps this');
  mkdirSync(join(data, 'recovered', OLD), { recursive: true });
  writeFileSync(join(data, 'recovered', OLD, `${'a'.repeat(64)}.png`), PNG);
  symlinkSync(join(t.dir, 'outside.txt'), join(data, 'recovered', OLD, 'link-to-outside'));
  // A model folder an interrupted import left: this start-up moves it to recovered/<now>/models/.
  mkdirSync(join(data, 'models', 'half-imported'), { recursive: true });
  writeFileSync(join(data, 'models', 'half-imported', 'model.onnx'), 'weights'); // 7 bytes
  writeFileSync(join(data, 'models', 'half-imported', 'config.json'), '{}'); // 2 bytes
  core = createCore({ dataDir: data, transport: 'cli', runJobs: false });
});

afterAll(async () => {
  await core?.close();
  t.cleanup();
});

describe('deleting recovered files', () => {
  let folders: RecoveredFolder[];

  it('lists each folder with its name, items and size on disk', async () => {
    folders = await recovered();
    expect(folders).toHaveLength(2);
    const [fresh, old] = folders as [RecoveredFolder, RecoveredFolder];
    expect(old).toMatchObject({ name: OLD, path: join(data, 'recovered', OLD), items: 2, at: Date.parse('2026-11-01T09:30:00Z') });
    expect(old.bytes).toBe(1000 + Buffer.byteLength(join(t.dir, 'outside.txt'))); // the link is its own size
    expect(fresh.items).toBe(1); // the model folder counts as one
    expect(fresh.bytes).toBe(9);
    expect(readFileSync(join(fresh.path, 'models', 'half-imported', 'model.onnx'), 'utf8')).toBe('weights');
  });

  it('refuses bad names, unknown folders and a stale confirm, deleting nothing', async () => {
    for (const name of ['..', '.', '../artifacts', '/etc', 'a\\b', '']) {
      const r = await call('system.deleteRecovered', { folders: [name], items: 0, bytes: 0 });
      expect(r.ok ? 'ok' : r.error.code, name).toBe('BAD_INPUT');
    }
    const dup = await call('system.deleteRecovered', { folders: [OLD, OLD], items: 4, bytes: 2000 });
    expect(dup.ok ? 'ok' : dup.error.code).toBe('BAD_INPUT');
    const missing = await call('system.deleteRecovered', { folders: ['2020-01-01T00-00-00Z'], items: 0, bytes: 0 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // "artifacts" exists in the data folder but is not a recovered folder.
    const outside = await call('system.deleteRecovered', { folders: ['artifacts'], items: 0, bytes: 0 });
    expect(outside).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const old = folders.find((f) => f.name === OLD)!;
    // The confirm showed one size; something was added since: refused with the new figures.
    writeFileSync(join(old.path, 'late.png'), PNG);
    const stale = await call('system.deleteRecovered', { folders: [OLD], items: old.items, bytes: old.bytes });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((stale as { error: { message: string } }).error.message).toBe(
      'The recovered files changed since you looked: the folder now holds 3 items (2.0 KiB), not 2 items (1.0 KiB). Nothing was deleted; look again first.',
    );
    expect(readdirSync(old.path).sort()).toEqual([`${'a'.repeat(64)}.png`, 'late.png', 'link-to-outside']);
    expect((await recovered()).length).toBe(2);
  });

  it('deletes exactly the confirmed folders, never a link target, the database or the artifacts', async () => {
    const now = await recovered();
    const old = now.find((f) => f.name === OLD)!;
    const done = await call<DeleteRecoveredResult>('system.deleteRecovered', { folders: [OLD], items: old.items, bytes: old.bytes });
    expect(done).toEqual({ ok: true, result: { folders: 1, items: 3, bytes: old.bytes, failed: [] } });
    expect(existsSync(old.path)).toBe(false);
    expect(readFileSync(join(t.dir, 'outside.txt'), 'utf8')).toBe('the user keeps this');
    // The other folder was not named, so it stays.
    const left = await recovered();
    expect(left.map((f) => f.items)).toEqual([1]);
    expect(readFileSync(join(left[0]!.path, 'models', 'half-imported', 'model.onnx'), 'utf8')).toBe('weights');
    expect(core.store.history.get(version).text).toBe('Nothing here is touched');
  });
});

describe('atelier recovered', () => {
  async function atelier(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  const cliData = join(t.dir, 'cli-data');

  beforeAll(() => {
    openStore(cliData).close();
    mkdirSync(join(cliData, 'recovered', OLD), { recursive: true });
    writeFileSync(join(cliData, 'recovered', OLD, 'orphan.png'), PNG);
    writeFileSync(join(cliData, 'recovered', OLD, 'other.png'), PNG.subarray(0, 500));
  });

  it('lists, refuses to delete without --yes (naming count and size), then deletes with it', async () => {
    const list = await atelier('recovered', 'list', '--data', cliData);
    expect(list).toMatchObject({ code: 0, out: `${join(cliData, 'recovered', OLD)}  2 items, 1.5 KiB` });
    const json = JSON.parse((await atelier('recovered', 'list', '--json', '--data', cliData)).out) as RecoveredFolder[];
    expect(json).toEqual([{ path: join(cliData, 'recovered', OLD), name: OLD, items: 2, bytes: 1500, at: Date.parse('2026-11-01T09:30:00Z') }]);

    expect((await atelier('status', '--data', cliData)).out).toContain(`Set aside at start-up in ${join(cliData, 'recovered')}: 2 items (1.5 KiB) in 1 folder (atelier recovered list)`);

    const misplaced = await atelier('recovered', 'list', '--yes', '--data', cliData);
    expect(misplaced.code).toBe(2);
    expect(misplaced.err).toContain('recovered list does not take --yes');

    const asked = await atelier('recovered', 'delete', '--data', cliData);
    expect(asked.code).toBe(2);
    expect(asked.err).toContain('This deletes 2 items (1.5 KiB) in 1 folder for good; add --yes to go ahead');
    expect(readdirSync(join(cliData, 'recovered', OLD))).toHaveLength(2);

    const unknown = await atelier('recovered', 'delete', 'nope', '--yes', '--data', cliData);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("No folder named 'nope' in recovered/");

    const done = await atelier('recovered', 'delete', '--yes', '--json', '--data', cliData);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.out)).toEqual({ folders: 1, items: 2, bytes: 1500, failed: [] });
    expect(existsSync(join(cliData, 'recovered'))).toBe(false);
    expect(await atelier('recovered', 'list', '--data', cliData)).toMatchObject({ code: 0, out: 'Nothing has been set aside in recovered/.' });
  });
});
