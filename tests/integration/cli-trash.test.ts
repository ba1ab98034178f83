// `atelier trash …` as a process on a real data folder: a document and a project moved to the
// trash (by title, name or id), restored, listed, and deleted for good — refused without --yes
// with what would go, then done — each read back from SQLite on a second connection and from the
// artifact files on disk (a file another version still uses stays). Unknown ids, already in the
// trash and not in the trash exit 1 with the reason; bad arguments exit 2 and point to the help.
// A delete for good killed after its commit (ATELIER_CRASH_AT) leaves the rows gone and the files
// journaled for the next start, as the app's own delete does.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../support/cli-main';
import { openStore } from '../../electron/store';
import { DB_FILE } from '../../electron/store/startup';
import type { Project, PurgeSummary } from '../../shared/contract';
import { ROOT } from '../support/host-process';
import { tempDir } from '../support/tmp';

const BIN = join(ROOT, 'bin/atelier.cjs');
const t = tempDir();
const data = join(t.dir, 'data');
afterAll(() => t.cleanup());

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `atelier ARGS --data DIR` as its own process. */
function atelier(args: string[], env: NodeJS.ProcessEnv = {}, dir = data): Promise<Ended> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args, '--data', dir], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code, signal) => done({ code, signal, stdout: stdout.replace(/\n$/, ''), stderr: stderr.replace(/\n$/, '') }));
  });
}

const png = (fill: number) => sharp({ create: { width: 8, height: 8, channels: 3, background: { r: fill, g: 0, b: 0 } } }).png().toBuffer();
const fileOf = (dir: string, id: string) => join(dir, 'artifacts', id.slice(0, 2), id);

