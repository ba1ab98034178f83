// The store rule a window's last save meets when its document went to the trash elsewhere: a
// document in the trash, or in a project in the trash, takes no save (CONFLICT naming what to
// restore), and no row is written; the trashed document keeps every version it had, and after a
// restore the same save is taken. This is why the shell offers unsaved text back (Copy / Save as a
// new document / Restore) instead of saving it into the trashed document. Real host, real SQLite.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentInfo, Iteration, Project } from '../../shared/contract';
import { DB_FILE } from '../../electron/store/startup';
import { useTestHost } from '../support/test-host';

const h = useTestHost();

function versionRows(documentId: string): string[] {
  const db = new Database(join(h.core.store.dataDir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT id FROM iterations WHERE document_id = ? ORDER BY rowid').pluck().all(documentId) as string[];
  } finally {
    db.close();
  }
}

describe('a save into a trashed document', () => {
  it('is refused while the document is in the trash, writes nothing, and is taken once it is restored', async () => {
    const project = await h.call<Project>('projects.create', { name: 'Atlas' });
    const doc = await h.call<DocumentInfo>('documents.create', { projectId: project.id, kind: 'text', title: 'Chapter 3', text: 'It was dark.' });
    const head = doc.headIterationId as string;
    await h.call('documents.trash', { id: doc.id });

    const save = { documentId: doc.id, parentIds: [head], text: 'It was dark. And cold.' };
    expect(await h.sock.call('history.commitText', save)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: "Document 'Chapter 3' is in the trash; restore it first" },
    });
    expect(versionRows(doc.id)).toEqual([head]);
    expect((await h.call<DocumentInfo>('documents.get', { id: doc.id })).headIterationId).toBe(head);

    await h.call('documents.restore', { id: doc.id });
    const saved = await h.call<Iteration>('history.commitText', save);
    expect(versionRows(doc.id)).toEqual([head, saved.id]);
    expect(await h.call('history.get', { id: saved.id })).toMatchObject({ parentIds: [head], text: 'It was dark. And cold.' });
  });

  it('is refused while its project is in the trash (the document itself is not), naming the project', async () => {
    const project = await h.call<Project>('projects.create', { name: 'Bestiary' });
    const doc = await h.call<DocumentInfo>('documents.create', { projectId: project.id, kind: 'text', title: 'Owls', text: 'Owls hunt' });
    const head = doc.headIterationId as string;
    await h.call('projects.trash', { id: project.id });
    expect((await h.call<DocumentInfo>('documents.get', { id: doc.id })).deletedAt).toBeNull();

    const save = { documentId: doc.id, parentIds: [head], text: 'Owls hunt at night.' };
    expect(await h.sock.call('history.commitText', save)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: "Project 'Bestiary' is in the trash; restore it first" },
    });
    expect(await h.sock.call('history.checkout', { documentId: doc.id, iterationId: head })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(versionRows(doc.id)).toEqual([head]);

    await h.call('projects.restore', { id: project.id });
    const saved = await h.call<Iteration>('history.commitText', save);
    expect(versionRows(doc.id)).toEqual([head, saved.id]);
    expect((await h.call<DocumentInfo>('documents.get', { id: doc.id })).headIterationId).toBe(saved.id);
  });
});
