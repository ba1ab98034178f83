// Delete for good of trashed projects and documents, and Empty trash over everything, over the real
// browser host (contract validation included): trash.summary names exactly what goes, with each
// item's counts and the image files only those versions use; trash.deleteForGood deletes what it
// named and is still in the trash, in one transaction. Rows are read before and after on a second
// SQLite connection; files are checked on disk (a shared file survives while a kept version uses it).
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, Iteration, Project, PurgeResult, PurgeSummary } from '../../shared/contract';
import { DB_FILE } from '../../electron/store/startup';
import { useTestHost } from '../support/test-host';

const h = useTestHost();
let db: Database.Database;
let atlas: Project;
let bestiary: Project;
let attic: Project;
const docs: Record<string, DocumentInfo> = {};
const v: Record<string, string[]> = {};
const file: Record<string, string> = {};

const png = (fill: number) => sharp({ create: { width: 16, height: 16, channels: 3, background: { r: fill, g: 0, b: 0 } } }).png().toBuffer();
const size = (id: string) => statSync(h.core.store.artifacts.pathOf(id)).size;
const onDisk = (id: string) => existsSync(h.core.store.artifacts.pathOf(id));

async function board(project: Project, title: string, artifacts: string[]): Promise<void> {
  const d = await h.call<DocumentInfo>('documents.create', { projectId: project.id, kind: 'image', title });
  docs[title] = d;
  v[title] = [];
  for (const artifactId of artifacts) {
    const it = h.core.store.history.add({ documentId: d.id, parentIds: v[title]!.slice(-1), source: 'model', artifactId });
    v[title]!.push(it.id);
  }
}

async function text(project: Project, title: string, versions: number): Promise<void> {
  const d = await h.call<DocumentInfo>('documents.create', { projectId: project.id, kind: 'text', title, text: `${title} 0` });
  docs[title] = d;
  v[title] = [d.headIterationId as string];
  for (let i = 1; i < versions; i++) {
    v[title]!.push((await h.call<Iteration>('history.commitText', { documentId: d.id, parentIds: v[title]!.slice(-1), text: `${title} ${i}` })).id);
  }
}

/** Every row that matters, by table, read on the second connection. */
const rows = () => ({
  projects: db.prepare('SELECT id FROM projects ORDER BY id').pluck().all() as string[],
  documents: db.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as string[],
  iterations: db.prepare('SELECT id FROM iterations ORDER BY id').pluck().all() as string[],
  artifacts: db.prepare("SELECT id FROM artifacts WHERE storage = 'file' ORDER BY id").pluck().all() as string[],
});
/** What the Trash page hands back: the ids its confirm named. */
const named = (s: PurgeSummary) => ({ projectIds: s.projectIds, documentIds: s.documentIds, iterationIds: s.iterationIds });
const without = (all: string[], gone: string[]) => all.filter((id) => !gone.includes(id));

beforeAll(async () => {
  for (const [name, fill] of [['shared', 10], ['boardOnly', 20], ['sketch', 30], ['owl', 40], ['attic', 50]] as const) {
    file[name] = h.core.store.artifacts.putFile(await png(fill), 'image/png');
  }
  atlas = await h.call<Project>('projects.create', { name: 'Atlas' });
  bestiary = await h.call<Project>('projects.create', { name: 'Bestiary' });
  attic = await h.call<Project>('projects.create', { name: 'Attic' });
  // Atlas stays live: Board keeps using the shared file; Sketches (trashed) uses it too, and a file of its own twice.
  await board(atlas, 'Board', [file.shared!, file.boardOnly!]);
  await board(atlas, 'Sketches', [file.shared!, file.sketch!, file.sketch!]);
  await text(atlas, 'Chapter', 3);
  await h.call('history.trash', { id: v.Chapter![1] });
  await h.call('documents.trash', { id: docs.Sketches!.id });
  // Bestiary goes to the trash whole, with Owls trashed on its own before.
  await text(bestiary, 'Field notes', 2);
  await board(bestiary, 'Owls', [file.owl!]);
  await h.call('documents.trash', { id: docs.Owls!.id });
  await h.call('projects.trash', { id: bestiary.id });
  // Attic is trashed too, and is restored after its confirm was drawn.
  await board(attic, 'Boxes', [file.attic!]);
  await h.call('projects.trash', { id: attic.id });
  db = new Database(join(h.core.store.dataDir, DB_FILE), { readonly: true, fileMustExist: true });
});
afterAll(() => db?.close());

