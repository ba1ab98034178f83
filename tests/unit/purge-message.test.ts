// The Delete for good / Empty trash confirm text: what goes (documents, versions, image files and
// their size, names of what is listed) and, apart, the image files that stay because another version uses them.
import { describe, expect, it } from 'vitest';
import type { PurgeItem, PurgeSummary } from '../../shared/contract';
import { purgeMessage, purgeStaysNote } from '../../renderer/features/projects/purgeMessage';

const item = (kind: PurgeItem['kind'], name: string, documents: number, versions: number): PurgeItem => ({
  kind, id: name, name, projectName: 'Atlas', documents, versions, files: 0, bytes: 0,
});
const summary = (items: PurgeItem[], extra: Partial<PurgeSummary> = {}): PurgeSummary => ({
  items,
  projects: items.filter((i) => i.kind === 'project').length,
  documents: items.reduce((n, i) => n + i.documents, 0),
  versions: items.reduce((n, i) => n + i.versions, 0),
  singleVersions: 0, files: 0, bytes: 0, sharedFiles: 0, projectIds: [], documentIds: [], iterationIds: [],
  ...extra,
});

describe('purgeMessage', () => {
  it('names one document or project with its counts, and the files freed', () => {
    expect(purgeMessage(summary([item('document', 'Sketches', 1, 1)]))).toBe("Delete 'Sketches' (Atlas) for good? Its 1 version goes.");
    expect(purgeMessage(summary([item('document', 'Sketches', 1, 3)], { files: 2, bytes: 3 * 1024 * 1024 }))).toBe(
      "Delete 'Sketches' (Atlas) for good? Its 3 versions go, with 2 image files (3.0 MB).",
    );
    expect(purgeMessage(summary([item('project', 'Bestiary', 2, 5)], { files: 1, bytes: 2048 }))).toBe(
      "Delete project 'Bestiary' for good? Its 2 documents and 5 versions go, with 1 image file (2 KB).",
    );
  });

  it('Empty trash lists projects, documents and single versions, the names past five counted', () => {
    const docs = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((n) => item('document', n, 1, 1));
    expect(purgeMessage(summary([item('project', 'Attic', 3, 4), ...docs], { singleVersions: 2, versions: 13 }))).toBe(
      "Delete 1 project ('Attic'; 3 documents), 7 documents ('A', 'B', 'C', 'D', 'E', 2 more), 2 single versions for good? 13 versions in all go.",
    );
    expect(purgeMessage(summary([]))).toBe('The trash is empty: nothing to delete.');
  });

  it('says which image files stay', () => {
    expect(purgeStaysNote({ sharedFiles: 0 })).toBeNull();
    expect(purgeStaysNote({ sharedFiles: 1 })).toBe('1 image file stays: a version kept elsewhere uses it too.');
    expect(purgeStaysNote({ sharedFiles: 3 })).toBe('3 image files stay: versions kept elsewhere use them too.');
  });
});
