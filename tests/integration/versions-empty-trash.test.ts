// "Empty trash" on the Trash page's Versions section, over the real browser host: the summary its
// confirm names is the list the page shows (trashed versions of live documents in live projects,
// by document), and history.emptyTrash with the named ids deletes exactly those still in the trash:
// not a version trashed after the confirm was drawn, not one restored meanwhile, not the trashed
// versions of a trashed document or a trashed project. Rows are read before and after on a second
// SQLite connection.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, EmptyTrashResult, HistoryTrashSummary, Iteration, Project, SearchResponse } from '../../shared/contract';
import { DB_FILE } from '../../electron/store/startup';
import { useTestHost } from '../support/test-host';

const h = useTestHost();
let db: Database.Database;
/** Each document's versions, root first. */
const v: Record<string, string[]> = {};
const docs: Record<string, DocumentInfo> = {};
let bestiary: Project;

async function textDoc(projectId: string, title: string, versions: number): Promise<void> {
  const d = await h.call<DocumentInfo>('documents.create', { projectId, kind: 'text', title, text: `${title} 0` });
  docs[title] = d;
  v[title] = [d.headIterationId as string];
  for (let i = 1; i < versions; i++) {
    const it = await h.call<Iteration>('history.commitText', { documentId: d.id, parentIds: [v[title]!.at(-1)], text: `${title} ${i}` });
    v[title]!.push(it.id);
  }
}

/** Every version's id and whether it is trashed, read on the second connection. */
const rows = () =>
  Object.fromEntries((db.prepare('SELECT id, deleted_at IS NOT NULL AS trashed FROM iterations').all() as { id: string; trashed: number }[]).map((r) => [r.id, r.trashed]));

beforeAll(async () => {
  const atlas = await h.call<Project>('projects.create', { name: 'Atlas' });
  bestiary = await h.call<Project>('projects.create', { name: 'Bestiary' });
  await textDoc(atlas.id, 'Chapter 3', 5);
  await textDoc(atlas.id, 'Notes', 3);
  await textDoc(atlas.id, 'Draft', 3);
  await textDoc(bestiary.id, 'Field notes', 3);
  for (const id of [v['Chapter 3']![2]!, v['Chapter 3']![3]!, v.Notes![1]!, v.Draft![1]!, v['Field notes']![1]!]) await h.call('history.trash', { id });
  // Draft goes to the trash as a document, Bestiary as a project: their trashed versions wait with them.
  await h.call('documents.trash', { id: docs.Draft!.id });
  await h.call('projects.trash', { id: bestiary.id });
  db = new Database(join(h.core.store.dataDir, DB_FILE), { readonly: true, fileMustExist: true });
});
afterAll(() => db?.close());

describe('Empty trash for versions on the Trash page', () => {
  let summary: HistoryTrashSummary;

  it('names the versions the page lists, by document, and counts apart those of a trashed document or project', async () => {
    summary = await h.call<HistoryTrashSummary>('history.trashSummary', {});
    expect({ ...summary, iterationIds: [...summary.iterationIds].sort() }).toEqual({
      iterations: 3,
      bytes: 0,
      iterationIds: [v['Chapter 3']![2], v['Chapter 3']![3], v.Notes![1]].sort(),
      documents: [
        { documentId: docs['Chapter 3']!.id, title: 'Chapter 3', projectName: 'Atlas', iterations: 2 },
        { documentId: docs.Notes!.id, title: 'Notes', projectName: 'Atlas', iterations: 1 },
      ],
      inTrashedDocuments: 2,
    });
    // The same versions the Versions section lists.
    const listed = await h.call<SearchResponse>('search.query', { q: 'is:trashed' });
    expect(listed.results.map((r) => r.iterationId).sort()).toEqual([...summary.iterationIds].sort());
  });

  it('deletes exactly the named versions still in the trash; nothing trashed since, restored since, or waiting with a trashed document or project', async () => {
    // After the confirm was drawn: another client trashes one more and restores a named one.
    const late = v['Chapter 3']![1]!;
    const restored = v.Notes![1]!;
    await h.call('history.trash', { id: late });
    await h.call('history.restore', { id: restored });
    const before = rows();

    const result = await h.call<EmptyTrashResult>('history.emptyTrash', { iterationIds: summary.iterationIds });
    expect(result).toMatchObject({ iterations: 2, documentIds: [docs['Chapter 3']!.id] });

    const after = rows();
    const gone = Object.keys(before).filter((id) => !(id in after));
    expect(gone.sort()).toEqual([v['Chapter 3']![2], v['Chapter 3']![3]].sort());
    expect(Object.keys(after).length).toBe(Object.keys(before).length - 2);
    // Everything else is as it was, trashed or not.
    for (const [id, trashed] of Object.entries(after)) expect([id, trashed]).toEqual([id, before[id]]);
    expect(after[late]).toBe(1);
    expect(after[restored]).toBe(0);
    expect(after[v.Draft![1]!]).toBe(1);
    expect(after[v['Field notes']![1]!]).toBe(1);
  });

  it('leaves a named version of another document alone in one document\'s scope, and refuses malformed ids with BAD_INPUT', async () => {
    const before = rows();
    const result = await h.call<EmptyTrashResult>('history.emptyTrash', { documentId: docs.Notes!.id, iterationIds: [v['Chapter 3']![1]!] });
    expect(result).toMatchObject({ iterations: 0, documentIds: [] });
    expect(rows()).toEqual(before);
    for (const params of [{ iterationIds: ['../x'] }, { iterationIds: 'x' }, { iterationIds: [1] }, { ids: [] }]) {
      expect(await h.sock.call('history.emptyTrash', params), JSON.stringify(params)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
    expect(rows()).toEqual(before);
  });

  it('takes the versions of a document back into the scope once it is restored', async () => {
    await h.call('documents.restore', { id: docs.Draft!.id });
    const now = await h.call<HistoryTrashSummary>('history.trashSummary', {});
    expect(now.documents.map((d) => [d.title, d.iterations])).toEqual([
      ['Chapter 3', 1],
      ['Draft', 1],
    ]);
    expect(now.inTrashedDocuments).toBe(1);
    // Emptying everything now (no ids: the scope as it is) still leaves Bestiary's.
    const result = await h.call<EmptyTrashResult>('history.emptyTrash', {});
    expect(result.iterations).toBe(2);
    expect(rows()[v['Field notes']![1]!]).toBe(1);
    expect(await h.call('history.trashSummary', {})).toEqual({ iterations: 0, bytes: 0, iterationIds: [], documents: [], inTrashedDocuments: 1 });
  });
});