/** Rows as a second connection reads them now. */
function read<T>(dir: string, q: (db: Database.Database) => T): T {
  const db = new Database(join(dir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    return q(db);
  } finally {
    db.close();
  }
}
const trashedAt = (table: 'projects' | 'documents', id: string) => read(data, (db) => db.prepare(`SELECT deleted_at FROM ${table} WHERE id = ?`).pluck().get(id)) as number | null | undefined;
const count = (dir: string, sql: string, ...args: string[]) => read(dir, (db) => db.prepare(sql).pluck().get(...args)) as number;

/** Atlas: an image board (its own file, and one it shares with Bestiary's sketch) and a text of 3 versions; Bestiary: the sketch. */
async function seed(dir: string) {
  const store = openStore(dir, { welcome: false });
  const [own, shared] = await Promise.all([png(10), png(20)]).then((b) => b.map((x) => store.artifacts.putFile(x, 'image/png')));
  const atlas = store.projects.create('Atlas');
  const bestiary = store.projects.create('Bestiary');
  const board = store.documents.create(atlas.id, 'image', 'Board');
  const chapter = store.documents.create(atlas.id, 'text', 'Chapter');
  const sketch = store.documents.create(bestiary.id, 'image', 'Sketch');
  let parent: string[] = [];
  for (const artifactId of [own!, shared!]) parent = [store.history.add({ documentId: board.id, parentIds: parent, source: 'model', artifactId }).id];
  parent = [];
  for (const text of ['One.', 'One. Two.', 'One. Two. Three.']) parent = [store.history.commitText(chapter.id, parent, text, 'user').id];
  store.history.add({ documentId: sketch.id, parentIds: [], source: 'model', artifactId: shared! });
  store.close();
  return { own: own!, shared: shared!, atlas: atlas.id, bestiary: bestiary.id, board: board.id, chapter: chapter.id, sketch: sketch.id };
}

let s: Awaited<ReturnType<typeof seed>>;
beforeAll(async () => {
  s = await seed(data);
});

describe('atelier trash: move, restore, list', () => {
  it('a document by title: into the trash, refused again, restored, refused again', { timeout: 120_000 }, async () => {
    expect(await atelier(['trash', 'list'])).toMatchObject({ code: 0, stdout: 'The trash is empty.', stderr: '' });

    const moved = await atelier(['trash', 'document', 'chapter']);
    expect(moved).toMatchObject({ code: 0, stderr: '' });
    expect(moved.stdout).toBe(`Moved 'Chapter' to the trash, with 3 versions; to bring it back: atelier trash restore ${s.chapter}`);
    expect(trashedAt('documents', s.chapter)).toBeTypeOf('number');

    // Named by its title again: found in the trash, and said so.
    const again = await atelier(['trash', 'document', 'Chapter']);
    expect(again).toMatchObject({ code: 1, stdout: '', stderr: `atelier: Document 'Chapter' is already in the trash (restore: atelier trash restore ${s.chapter})` });

    const back = await atelier(['trash', 'restore', s.chapter, '--json']);
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({ id: s.chapter, title: 'Chapter', deletedAt: null, iterationCount: 3 });
    expect(trashedAt('documents', s.chapter)).toBeNull();
    expect(await atelier(['trash', 'restore', s.chapter])).toMatchObject({ code: 1, stderr: "atelier: Document 'Chapter' is not in the trash" });
    expect(count(data, 'SELECT count(*) FROM iterations WHERE document_id = ?', s.chapter)).toBe(3);
  });

  it('a project by name with --json; its documents go with it and are refused on their own', { timeout: 120_000 }, async () => {
    const moved = await atelier(['trash', 'project', 'Atlas', '--json']);
    expect(moved.code, moved.stderr).toBe(0);
    const project = JSON.parse(moved.stdout) as Project;
    expect(project).toMatchObject({ id: s.atlas, name: 'Atlas', documentCount: 2, trashedDocumentCount: 0 });
    expect(project.deletedAt).toBe(trashedAt('projects', s.atlas));
    expect(project.deletedAt).toBeTypeOf('number');
    // The documents keep their own state: they come back with the project.
    expect(trashedAt('documents', s.board)).toBeNull();

    expect(await atelier(['trash', 'document', s.board])).toMatchObject({
      code: 1,
      stderr: `atelier: Document 'Board' is already in the trash with its project 'Atlas' (restore: atelier trash restore ${s.atlas})`,
    });
    expect(await atelier(['trash', 'restore', s.board])).toMatchObject({
      code: 1,
      stderr: `atelier: Document 'Board' is in the trash with its project 'Atlas'; restore the project: atelier trash restore ${s.atlas}`,
    });
    expect(await atelier(['trash', 'project', s.atlas])).toMatchObject({ code: 1, stderr: `atelier: Project 'Atlas' is already in the trash (restore: atelier trash restore ${s.atlas})` });

    const listed = await atelier(['trash', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${s.atlas}  project   'Atlas'  2 documents  trashed \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`));
    const json = JSON.parse((await atelier(['trash', 'list', '--json'])).stdout);
    expect(json.projects.map((p: Project) => p.id)).toEqual([s.atlas]);
    expect(json).toMatchObject({ documents: [], totalDocuments: 0 });
  });
});

describe('atelier trash delete', () => {
  it('refuses without --yes, saying what would go; with --yes deletes the rows, then the files only they used', { timeout: 120_000 }, async () => {
    const size = statSync(fileOf(data, s.own)).size;
    const rowsBefore = count(data, 'SELECT count(*) FROM iterations');

    const asked = await atelier(['trash', 'delete', s.atlas]);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toBe(
      [
        'atelier: This deletes for good:',
        `  project 'Atlas': 2 documents, 5 versions, 1 image file (${size} bytes)`,
        '1 image file of theirs stays: a version kept elsewhere uses it',
        'Add --yes to delete it for good',
        "Run 'atelier trash delete --help' for usage.",
      ].join('\n'),
    );
    // --json: the confirm's own summary on stdout, and still nothing deleted.
    const summary = JSON.parse((await atelier(['trash', 'delete', s.atlas, '--json'])).stdout) as PurgeSummary;
    expect(summary).toMatchObject({ projects: 1, documents: 2, versions: 5, files: 1, bytes: size, sharedFiles: 1, projectIds: [s.atlas], documentIds: [] });
    expect(count(data, 'SELECT count(*) FROM iterations')).toBe(rowsBefore);
    expect(existsSync(fileOf(data, s.own))).toBe(true);

    const done = await atelier(['trash', 'delete', s.atlas, '--yes']);
    expect(done).toMatchObject({ code: 0, stderr: '', stdout: `Deleted for good: 1 project, 2 documents, 5 versions, 1 image file (${size} bytes)` });
    expect(count(data, 'SELECT count(*) FROM projects WHERE id = ?', s.atlas)).toBe(0);
    expect(count(data, 'SELECT count(*) FROM documents WHERE project_id = ?', s.atlas)).toBe(0);
    expect(count(data, 'SELECT count(*) FROM iterations')).toBe(rowsBefore - 5);
    expect(count(data, "SELECT count(*) FROM artifacts WHERE storage = 'file'")).toBe(1);
    // The board's own file is gone from disk; the one Bestiary's sketch uses stays; nothing is left journaled.
    expect(existsSync(fileOf(data, s.own))).toBe(false);
    expect(existsSync(fileOf(data, s.shared))).toBe(true);
    expect(count(data, 'SELECT count(*) FROM artifact_removals')).toBe(0);

    expect(await atelier(['trash', 'delete', s.atlas, '--yes'])).toMatchObject({ code: 1, stderr: `atelier: No project, document or version with id '${s.atlas}' (see: atelier trash list)` });
    expect(await atelier(['trash', 'delete', s.sketch, '--yes'])).toMatchObject({ code: 1, stderr: "atelier: Document 'Sketch' is not in the trash" });
    expect(count(data, 'SELECT count(*) FROM documents WHERE id = ?', s.sketch)).toBe(1);
  });

  it('killed after its commit: the rows are gone and the files it meant to remove are journaled for the next start', { timeout: 120_000 }, async () => {
    const dir = join(t.dir, 'crash');
    const c = await seed(dir);
    expect((await atelier(['trash', 'document', c.board], {}, dir)).code).toBe(0);
    const crashed = await atelier(['trash', 'delete', c.board, '--yes'], { ATELIER_CRASH_AT: 'before-unlink' }, dir);
    expect(crashed.signal).toBe('SIGKILL');
    expect(count(dir, 'SELECT count(*) FROM documents WHERE id = ?', c.board)).toBe(0);
    expect(count(dir, 'SELECT count(*) FROM iterations WHERE document_id = ?', c.board)).toBe(0);
    expect(read(dir, (db) => db.prepare('SELECT artifact_id FROM artifact_removals').pluck().all())).toEqual([c.own]);
    expect(existsSync(fileOf(dir, c.own))).toBe(true);
    expect(read(dir, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');
  });
});

describe('atelier trash empty', () => {
  it('names everything in the trash, single versions too, and exits 2 without --yes; with --yes deletes exactly that', { timeout: 180_000 }, async () => {
    const dir = join(t.dir, 'empty');
    const e = await seed(dir);
    // One of the chapter's older versions trashed on its own, as its history's trash does.
    const store = openStore(dir, { welcome: false });
    const head = store.documents.get(e.chapter).headIterationId;
    const first = store.history.graph(e.chapter).iterations.find((n) => n.id !== head);
    store.history.setTrashed(first!.id, true);
    store.close();
    expect((await atelier(['trash', 'document', 'Board'], {}, dir)).code).toBe(0);
    const size = statSync(fileOf(dir, e.own)).size;
    const rowsBefore = count(dir, 'SELECT count(*) FROM iterations');

    const listed = await atelier(['trash', 'list'], {}, dir);
    expect(listed.stdout.split('\n')[1]).toBe(`${e.chapter}  versions  1 version of 'Chapter' in 'Atlas' trashed on its own`);

    const asked = await atelier(['trash', 'empty'], {}, dir);
    expect(asked).toMatchObject({ code: 2, stdout: '' });
    expect(asked.stderr).toBe(
      [
        'atelier: This deletes for good:',
        `  document 'Board' in 'Atlas': 2 versions, 1 image file (${size} bytes)`,
        '  1 version trashed on its own',
        `In all: 1 document, 3 versions, 1 image file (${size} bytes)`,
        '1 image file of theirs stays: a version kept elsewhere uses it',
        'Add --yes to delete them for good',
        "Run 'atelier trash empty --help' for usage.",
      ].join('\n'),
    );
    const summary = JSON.parse((await atelier(['trash', 'empty', '--json'], {}, dir)).stdout) as PurgeSummary;
    expect(summary).toMatchObject({ projects: 0, documents: 1, versions: 3, singleVersions: 1, projectIds: [], documentIds: [e.board], iterationIds: expect.arrayContaining([first!.id]) });
    expect(count(dir, 'SELECT count(*) FROM iterations')).toBe(rowsBefore);

    const done = await atelier(['trash', 'empty', '--yes'], {}, dir);
    expect(done).toMatchObject({ code: 0, stderr: '', stdout: `Deleted for good: 1 document, 3 versions, 1 image file (${size} bytes)` });
    expect(count(dir, 'SELECT count(*) FROM documents WHERE id = ?', e.board)).toBe(0);
    expect(count(dir, 'SELECT count(*) FROM iterations WHERE id = ?', first!.id)).toBe(0);
    expect(count(dir, 'SELECT count(*) FROM iterations WHERE document_id = ?', e.chapter)).toBe(2);
    expect(count(dir, 'SELECT count(*) FROM iterations')).toBe(rowsBefore - 3);
    expect(existsSync(fileOf(dir, e.own))).toBe(false);
    expect(existsSync(fileOf(dir, e.shared))).toBe(true);

    expect(await atelier(['trash', 'empty', '--yes'], {}, dir)).toMatchObject({ code: 0, stderr: '', stdout: 'The trash is empty: nothing to delete.' });
    expect(await atelier(['trash', 'list'], {}, dir)).toMatchObject({ code: 0, stdout: 'The trash is empty.' });
  });
});

describe('atelier trash usage', () => {
  const run = (...args: string[]) => runMain([...args, '--data', data]);

  it('exits 2 for bad arguments and points to the help of the command typed', async () => {
    const cases: [string[], string][] = [
      [['trash', 'purge'], "atelier: Unknown trash command 'purge' (use list, project PROJECT, document DOCUMENT, version VERSION, restore ID, delete ID --yes or empty --yes)\nRun 'atelier trash --help' for usage."],
      [['trash', 'empty', 'x', '--yes'], "atelier: Unexpected argument 'x'\nRun 'atelier trash empty --help' for usage."],
      [['trash', 'project'], "atelier: trash project needs a PROJECT (id or name)\nRun 'atelier trash project --help' for usage."],
      [['trash', 'restore'], "atelier: trash restore needs an ID (see: atelier trash list)\nRun 'atelier trash restore --help' for usage."],
      [['trash', 'list', 'x'], "atelier: Unexpected argument 'x'\nRun 'atelier trash list --help' for usage."],
      [['trash', 'document', 'a', 'b'], "atelier: Unexpected argument 'b'\nRun 'atelier trash document --help' for usage."],
      [['trash', 'restore', 'x', '--yes'], "atelier: trash restore does not take --yes\nRun 'atelier trash restore --help' for usage."],
    ];
    for (const [args, said] of cases) expect(await run(...args), args.join(' ')).toEqual({ code: 2, stdout: '', stderr: said });
    const help = await run('trash', 'delete', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('trash delete ID [ID ...] --yes [--json] [--data DIR]');
    expect(help.stdout).not.toContain('trash list');
  });
});
