// The Trash page reloads only on a history.changed that can alter it: a move into or out of the
// trash, a deletion, or an event that does not say what changed.
import { describe, expect, it } from 'vitest';
import { touchesTrash } from '../../renderer/features/history/trashChange';

const base = { documentId: 'd', iterationIds: ['v'] };

describe('touchesTrash', () => {
  it('is true for the trash, a restore, emptying and an event that does not say', () => {
    expect(touchesTrash({ ...base, change: 'trash' })).toBe(true);
    expect(touchesTrash({ documentId: 'd', iterationIds: [], change: 'trash' })).toBe(true);
    expect(touchesTrash(base)).toBe(true);
  });

  it('is false for new versions, a checkout and marks', () => {
    expect(touchesTrash({ ...base, change: 'added' })).toBe(false);
    expect(touchesTrash({ ...base, change: 'head' })).toBe(false);
    expect(touchesTrash({ ...base, marks: [{ id: 'v', starred: true, tags: [], note: null }] })).toBe(false);
  });
});
