// The view a reload comes back to: only well-formed views are read back from storage.
import { describe, expect, it } from 'vitest';
import { parseView } from '../../renderer/app/lastView';

describe('parseView', () => {
  it('keeps a project with its open document, without the version or sequence it was opened at', () => {
    const view = { kind: 'project', projectId: 'p1', document: { id: 'd1', title: 'Chapter 1', iterationId: 'i9', seq: 5 } };
    expect(parseView(view)).toEqual({ kind: 'project', projectId: 'p1', document: { id: 'd1', title: 'Chapter 1' } });
    expect(parseView({ kind: 'project', projectId: 'p1' })).toEqual({ kind: 'project', projectId: 'p1' });
    expect(parseView({ kind: 'search', q: 'Moses' })).toEqual({ kind: 'search', q: 'Moses' });
    expect(parseView({ kind: 'trash', extra: 1 })).toEqual({ kind: 'trash' });
  });

  it('reads junk as no view, and a document without an id as the project alone', () => {
    for (const junk of [null, 42, 'project', [], { kind: 'project' }, { kind: 'project', projectId: 7 }, { kind: 'compare', ids: ['a', 'b'] }, { kind: 'search', q: '' }]) {
      expect(parseView(junk)).toBeNull();
    }
    expect(parseView({ kind: 'project', projectId: 'p1', document: { title: 'x' } })).toEqual({ kind: 'project', projectId: 'p1' });
  });
});
