// documents.listTrashed over the real browser host (HTTP upgrade to an authenticated WebSocket):
// trashed documents of every project, newest first, with their project's name; bad requests are
// BAD_INPUT naming the field; restoring one from that list puts the document and every version
// back in its project (read back from SQLite on a second connection), announced to another client.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, HistoryGraph, Iteration, Project, TrashedDocuments } from '../../shared/contract';
import { DB_FILE } from '../../electron/store/startup';
import { useTestHost } from '../support/test-host';
import { connect, type TestSocket } from '../support/ws-client';

const h = useTestHost();
let other: TestSocket;
let atlas: Project;
let bestiary: Project;
let chapter: DocumentInfo;
let notes: DocumentInfo;
let kept: DocumentInfo;
const chapterVersions: string[] = [];

/** A later Date.now() than any row written so far (trash times are milliseconds). */
const nextMs = () => new Promise((r) => setTimeout(r, 5));

beforeAll(async () => {
  other = await connect(h.host.port, { Authorization: `Bearer ${h.host.token}` });
  atlas = await h.call<Project>('projects.create', { name: 'Atlas' });
  bestiary = await h.call<Project>('projects.create', { name: 'Bestiary' });
  chapter = await h.call<DocumentInfo>('documents.create', { projectId: atlas.id, kind: 'text', title: 'Chapter 3', text: 'One.' });
  let parent = chapter.headIterationId as string;
  chapterVersions.push(parent);
  for (const text of ['One. Two.', 'One. Two. Three.']) {
    parent = (await h.call<Iteration>('history.commitText', { documentId: chapter.id, parentIds: [parent], text })).id;
    chapterVersions.push(parent);
  }
  kept = await h.call<DocumentInfo>('documents.create', { projectId: atlas.id, kind: 'text', title: 'Kept', text: 'Stays.' });
  notes = await h.call<DocumentInfo>('documents.create', { projectId: bestiary.id, kind: 'image', title: 'Notes board' });
});
afterAll(async () => {
  await other?.close();
});

