// Model import, downloads and exports stay inside the folders the user chose: a path that climbs
// out with '..', a link that leads out, a relative or NUL-bearing path, or a hostile file name in
// a Hub listing is refused with a typed BAD_INPUT, and nothing is written outside the data folder.
import { readdirSync, realpathSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/host/core';
import { isSafeRepoPath, listRepo } from '../../../electron/models/hub';
import { writeTinyGanFolder } from '../../fixtures/tiny-library';
import { startHubMimic } from '../../support/hub-mimic';
import { tempDir } from '../../support/tmp';

let core: Core;
let allowed: string;
let outside: string;
const cleanups: (() => void)[] = [];

/** Every file under a folder with its size and mtime: "unchanged" means this is equal. */
function snapshot(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .sort()
    .map((name) => {
      const st = statSync(join(dir, name));
      return `${name} ${st.size} ${st.mtimeMs}`;
    });
}

beforeAll(() => {
  const a = tempDir('atelier-allowed-');
  const o = tempDir('atelier-outside-');
  cleanups.push(a.cleanup, o.cleanup);
  allowed = realpathSync(a.dir);
  outside = realpathSync(o.dir);
  writeTinyGanFolder(join(allowed, 'models', 'gan'));
  writeTinyGanFolder(join(outside, 'gan'));
  symlinkSync(join(outside, 'gan'), join(allowed, 'models', 'link-out'));
  core = createCore({
    dataDir: join(allowed, 'data'),
    transport: 'cli',
    runJobs: false,
    resourcesDir: join(allowed, 'no-resources'),
    importRoots: [allowed],
  });
});

afterAll(async () => {
  await core.close();
  for (const c of cleanups) c();
});

describe('models.import', () => {
  const cases: [string, () => string, RegExp][] = [
    ['an absolute path outside', () => join(outside, 'gan'), /is outside the folders Atelier may import from/],
    ['a link inside that leads out', () => join(allowed, 'models', 'link-out'), /is outside the folders Atelier may import from/],
    ['a relative path', () => 'models/gan', /must be absolute/],
    ['a NUL byte', () => `${join(allowed, 'models', 'gan')}\0/../../etc`, /^The path contains a NUL byte/],
    ['/etc', () => '/etc', /is outside the folders Atelier may import from/],
  ];

  it.each(cases)('refuses %s with BAD_INPUT and writes nothing outside', async (_what, path, message) => {
    const before = snapshot(outside);
    const reply = await core.call('models.import', { path: path(), mode: 'copy' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    if (!reply.ok) expect(reply.error.message).toMatch(message);
    expect(snapshot(outside)).toEqual(before);
    expect(core.store.models.list()).toEqual([]);
  });

  it('refuses a path built with .. that lands outside, naming the folders it may use', async () => {
    const climbing = `${allowed}/models/../../${outside.slice(outside.lastIndexOf('/') + 1)}/gan`;
    expect(realpathSync(climbing)).toBe(join(outside, 'gan'));
    const reply = await core.call('models.import', { path: climbing, mode: 'copy' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    if (!reply.ok) expect(reply.error.message).toContain(`outside the folders Atelier may import from (${allowed})`);
  });

  it('accepts a path with .. that stays inside (the refusals are about where, not how it is written)', async () => {
    const reply = await core.call('models.import', { path: `${allowed}/data/../models/gan`, mode: 'reference', name: 'Inside' });
    expect(reply, JSON.stringify(reply)).toMatchObject({ ok: true, result: { id: 'inside' } });
  });
});

describe('Hub listings', () => {
  it('keeps only file names that stay inside the download folder', () => {
    for (const ok of ['config.json', 'onnx/model.onnx', 'a/b/c.txt', '.gitattributes', 'x..y']) expect(isSafeRepoPath(ok), ok).toBe(true);
    for (const bad of ['', '/etc/passwd', '../x', 'a/../../x', 'a//b', './x', 'a/.', '..\\x', 'a\\..\\..\\x', 'C:x', 'C:\\x', 'x\0y', 'x\ny', 42, null]) {
      expect(isSafeRepoPath(bad), String(bad)).toBe(false);
    }
  });

  it('a listing with hostile names downloads only the safe ones', async () => {
    const file = { content: new TextEncoder().encode('x') };
    const hub = await startHubMimic({
      'evil/repo': { commit: 'e'.repeat(40), files: { 'config.json': file, '../escape.txt': file, '..\\escape.txt': file, 'a/../../escape.txt': file, 'C:escape.txt': file } },
    });
    try {
      const listing = await listRepo('evil/repo', 'main', { endpoint: hub.url });
      expect(listing.files.map((f) => f.path)).toEqual(['config.json']);
    } finally {
      await hub.close();
    }
  });
});

describe('exports', () => {
  it('history.export answers with the content and a bare file name, never a path, whatever the title', async () => {
    const project = await core.call('projects.create', { name: 'P' });
    if (!project.ok) throw new Error(project.error.message);
    for (const title of ['../../etc/passwd', '..\\..\\boot.ini', '/abs/olute', 'C:\\x', '..', 'ok title']) {
      const doc = await core.call('documents.create', { projectId: (project.result as { id: string }).id, kind: 'text', title, text: 'hi' });
      if (!doc.ok) throw new Error(doc.error.message);
      for (const format of ['md', 'json'] as const) {
        const out = await core.call('history.export', { documentId: (doc.result as { id: string }).id, format });
        if (!out.ok) throw new Error(out.error.message);
        const { fileName } = out.result as { fileName: string };
        expect(fileName, title).toMatch(new RegExp(`^[A-Za-z0-9._ -]+\\.history\\.${format}$`));
        expect(fileName).not.toMatch(/[\\/:]/);
      }
    }
  });
});
