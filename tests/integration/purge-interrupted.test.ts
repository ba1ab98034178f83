// A deletion for good that dies between its commit and the removal of its files: the files it
// meant to remove are journaled with the commit, and the next start removes them for good (their
// rows are gone) before the sweep looks, instead of moving them to recovered/ where their space
// never came back. The crash is real: the host kills itself at that point (ATELIER_CRASH_AT).
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { PurgeSummary } from '../../shared/contract';
import { finishRemovals, sweepArtifacts } from '../../electron/store/artifact-sweep';
import { openStore } from '../../electron/store';
import { DB_FILE } from '../../electron/store/startup';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/tmp';
import { connect } from '../support/ws-client';

const t = tempDir();
const hosts: HostProcess[] = [];
afterAll(async () => {
  for (const h of hosts) await h.stop('SIGKILL');
  t.cleanup();
});

const png = (fill: number) => sharp({ create: { width: 8, height: 8, channels: 3, background: { r: fill, g: 0, b: 0 } } }).png().toBuffer();
const pathOf = (dir: string, id: string) => join(dir, 'artifacts', id.slice(0, 2), id);
/** Every file under artifacts/, as ab/<hash>. */
const files = (dir: string) => readdirSync(join(dir, 'artifacts')).flatMap((sub) => readdirSync(join(dir, 'artifacts', sub)).map((f) => `${sub}/${f}`)).sort();
const journal = (dir: string) => {
  const db = new Database(join(dir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT artifact_id FROM artifact_removals ORDER BY artifact_id').pluck().all() as string[];
  } finally {
    db.close();
  }
};

/** A project with a live board (its own file and one it shares) and a trashed board (two files of its own). */
async function seed(dir: string) {
  const store = openStore(dir, { welcome: false });
  const [kept, shared, goneA, goneB] = await Promise.all([png(10), png(20), png(30), png(40)]).then((b) => b.map((x) => store.artifacts.putFile(x, 'image/png')));
  const project = store.projects.create('Atlas');
  const board = store.documents.create(project.id, 'image', 'Board');
  const old = store.documents.create(project.id, 'image', 'Old board');
  let parent: string[] = [];
  for (const artifactId of [kept!, shared!]) parent = [store.history.add({ documentId: board.id, parentIds: parent, source: 'model', artifactId }).id];
  parent = [];
  for (const artifactId of [shared!, goneA!, goneB!]) parent = [store.history.add({ documentId: old.id, parentIds: parent, source: 'model', artifactId }).id];
  store.documents.trash(old.id);
  store.close();
  return { kept: kept!, shared: shared!, goneA: goneA!, goneB: goneB!, old: old.id, board: board.id };
}

describe('a deletion for good interrupted after its commit', () => {
  it('leaves a journal; the next start removes exactly those files, and recovered/ stays empty', async () => {
    const s = await seed(t.dir);
    const all = files(t.dir);
    expect(all).toHaveLength(4);

    const first = await startHostProcess(['--data', t.dir, '--port', '0'], { ATELIER_CRASH_AT: 'before-unlink' });
    hosts.push(first);
    const a = await connect(first.port, { Authorization: `Bearer ${first.token}` });
    const summary = (await a.call('trash.summary', { documentIds: [s.old] })) as { ok: true; result: PurgeSummary };
    expect(summary.result).toMatchObject({ documents: 1, versions: 3, files: 2, sharedFiles: 1 });
    const exited = new Promise((done) => first.child.once('exit', done));
    // The reply never comes: the host dies once the deletion has committed.
    void a.call('trash.deleteForGood', { projectIds: [], documentIds: [s.old], iterationIds: summary.result.iterationIds });
    await exited;
    expect(first.child.signalCode).toBe('SIGKILL');

    // Committed: the rows are gone, the files not yet, and the journal names exactly them.
    const db = new Database(join(t.dir, DB_FILE), { readonly: true, fileMustExist: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) FROM documents WHERE id = ?').pluck().get(s.old)).toBe(0);
    expect(db.prepare("SELECT id FROM artifacts WHERE storage = 'file' ORDER BY id").pluck().all()).toEqual([s.kept, s.shared].sort());
    db.close();
    expect(files(t.dir)).toEqual(all);
    expect(journal(t.dir)).toEqual([s.goneA, s.goneB].sort());

    const second = await startHostProcess(['--data', t.dir, '--port', '0']);
    hosts.push(second);
    // The deleted board's own files are gone; the kept and shared ones untouched; nothing moved aside.
    expect(files(t.dir)).toEqual([s.kept, s.shared].map((id) => `${id.slice(0, 2)}/${id}`).sort());
    expect(existsSync(join(t.dir, 'recovered')) ? readdirSync(join(t.dir, 'recovered')) : []).toEqual([]);
    expect(second.stderr()).toContain('finished 2 interrupted deletion(s) for good of image files');
    const b = await connect(second.port, { Authorization: `Bearer ${second.token}` });
    const status = (await b.call('system.status', {})) as { ok: true; result: { notices: { kind: string }[] } };
    expect(status.result.notices.filter((n) => n.kind === 'files-recovered')).toEqual([]);
    await a.close().catch(() => {});
    await b.close();
    await second.stop('SIGTERM');
    expect(journal(t.dir)).toEqual([]);
  });
});

describe('finishing the journal at start-up', () => {
  it('keeps a journaled file whose bytes were stored again, and the sweep still moves an unexplained file aside', async () => {
    const dir = join(t.dir, 'second');
    const store = openStore(dir, { welcome: false });
    const again = store.artifacts.putFile(await png(50), 'image/png');
    const gone = store.artifacts.putFile(await png(60), 'image/png');
    const stray = store.artifacts.putFile(await png(70), 'image/png');
    // `gone` and `stray` lose their rows (as a committed deletion leaves them); only `gone` and `again` are journaled.
    store.db.prepare('DELETE FROM artifacts WHERE id IN (?, ?)').run(gone, stray);
    store.db.prepare('INSERT INTO artifact_removals (artifact_id) VALUES (?), (?)').run(gone, again);
    mkdirSync(join(dir, 'artifacts', 'zz'), { recursive: true });
    writeFileSync(join(dir, 'artifacts', 'zz', 'notes.txt'), 'mine');

    const swept = sweepArtifacts(store.db, dir, new Date(Date.UTC(2026, 0, 2, 3, 4, 5)));
    expect(swept.removed).toBe(1);
    expect(existsSync(pathOf(dir, gone))).toBe(false);
    expect(existsSync(pathOf(dir, again))).toBe(true);
    expect(swept.recovered.map((r) => r.from).sort()).toEqual([join(dir, 'artifacts', 'zz', 'notes.txt'), pathOf(dir, stray)].sort());
    expect(store.db.prepare('SELECT count(*) FROM artifact_removals').pluck().get()).toBe(0);
    // Nothing left to finish: a second pass removes nothing.
    expect(finishRemovals(store.db, join(dir, 'artifacts'))).toBe(0);
    store.close();
  });

  it('emptying a document trash journals and then clears its files in one go (nothing left behind on success)', async () => {
    const dir = join(t.dir, 'third');
    const store = openStore(dir, { welcome: false });
    const file = store.artifacts.putFile(await png(80), 'image/png');
    const project = store.projects.create('P');
    const doc = store.documents.create(project.id, 'image', 'B');
    const it = store.history.add({ documentId: doc.id, parentIds: [], source: 'model', artifactId: file });
    store.history.setTrashed(it.id, true);
    expect(store.history.emptyTrash(doc.id).files).toBe(1);
    expect(existsSync(pathOf(dir, file))).toBe(false);
    expect(store.db.prepare('SELECT count(*) FROM artifact_removals').pluck().get()).toBe(0);
    store.close();
  });
});