describe('trash.summary', () => {
  it('names a trashed document with its versions and the files only they use; a file another version uses stays', async () => {
    const s = await h.call<PurgeSummary>('trash.summary', { documentIds: [docs.Sketches!.id] });
    expect(s).toEqual({
      items: [{ kind: 'document', id: docs.Sketches!.id, name: 'Sketches', projectName: 'Atlas', documents: 1, versions: 3, files: 1, bytes: size(file.sketch!) }],
      projects: 0,
      documents: 1,
      versions: 3,
      singleVersions: 0,
      files: 1,
      bytes: size(file.sketch!),
      sharedFiles: 1,
      projectIds: [],
      documentIds: [docs.Sketches!.id],
      iterationIds: v.Sketches,
    });
  });

  it('names a trashed project with all its documents, those trashed on their own included', async () => {
    const s = await h.call<PurgeSummary>('trash.summary', { projectIds: [bestiary.id], documentIds: [docs.Owls!.id] });
    expect(s.items).toEqual([{ kind: 'project', id: bestiary.id, name: 'Bestiary', projectName: 'Bestiary', documents: 2, versions: 3, files: 1, bytes: size(file.owl!) }]);
    expect([s.projects, s.documents, s.versions, s.files, s.sharedFiles]).toEqual([1, 2, 3, 1, 0]);
    // Owls is in Bestiary: it goes with the project and is not named twice.
    expect(s.documentIds).toEqual([]);
    expect([...s.iterationIds].sort()).toEqual([...v['Field notes']!, ...v.Owls!].sort());
  });

  it('refuses with a typed error what is not in the trash, or nothing at all', async () => {
    const code = async (params: unknown) => {
      const r = await h.sock.call('trash.summary', params);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(await code({ documentIds: [docs.Board!.id] })).toBe('CONFLICT');
    expect(await code({ projectIds: [atlas.id] })).toBe('CONFLICT');
    expect(await code({ documentIds: ['nope'] })).toBe('NOT_FOUND');
    expect(await code({ projectIds: ['nope'] })).toBe('NOT_FOUND');
    expect(await code({})).toBe('BAD_INPUT');
    expect(await code({ documentIds: ['../x'] })).toBe('BAD_INPUT');
    expect(await code({ projectIds: [bestiary.id], extra: 1 })).toBe('BAD_INPUT');
    const r = await h.sock.call('trash.deleteForGood', { projectIds: 'all' });
    expect(r.ok ? 'ok' : r.error.code).toBe('BAD_INPUT');
  });
});

describe('trash.deleteForGood', () => {
  it('deletes a trashed document and its versions; its own file goes from disk, the shared one stays', async () => {
    const before = rows();
    const s = await h.call<PurgeSummary>('trash.summary', { documentIds: [docs.Sketches!.id] });
    const result = await h.call<PurgeResult>('trash.deleteForGood', named(s));
    expect(result).toEqual({
      projects: 0,
      documents: 1,
      iterations: 3,
      artifacts: 1,
      files: 1,
      bytes: s.bytes,
      skipped: 0,
      projectIds: [atlas.id],
      documentIds: [],
    });
    expect(rows()).toEqual({
      projects: before.projects,
      documents: without(before.documents, [docs.Sketches!.id]),
      iterations: without(before.iterations, v.Sketches!),
      artifacts: without(before.artifacts, [file.sketch!]),
    });
    expect(onDisk(file.sketch!)).toBe(false);
    expect(onDisk(file.shared!)).toBe(true);
    expect(db.prepare('SELECT count(*) FROM iterations WHERE artifact_id = ?').pluck().get(file.shared)).toBe(1);
  });

  it('a crash half-way rolls everything back and removes no file', async () => {
    const before = rows();
    const s = await h.call<PurgeSummary>('trash.summary', { projectIds: [bestiary.id] });
    // The last statement of the transaction fails, as a crash there would leave it uncommitted.
    const writer = new Database(join(h.core.store.dataDir, DB_FILE));
    writer.exec("CREATE TRIGGER purge_fails BEFORE DELETE ON projects BEGIN SELECT RAISE(ABORT, 'disk gone'); END");
    try {
      const r = await h.sock.call('trash.deleteForGood', named(s));
      expect(r.ok ? 'ok' : r.error.message).toMatch(/disk gone/);
    } finally {
      writer.exec('DROP TRIGGER purge_fails');
      writer.close();
    }
    expect(rows()).toEqual(before);
    expect(onDisk(file.owl!)).toBe(true);
  });

  it('deletes a trashed project with every document; one restored after the confirm is left alone', async () => {
    const before = rows();
    const s = await h.call<PurgeSummary>('trash.summary', { projectIds: [bestiary.id, attic.id] });
    expect(s.items.map((i) => [i.name, i.documents, i.versions, i.files])).toEqual([
      ['Bestiary', 2, 3, 1],
      ['Attic', 1, 1, 1],
    ]);
    await h.call('projects.restore', { id: attic.id });
    const result = await h.call<PurgeResult>('trash.deleteForGood', named(s));
    expect([result.projects, result.documents, result.iterations, result.files, result.skipped]).toEqual([1, 2, 3, 1, 1]);
    expect(rows()).toEqual({
      projects: without(before.projects, [bestiary.id]),
      documents: without(before.documents, [docs['Field notes']!.id, docs.Owls!.id]),
      iterations: without(before.iterations, [...v['Field notes']!, ...v.Owls!]),
      artifacts: without(before.artifacts, [file.owl!]),
    });
    expect(onDisk(file.owl!)).toBe(false);
    expect(onDisk(file.attic!)).toBe(true);
    expect((await h.call<Project>('projects.restore', { id: attic.id })).documentCount).toBe(1);
  });

  it('Empty trash deletes every project, document and single version it named, and nothing else', async () => {
    await h.call('documents.trash', { id: docs.Boxes!.id });
    await h.call('projects.trash', { id: attic.id });
    const s = await h.call<PurgeSummary>('trash.summary', { everything: true });
    expect([s.projects, s.documents, s.versions, s.singleVersions, s.files]).toEqual([1, 1, 2, 1, 1]);
    // A version trashed after the confirm was drawn is not in it, and stays.
    await h.call('history.trash', { id: v.Chapter![0] });
    const before = rows();
    const result = await h.call<PurgeResult>('trash.deleteForGood', named(s));
    expect([result.projects, result.documents, result.iterations, result.skipped]).toEqual([1, 1, 2, 0]);
    expect(result.documentIds).toEqual([docs.Chapter!.id]);
    expect(rows()).toEqual({
      projects: without(before.projects, [attic.id]),
      documents: without(before.documents, [docs.Boxes!.id]),
      iterations: without(before.iterations, [v.Boxes![0]!, v.Chapter![1]!]),
      artifacts: without(before.artifacts, [file.attic!]),
    });
    expect(onDisk(file.attic!)).toBe(false);
    expect(db.prepare('SELECT id FROM iterations WHERE deleted_at IS NOT NULL').pluck().all()).toEqual([v.Chapter![0]]);
    expect([onDisk(file.shared!), onDisk(file.boardOnly!)]).toEqual([true, true]);
  });
});
