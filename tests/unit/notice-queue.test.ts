// The line of "document gone" notices: one per document. An image board trashed and then deleted
// for good elsewhere closed twice (its info reloaded as trashed, then documents.deleted) and queued two
// notices: Escape on the first showed the second again (deleted-elsewhere e2e, seen under load).
import { describe, expect, it } from 'vitest';
import { enqueueNotice } from '../../renderer/features/documents/noticeQueue';

interface GoneDocument {
  documentId: string;
  projectId: string;
  title: string;
  kind: 'text' | 'image';
  held: { text: string; unsaved: boolean } | null;
  trashed?: { projectName: string | null };
  keptAt?: number;
  outside?: true;
}

const board: GoneDocument = { documentId: 'd1', projectId: 'p1', title: 'Owl sketches', kind: 'image', held: null, trashed: { projectName: null } };
const text = { text: 'Owls hunt at night.', unsaved: true };

describe('enqueueNotice', () => {
  it('a second notice for the same document updates the first: trashed, then deleted for good, is one notice', () => {
    let q = enqueueNotice<GoneDocument>([], board);
    q = enqueueNotice<GoneDocument>(q, { ...board, trashed: undefined, outside: true });
    expect(q).toEqual([{ ...board, trashed: undefined, outside: true }]);
  });

  it('keeps the text the first close took (the second close finds the editor gone) and never turns deleted back into trashed', () => {
    let q = enqueueNotice<GoneDocument>([], { ...board, kind: 'text', held: text, trashed: undefined });
    q = enqueueNotice<GoneDocument>(q, { ...board, kind: 'text', held: null, trashed: { projectName: null } });
    expect(q).toEqual([{ ...board, kind: 'text', held: text, trashed: undefined }]);
  });

  it('other documents queue after it, in order; a kept text is its own notice, queued once', () => {
    const other: GoneDocument = { ...board, documentId: 'd2', title: 'Notes' };
    const kept: GoneDocument = { ...board, kind: 'text', held: text, keptAt: 5 };
    let q = enqueueNotice<GoneDocument>([], board);
    q = enqueueNotice<GoneDocument>(q, other);
    q = enqueueNotice<GoneDocument>(q, kept);
    q = enqueueNotice<GoneDocument>(q, kept);
    expect(q.map((g) => [g.documentId, g.keptAt])).toEqual([
      ['d1', undefined],
      ['d2', undefined],
      ['d1', 5],
    ]);
  });
});
