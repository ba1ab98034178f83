// The pure parts of following a head moved elsewhere (renderer/features/write/headMove.ts): where
// the cursor lands in the new text, what the session does in each state, and the words used.
import { describe, expect, it } from 'vitest';
import type { Iteration } from '../../shared/contract';
import { followCursor, followedWords, headMoveAction, movedWords, versionName } from '../../renderer/features/write/headMove';

const version = (over: Partial<Iteration> = {}): Iteration =>
  ({
    id: 'v2',
    documentId: 'd',
    kind: 'text',
    source: 'user',
    status: 'ok',
    recipe: null,
    parentIds: ['v1'],
    createdAt: 1_000_000,
    starred: false,
    tags: [],
    note: null,
    trashed: false,
    ...over,
  }) as Iteration;

describe('followCursor', () => {
  const old = 'The tide came in. Gulls.';
  it('keeps a place before the change, shifts one after it, and ends the new words when inside it', () => {
    const next = 'The high spring tide came in. Gulls.';
    expect(followCursor(old, next, 3)).toBe(3);
    // After "tide" in the old text: moved by the 12 characters added before it.
    expect(followCursor(old, next, 8)).toBe(20);
    expect(followCursor(old, next, old.length)).toBe(next.length);
    // Inside a replaced region: at the end of what replaced it.
    expect(followCursor('The cat sat.', 'The dog sat.', 5)).toBe(7);
  });

  it('stays within a shorter text and is unchanged for the same text', () => {
    expect(followCursor(old, 'The tide', old.length)).toBe(8);
    expect(followCursor(old, old, 11)).toBe(11);
    expect(followCursor('', 'Written elsewhere.', 0)).toBe(0);
    expect(followCursor('abc', 'xyz', 99)).toBe(3);
  });
});

describe('headMoveAction', () => {
  it('waits while busy (a generation is never interrupted), asks over own edits, else follows', () => {
    expect(headMoveAction({ busy: true, ownEdits: false })).toBe('wait');
    expect(headMoveAction({ busy: true, ownEdits: true })).toBe('wait');
    expect(headMoveAction({ busy: false, ownEdits: true })).toBe('ask');
    expect(headMoveAction({ busy: false, ownEdits: false })).toBe('follow');
  });
});

describe('the words', () => {
  // Under 45 s reads "just now" in every locale (minutes are spelled by Intl).
  const now = 1_000_000 + 10_000;
  it('names a version by what it says that the other text does not, who made it and when', () => {
    expect(versionName(version(), 'The tide came in. Gulls.', 'The tide came in.', now)).toBe('“…in. Gulls.” (Your edit, just now)');
    expect(versionName(version({ parentIds: [] }), 'Same.', 'Same.', 1_000_000)).toBe('the same text (First version, just now)');
  });

  it('says where the move came from, and where the writer’s own text is kept', () => {
    expect(followedWords('“x” (Your edit, just now)', 'window', null)).toBe(
      'Updated to version “x” (Your edit, just now) from another window. Click your previous version in the tree to go back.',
    );
    expect(followedWords('“x”', 'outside', '“mine”')).toBe(
      'Updated to version “x” from another program (such as the atelier command line). Your text is kept as version “mine” in the tree.',
    );
    expect(movedWords('“x”', 'window')).toBe('This document moved to version “x” in another window.');
    expect(movedWords('“x”', 'outside')).toBe('This document moved to version “x” in another program (such as the atelier command line).');
  });
});