describe('documents.listTrashed', () => {
  it('lists nothing while nothing is trashed', async () => {
    expect(await h.call('documents.listTrashed', {})).toEqual({ documents: [], total: 0 });
  });

  it('lists trashed documents of every project, newest first, with the project name; limit cuts the list, not the total', async () => {
    await nextMs();
    await h.call('documents.trash', { id: chapter.id });
    await nextMs();
    await h.call('documents.trash', { id: notes.id });

    const all = await h.call<TrashedDocuments>('documents.listTrashed', {});
    expect(all.total).toBe(2);
    expect(all.documents.map((d) => [d.title, d.projectId, d.projectName, d.projectDeletedAt, d.iterationCount, d.kind])).toEqual([
      ['Notes board', bestiary.id, 'Bestiary', null, 0, 'image'],
      ['Chapter 3', atlas.id, 'Atlas', null, 3, 'text'],
    ]);
    const [newest, older] = all.documents;
    expect(newest?.deletedAt).toBeGreaterThan(older?.deletedAt as number);
    expect(older?.headIterationId).toBe(chapterVersions[2]);

    const one = await h.call<TrashedDocuments>('documents.listTrashed', { limit: 1 });
    expect({ titles: one.documents.map((d) => d.title), total: one.total }).toEqual({ titles: ['Notes board'], total: 2 });
  });

  it('refuses bad requests with BAD_INPUT naming the field, and an unknown document with NOT_FOUND', async () => {
    for (const params of [{ limit: 0 }, { limit: 1001 }, { limit: 2.5 }, { limit: '5' }, { limit: null }]) {
      const reply = await h.sock.call('documents.listTrashed', params);
      expect(reply, JSON.stringify(params)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { issues: [{ path: ['limit'] }] } } });
    }
    expect(await h.sock.call('documents.listTrashed', { projectId: atlas.id })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await h.sock.call('documents.listTrashed', [])).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await h.sock.call('documents.restore', { id: '../chapter' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await h.sock.call('documents.restore', { id: 'no-such-document' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('marks a document whose project is trashed too; it cannot come back before its project', async () => {
    await h.call('projects.trash', { id: bestiary.id });
    const listed = await h.call<TrashedDocuments>('documents.listTrashed', {});
    const board = listed.documents.find((d) => d.id === notes.id);
    expect(board?.projectDeletedAt).toEqual(expect.any(Number));
    expect(await h.sock.call('documents.restore', { id: notes.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('Bestiary') } });
    expect((await h.call<TrashedDocuments>('documents.listTrashed', {})).total).toBe(2);
  });

  it('restoring from the list puts the document back in its project with every version, and tells every client', async () => {
    const heard = other.events.length;
    const restored = await h.call<DocumentInfo>('documents.restore', { id: chapter.id });
    expect(restored).toMatchObject({ id: chapter.id, projectId: atlas.id, deletedAt: null, headIterationId: chapterVersions[2], iterationCount: 3 });

    const left = await h.call<TrashedDocuments>('documents.listTrashed', {});
    expect({ ids: left.documents.map((d) => d.id), total: left.total }).toEqual({ ids: [notes.id], total: 1 });
    const live = await h.call<DocumentInfo[]>('documents.list', { projectId: atlas.id });
    expect(live.map((d) => d.id).sort()).toEqual([chapter.id, kept.id].sort());
    const graph = await h.call<HistoryGraph>('history.graph', { documentId: chapter.id });
    expect(graph.iterations.map((i) => i.id).sort()).toEqual([...chapterVersions].sort());
    expect(graph.iterations.every((i) => i.deletedAt === null)).toBe(true);
    const head = await h.call<{ text: string }>('history.get', { id: chapterVersions[2] });
    expect(head.text).toBe('One. Two. Three.');

    // The rows themselves, read on a connection of their own.
    const db = new Database(join(h.core.store.dataDir, DB_FILE), { readonly: true, fileMustExist: true });
    try {
      expect(db.prepare('SELECT project_id, deleted_at, title FROM documents WHERE id = ?').get(chapter.id)).toEqual({ project_id: atlas.id, deleted_at: null, title: 'Chapter 3' });
      expect(db.prepare('SELECT id FROM iterations WHERE document_id = ? ORDER BY id').pluck().all(chapter.id)).toEqual([...chapterVersions].sort());
      expect(db.prepare('SELECT count(*) FROM iteration_edges e JOIN iterations i ON i.id = e.child_id WHERE i.document_id = ?').pluck().get(chapter.id)).toBe(2);
    } finally {
      db.close();
    }

    const announced = () => other.events.slice(heard).some((e) => e.event === 'projects.changed' && (e.data as { id: string }).id === atlas.id);
    await expect.poll(announced, { timeout: 20_000 }).toBe(true);
  });
});

describe('documents.get of a document whose project is in the trash', () => {
  it('says so (projectDeletedAt, the project’s trash time) while its own deletedAt stays null; a restore of the project clears it', async () => {
    const cove = await h.call<Project>('projects.create', { name: 'Cove' });
    const tide = await h.call<DocumentInfo>('documents.create', { projectId: cove.id, kind: 'text', title: 'Tide', text: 'Low.' });
    expect(tide).toMatchObject({ deletedAt: null, projectDeletedAt: null });
    expect((await h.call<DocumentInfo[]>('documents.list', { projectId: cove.id }))[0]).toMatchObject({ id: tide.id, projectDeletedAt: null });

    await nextMs();
    const trashed = await h.call<Project>('projects.trash', { id: cove.id });
    const got = await h.call<DocumentInfo>('documents.get', { id: tide.id });
    expect({ deletedAt: got.deletedAt, projectDeletedAt: got.projectDeletedAt }).toEqual({ deletedAt: null, projectDeletedAt: trashed.deletedAt });
    expect(trashed.deletedAt).toEqual(expect.any(Number));
    // Not live: it takes no new version.
    expect(await h.sock.call('history.commitText', { documentId: tide.id, parentIds: [tide.headIterationId], text: 'Low. High.' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    await h.call('projects.restore', { id: cove.id });
    expect(await h.call<DocumentInfo>('documents.get', { id: tide.id })).toMatchObject({ deletedAt: null, projectDeletedAt: null, iterationCount: 1 });
  });
});
