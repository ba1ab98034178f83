// The board's star overrides (renderer/features/image/starOverrides.ts): a star toggled on the canvas
// shows at once, and the override is dropped once the reloaded versions agree, so a later change
// made elsewhere (the tree, a grid) is what the board shows. Before the fix the override stayed
// until a reload of the page.
import { describe, expect, it } from 'vitest';
import type { Iteration } from '../../shared/contract';
import { starredIds, unsettledStars } from '../../renderer/features/image/starOverrides';

const version = (id: string, starred: boolean, number = 1): { it: Iteration; recipe: null; number: number } => ({
  it: { id, documentId: 'b', kind: 'image', source: 'model', status: 'ok', recipe: null, artifactId: id, createdAt: number, deletedAt: null, parentIds: [], starred } satisfies Iteration,
  recipe: null,
  number,
});

describe('board star overrides', () => {
  it('a canvas star, confirmed, then unstarred from the tree shows unstarred', () => {
    let versions = [version('a', false), version('b', false, 2)];
    // Starred on the canvas: shown at once, before the host answers.
    let pending: ReadonlyMap<string, boolean> = new Map([['a', true]]);
    expect([...starredIds(versions, pending)]).toEqual(['a']);
    // The reload after history.changed confirms it: the override goes.
    versions = [version('a', true), version('b', false, 2)];
    pending = unsettledStars(pending, versions);
    expect(pending.size).toBe(0);
    expect([...starredIds(versions, pending)]).toEqual(['a']);
    // Unstarred from the history tree: the board follows.
    versions = [version('a', false), version('b', false, 2)];
    pending = unsettledStars(pending, versions);
    expect([...starredIds(versions, pending)]).toEqual([]);
  });

  it('keeps an override that an older reload contradicts, until one agrees', () => {
    const pending: ReadonlyMap<string, boolean> = new Map([
      ['a', false],
      ['b', true],
    ]);
    // A reload from before the annotate committed (another job finished): both overrides stay.
    const stale = [version('a', true), version('b', false, 2)];
    expect(unsettledStars(pending, stale)).toBe(pending);
    expect([...starredIds(stale, pending)]).toEqual(['b']);
    // One confirmed, the other not yet.
    const half = [version('a', false), version('b', false, 2)];
    expect([...unsettledStars(pending, half)]).toEqual([['b', true]]);
    // A version no longer on the board needs no override.
    expect(unsettledStars(pending, [version('a', false)]).size).toBe(0);
  });
});
