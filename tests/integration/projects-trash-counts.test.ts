// A trashed project's counts over the real browser host: documentCount is what a restore brings
// back (its documents that were live when it went), trashedDocumentCount the ones trashed on their
// own before, which stay in the trash after the project is restored (rows read back from SQLite on
// a second connection) until restored one by one.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, Project, TrashedDocuments } from '../../shared/contract';
import { DB_FILE } from '../../electron/store/startup';
import { useTestHost } from '../support/test-host';

const h = useTestHost();
let saga: Project;
let other: Project;
const docs: Record<string, DocumentInfo> = {};

const counts = (p: Project | undefined) => p && { documentCount: p.documentCount, trashedDocumentCount: p.trashedDocumentCount };
const trashedProject = async (id: string) => (await h.call<Project[]>('projects.list', { trashed: true })).find((p) => p.id === id);

beforeAll(async () => {
  saga = await h.call<Project>('projects.create', { name: 'Saga' });
  other = await h.call<Project>('projects.create', { name: 'Other' });
  for (const title of ['One', 'Two', 'Three', 'Outline', 'Sketches']) {
    docs[title] = await h.call<DocumentInfo>('documents.create', { projectId: saga.id, kind: 'text', title, text: `${title}.` });
  }
  // Another project's trashed document must not count for Saga.
  docs.Elsewhere = await h.call<DocumentInfo>('documents.create', { projectId: other.id, kind: 'text', title: 'Elsewhere', text: 'x' });
  await h.call('documents.trash', { id: docs.Elsewhere.id });
});

describe('a trashed project: what a restore brings back', () => {
  it('counts live and separately trashed documents apart, live or trashed', async () => {
    const before = (await h.call<Project[]>('projects.list', {})).find((p) => p.id === saga.id);
    expect(counts(before)).toEqual({ documentCount: 5, trashedDocumentCount: 0 });
    await h.call('documents.trash', { id: docs.Outline!.id });
    await h.call('documents.trash', { id: docs.Sketches!.id });
    const live = (await h.call<Project[]>('projects.list', {})).find((p) => p.id === saga.id);
    expect(counts(live)).toEqual({ documentCount: 3, trashedDocumentCount: 2 });

    await h.call('projects.trash', { id: saga.id });
    expect(counts(await trashedProject(saga.id))).toEqual({ documentCount: 3, trashedDocumentCount: 2 });
    const elsewhere = (await h.call<Project[]>('projects.list', {})).find((p) => p.id === other.id);
    expect(counts(elsewhere)).toEqual({ documentCount: 0, trashedDocumentCount: 1 });
  });

  it('a project whose every document was trashed on its own says 0 documents and 2 trashed', async () => {
    const empty = await h.call<Project>('projects.create', { name: 'Emptied' });
    for (const title of ['A', 'B']) {
      const d = await h.call<DocumentInfo>('documents.create', { projectId: empty.id, kind: 'text', title, text: title });
      await h.call('documents.trash', { id: d.id });
    }
    await h.call('projects.trash', { id: empty.id });
    expect(counts(await trashedProject(empty.id))).toEqual({ documentCount: 0, trashedDocumentCount: 2 });
  });

  it('restoring the project brings back the 3 and leaves the 2 in the trash, as the counts said', async () => {
    const restored = await h.call<Project>('projects.restore', { id: saga.id });
    expect({ deletedAt: restored.deletedAt, ...counts(restored) }).toEqual({ deletedAt: null, documentCount: 3, trashedDocumentCount: 2 });
    const live = await h.call<DocumentInfo[]>('documents.list', { projectId: saga.id });
    expect(live.map((d) => d.title).sort()).toEqual(['One', 'Three', 'Two']);
    const trashed = await h.call<TrashedDocuments>('documents.listTrashed', {});
    expect(trashed.documents.filter((d) => d.projectId === saga.id).map((d) => [d.title, d.projectDeletedAt])).toEqual(
      expect.arrayContaining([
        ['Outline', null],
        ['Sketches', null],
      ]),
    );

    const db = new Database(join(h.core.store.dataDir, DB_FILE), { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare('SELECT title, deleted_at IS NOT NULL AS trashed FROM documents WHERE project_id = ? ORDER BY title').all(saga.id);
      expect(rows).toEqual([
        { title: 'One', trashed: 0 },
        { title: 'Outline', trashed: 1 },
        { title: 'Sketches', trashed: 1 },
        { title: 'Three', trashed: 0 },
        { title: 'Two', trashed: 0 },
      ]);
    } finally {
      db.close();
    }

    await h.call('documents.restore', { id: docs.Outline!.id });
    const after = (await h.call<Project[]>('projects.list', {})).find((p) => p.id === saga.id);
    expect(counts(after)).toEqual({ documentCount: 4, trashedDocumentCount: 1 });
  });
});
