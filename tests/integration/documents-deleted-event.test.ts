// Deleting documents for good tells every client which ones went, over the socket every window
// listens on: one documents.deleted per document (those of a deleted project included, with the
// project they were in), sent before the projects.changed that would make a window reload and
// find its open document gone. A document only trashed, or one that lost single versions, is not
// announced as deleted.
import { describe, expect, it } from 'vitest';
import type { DocumentInfo, Iteration, Project, PurgeSummary } from '../../shared/contract';
import { useTestHost } from '../support/test-host';

const h = useTestHost();
const named = (s: PurgeSummary) => ({ projectIds: s.projectIds, documentIds: s.documentIds, iterationIds: s.iterationIds });

describe('documents.deleted', () => {
  it('names each document deleted for good, before its project changes', async () => {
    const atlas = await h.call<Project>('projects.create', { name: 'Atlas' });
    const bestiary = await h.call<Project>('projects.create', { name: 'Bestiary' });
    const chapter = await h.call<DocumentInfo>('documents.create', { projectId: atlas.id, kind: 'text', title: 'Chapter', text: 'a' });
    const kept = await h.call<DocumentInfo>('documents.create', { projectId: atlas.id, kind: 'text', title: 'Kept', text: 'b' });
    const second = await h.call<Iteration>('history.commitText', { documentId: kept.id, parentIds: [kept.headIterationId], text: 'b2' });
    await h.call('history.trash', { id: kept.headIterationId });
    const owls = await h.call<DocumentInfo>('documents.create', { projectId: bestiary.id, kind: 'image', title: 'Owls' });
    const notes = await h.call<DocumentInfo>('documents.create', { projectId: bestiary.id, kind: 'text', title: 'Notes', text: 'c' });
    const waiting = await h.call<DocumentInfo>('documents.create', { projectId: atlas.id, kind: 'text', title: 'Waiting', text: 'd' });
    await h.call('documents.trash', { id: chapter.id });
    await h.call('documents.trash', { id: waiting.id });
    await h.call('projects.trash', { id: bestiary.id });

    const from = h.sock.events.length;
    const summary = await h.call<PurgeSummary>('trash.summary', { projectIds: [bestiary.id], documentIds: [chapter.id], everything: false });
    // The single version of Kept goes too (named with the rest).
    await h.call('trash.deleteForGood', { ...named(summary), iterationIds: [...summary.iterationIds, kept.headIterationId] });
    const events = h.sock.events.slice(from).filter((e) => e.event === 'documents.deleted' || e.event === 'projects.changed');
    const deleted = events.filter((e) => e.event === 'documents.deleted').map((e) => e.data);
    expect(deleted).toHaveLength(3);
    expect(deleted).toEqual(
      expect.arrayContaining([
        { documentId: chapter.id, projectId: atlas.id },
        { documentId: owls.id, projectId: bestiary.id },
        { documentId: notes.id, projectId: bestiary.id },
      ]),
    );
    // Every documents.deleted comes before the first projects.changed.
    const firstChange = events.findIndex((e) => e.event === 'projects.changed');
    expect(firstChange).toBe(3);
    expect(events.slice(firstChange).every((e) => e.event === 'projects.changed')).toBe(true);
    // Kept (lost a single version) and Waiting (only trashed) are still there.
    expect((await h.call<DocumentInfo>('documents.get', { id: kept.id })).headIterationId).toBe(second.id);
    expect((await h.call<DocumentInfo>('documents.get', { id: waiting.id })).deletedAt).not.toBeNull();
  });
});
