// What a crash during a model import, download or deletion leaves in <data>/models, and what the
// next start makes of it: a finished folder whose row never committed and a dead import's staging
// folder are moved (bytes intact) to recovered/<time>/models/ and named in a notice and in
// system.status; a live import's staging folder, resumable downloads and every folder a row refers
// to stay; a deletion that never committed is put back. Nothing is deleted that the user did not
// ask to delete.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryModel, ModelDetail, SystemStatus } from '../../../shared/contract';
import { createCore, type Core } from '../../../electron/host/core';
import { writeTinyGanFolder, writeTinyUpscalerFolder } from '../../fixtures/tiny-library';
import { callOk as ok } from '../../support/core-calls';
import { realTempDir } from '../../support/tmp';

const { dir: root, cleanup } = realTempDir('atelier-model-sweep-');

const open = (data: string): Core => createCore({ dataDir: join(root, data), transport: 'cli', runJobs: false, importRoots: [root] });

/** Every file under a folder with its bytes' length and first bytes, relative paths sorted. */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out.push(`${rel}${e.name}:${statSync(join(d, e.name)).size}:${readFileSync(join(d, e.name)).subarray(0, 16).toString('hex')}`);
    }
  };
  walk(dir, '');
  return out.sort();
}

beforeAll(() => {
  writeTinyGanFolder(join(root, 'src/gan'));
  writeTinyUpscalerFolder(join(root, 'src/up'));
});
afterAll(cleanup);

describe('start-up sweep of the model folder', () => {
  it('moves folders no row refers to into recovered/, keeps live and referenced ones, undoes an unfinished deletion', async () => {
    const models = join(root, 'data/models');
    const a = open('data');
    try {
      await ok<ModelDetail>(a, 'models.import', { path: join(root, 'src/gan'), mode: 'copy', name: 'Kept GAN' });
      await ok<ModelDetail>(a, 'models.import', { path: join(root, 'src/up'), mode: 'copy', name: 'Doomed' });
      await ok<LibraryModel>(a, 'models.remove', { id: 'doomed' });
    } finally {
      await a.close();
    }
    // The states a SIGKILL leaves: a deletion renamed aside but not committed (the row is still
    // there), a copy moved into place whose row never committed, a dead import's staging folder.
    renameSync(join(models, 'doomed'), join(models, '.deleting-doomed-0a0b0c0d'));
    cpSync(join(root, 'src/gan'), join(models, 'lost-gan'), { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const stale = `.importing-p${dead}-half-0badc0de`;
    mkdirSync(join(models, stale));
    writeFileSync(join(models, stale, 'generator.onnx'), 'half a model');
    // Another process's import still running, and a resumable download: neither is touched.
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
    const running = `.importing-p${live.pid}-busy-0a0a0a0a`;
    mkdirSync(join(models, running));
    writeFileSync(join(models, running, 'generator.onnx'), 'being copied');
    mkdirSync(join(models, '.downloads/org--m@main'), { recursive: true });
    writeFileSync(join(models, '.downloads/org--m@main/model.onnx.part'), 'resumable');
    const lostBefore = listing(join(models, 'lost-gan'));

    const b = open('data');
    try {
      expect(readdirSync(models).sort()).toEqual(['.downloads', running, 'doomed', 'kept-gan'].sort());
      expect(readFileSync(join(models, running, 'generator.onnx'), 'utf8')).toBe('being copied');
      expect(readFileSync(join(models, '.downloads/org--m@main/model.onnx.part'), 'utf8')).toBe('resumable');
      // The unfinished deletion is undone: the trashed model has its files again.
      expect(listing(join(models, 'doomed'))).toEqual(listing(join(root, 'src/up')));
      expect((await ok<ModelDetail>(b, 'models.get', { id: 'doomed' })).deletedAt).not.toBeNull();

      const [stamp] = readdirSync(join(root, 'data/recovered'));
      const recovered = join(root, 'data/recovered', stamp!);
      expect(readdirSync(join(recovered, 'models')).sort()).toEqual([stale, 'lost-gan'].sort());
      expect(listing(join(recovered, 'models/lost-gan'))).toEqual(lostBefore);
      expect(readFileSync(join(recovered, 'models', stale, 'generator.onnx'), 'utf8')).toBe('half a model');

      const status = await ok<SystemStatus>(b, 'system.status', {});
      const notice = status.notices.find((n) => n.kind === 'files-recovered');
      expect(notice?.message).toContain(`2 folder(s) in the models folder belonged to no library entry`);
      expect(notice?.message).toContain(join(recovered, 'models'));
      // Its size: the lost model's files (as listed before the move) and the 12 bytes of 'half a model'.
      const bytes = lostBefore.reduce((n, l) => n + Number(l.split(':')[1]), 0) + 12;
      expect(status.recovered).toEqual([{ path: recovered, name: stamp, items: 2, bytes, at: Date.parse(stamp!.replace(/T(\d\d)-(\d\d)-(\d\d)Z/, 'T$1:$2:$3Z')) }]);

      // What was set aside can be imported again from where the notice says it is.
      const back = await ok<ModelDetail>(b, 'models.import', { path: join(recovered, 'models/lost-gan'), mode: 'copy', name: 'Lost GAN' });
      expect(back.preflightResult?.ok).toBe(true);
    } finally {
      live.kill('SIGKILL');
      await b.close();
    }
    // A clean start after that moves nothing more and makes no new notice.
    const c = open('data');
    try {
      expect((await ok<SystemStatus>(c, 'system.status', {})).notices).toEqual([]);
      expect(readdirSync(join(root, 'data/recovered'))).toHaveLength(1);
    } finally {
      await c.close();
    }
  }, 120_000);
});
