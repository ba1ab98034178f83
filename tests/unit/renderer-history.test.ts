// Pure parts of the history panel: where each key moves in the tree (parent, child towards the
// current version, siblings, ends), what a screen reader hears on a row, the names of text and
// image versions, the "Empty trash" question and the reproduce verdict line; and the layout kept
// across reloads that changed only marks.
import { describe, expect, it } from 'vitest';
import type { HistoryGraph, Iteration } from '../../shared/contract';
import { describe as describeVersion, excerpt, firstAlternatives, firstLine } from '../../renderer/features/history/describe';
import { spokenRow } from '../../renderer/features/history/spoken';
import { layoutTree, relayout, sameShape } from '../../renderer/features/history/treeLayout';
import { isNavKey, navTarget, siblingsOf, treeLinks } from '../../renderer/features/history/treeNav';
import { EMPTY_DOCUMENT_TRASH, emptyDocumentTrashConfirm, emptyTrashMessage, leftInTrashNote } from '../../renderer/features/history/trashMessage';
import { verdictText } from '../../renderer/features/history/verdict';
import { withMarks } from '../../renderer/features/history/versionMarks';
import { estimateRowHeight, revealTop, rowOffsets, windowRange } from '../../renderer/features/history/treeWindow';
import { versionNode } from '../support/version-node';

const node = versionNode;

//   a ── b ── e
//   │    └─── f
//   └─── c ── d (head)
const graph: HistoryGraph = {
  iterations: [node('a', null, 1), node('b', 'a', 2), node('c', 'a', 3), node('d', 'c', 4), node('e', 'b', 5), node('f', 'b', 6)],
  edges: [],
};

describe('tree keyboard navigation', () => {
  const rows = layoutTree(graph, 'd');
  const links = treeLinks(rows);
  const go = (from: string, key: string) => (isNavKey(key) ? navTarget(rows, links, from, key) : 'not a nav key');

  it('Up goes to the parent, and nowhere from a first version', () => {
    expect(go('d', 'ArrowUp')).toBe('c');
    expect(go('e', 'ArrowUp')).toBe('b');
    expect(go('a', 'ArrowUp')).toBeNull();
  });

  it('Down goes to the child towards the current version, else the oldest child', () => {
    expect(go('a', 'ArrowDown')).toBe('c'); // c is on the path to d, though b is older
    expect(go('b', 'ArrowDown')).toBe('e');
    expect(go('d', 'ArrowDown')).toBeNull();
  });

  it('Left and Right go between siblings in the order they were made', () => {
    expect(siblingsOf(links, 'e')).toEqual(['e', 'f']);
    expect(links.place.get('f')).toEqual({ position: 2, of: 2 });
    expect(links.place.get('c')).toEqual({ position: 2, of: 2 });
    expect(links.place.get('a')).toEqual({ position: 1, of: 1 });
    expect(go('e', 'ArrowRight')).toBe('f');
    expect(go('f', 'ArrowRight')).toBeNull();
    expect(go('f', 'ArrowLeft')).toBe('e');
    expect(go('c', 'ArrowLeft')).toBe('b');
    expect(go('b', 'ArrowLeft')).toBeNull();
  });

  it('Home and End go to the first and last rows; other keys are not moves', () => {
    expect(go('e', 'Home')).toBe('a');
    expect(go('a', 'End')).toBe(rows[rows.length - 1]?.iteration.id);
    expect(go('a', 'Enter')).toBe('not a nav key');
  });

  it('indents each first version\'s descendants when there are several (an image board)', () => {
    const board = layoutTree({ iterations: [node('i1', null, 1), node('i2', null, 2), node('r1', 'i1', 3), node('r2', 'r1', 4)], edges: [] }, null);
    expect(board.map((r) => [r.iteration.id, r.depth])).toEqual([
      ['i1', 0],
      ['r1', 1],
      ['r2', 1],
      ['i2', 0],
    ]);
  });

  it('moves along a board of 10,000 first versions', () => {
    const many = layoutTree({ iterations: Array.from({ length: 10_000 }, (_, i) => node(`r${i}`, null, i)), edges: [] }, null);
    const l = treeLinks(many);
    expect(l.place.get('r9999')).toEqual({ position: 10_000, of: 10_000 });
    expect(navTarget(many, l, 'r5000', 'ArrowRight')).toBe('r5001');
    expect(navTarget(many, l, 'r0', 'ArrowLeft')).toBeNull();
  });

  it('treats versions whose parent is gone as roots, siblings of each other', () => {
    const orphans = layoutTree({ iterations: [node('x', 'gone', 1), node('y', null, 2)], edges: [] }, 'y');
    const l = treeLinks(orphans);
    expect(l.roots).toEqual(['x', 'y']);
    expect(navTarget(orphans, l, 'x', 'ArrowRight')).toBe('y');
  });
});

describe('the layout of wide and mixed trees', () => {
  // a ── b ── e ── g      three first versions (a, x, and z whose parent is gone); b has four
  // │    ├ f, w, h        children (f and w made in the same millisecond: ordered by id), a three.
  // ├─── c ── d (head)
  // └─── i     x ── y     z
  const mixed: HistoryGraph = {
    iterations: [
      node('a', null, 1), node('b', 'a', 2), node('c', 'a', 3), node('d', 'c', 4), node('e', 'b', 5), node('f', 'b', 6), node('g', 'e', 7),
      node('h', 'b', 8), node('i', 'a', 9), node('x', null, 10), node('y', 'x', 11), node('z', 'gone', 12), node('w', 'b', 6),
    ],
    edges: [],
  };

  it('lays out every row exactly: depth, branch start, path, head and descendants', () => {
    const rows = layoutTree(mixed, 'd').map((r) => [r.iteration.id, r.depth, r.branchStart, r.onPath, r.isHead, r.descendants]);
    expect(rows).toEqual([
      ['a', 0, true, true, false, 9],
      ['b', 1, true, false, false, 5],
      ['f', 2, true, false, false, 0],
      ['w', 2, true, false, false, 0],
      ['h', 2, true, false, false, 0],
      ['e', 1, false, false, false, 1],
      ['g', 1, false, false, false, 0],
      ['i', 1, true, false, false, 0],
      ['c', 1, false, true, false, 1],
      ['d', 1, false, true, true, 0],
      ['x', 0, true, false, false, 1],
      ['y', 1, false, false, false, 0],
      ['z', 0, true, false, false, 0],
    ]);
    const links = treeLinks(layoutTree(mixed, 'd'));
    expect(links.roots).toEqual(['a', 'x', 'z']);
    expect([...links.children]).toEqual([
      ['a', ['b', 'c', 'i']],
      ['b', ['e', 'f', 'w', 'h']],
      ['e', ['g']],
      ['c', ['d']],
      ['x', ['y']],
    ]);
    expect(links.place.get('w')).toEqual({ position: 3, of: 4 });
    expect(links.place.get('z')).toEqual({ position: 3, of: 3 });
  });

  it('lays out one prompt with 5,000 alternatives: each a side branch, the current one last on the main line', () => {
    const its = [node('p', null, 0), ...Array.from({ length: 5000 }, (_, i) => node(`c${i}`, 'p', 1 + i))];
    const rows = layoutTree({ iterations: its, edges: [] }, 'c2500');
    expect(rows).toHaveLength(5001);
    expect(rows[0]).toMatchObject({ depth: 0, descendants: 5000, onPath: true });
    expect(rows.slice(1, 5000).map((r) => r.iteration.id)).toEqual(its.slice(1).map((it) => it.id).filter((id) => id !== 'c2500'));
    expect(rows.slice(1, 5000).every((r) => r.depth === 1 && r.branchStart && !r.onPath && r.descendants === 0)).toBe(true);
    expect(rows[5000]).toMatchObject({ iteration: { id: 'c2500' }, depth: 0, branchStart: false, isHead: true });
    const links = treeLinks(rows);
    expect(links.children.get('p')).toHaveLength(5000);
    expect(links.place.get('c4999')).toEqual({ position: 5000, of: 5000 });
    expect(navTarget(rows, links, 'p', 'ArrowDown')).toBe('c2500');
    expect(navTarget(rows, links, 'c2500', 'ArrowRight')).toBe('c2501');
  });
});

describe('what a row says', () => {
  it('names the version, its marks and where it sits', () => {
    const rows = layoutTree(
      { iterations: [node('a', null, 1), node('b', 'a', 2, { starred: true, tags: ['keeper', 'draft'], note: 'the good one' }), node('c', 'a', 3)], edges: [] },
      'b',
    );
    const b = rows.find((r) => r.iteration.id === 'b')!;
    expect(spokenRow(b, 1, 2, 0)).toBe('Your edit, current version, starred, tags keeper, draft, has a note, 1 of 2 siblings, no children');
    const a = rows.find((r) => r.iteration.id === 'a')!;
    expect(spokenRow(a, 1, 1, 2)).toBe('First version, 2 children');
    const rerun = { ...a, iteration: { ...a.iteration, reproduces: { originalId: 'x', outcome: 'differs' as const } } };
    expect(spokenRow(rerun, 1, 1, 0)).toBe('First version, re-run, output differs, no children');
  });

  it('describes text and image versions from their recipes', () => {
    const textRecipe = { kind: 'text', model: { id: 'starter-text' }, seed: 7, alternative: 1 };
    expect(describeVersion(node('t', 'a', 1, { source: 'model', recipe: textRecipe }))).toEqual({ title: 'Model · alt 2', detail: 'starter-text · seed 7' });
    // Alternative 1 of several says 'alt 1' too; the recipe holds only the index, so the graph decides.
    const alt = (id: string, parent: string, alternative: number, seed = 7) =>
      node(id, parent, 1, { source: 'model', recipe: { ...textRecipe, seed, alternative } });
    const run = [alt('x0', 'p', 0), alt('x1', 'p', 1), alt('x2', 'p', 2), alt('lone', 'p', 0, 8), alt('other', 'q', 0)];
    const firsts = firstAlternatives(run);
    expect([...firsts]).toEqual(['x0']);
    expect(describeVersion(run[0]!, firsts.has('x0')).title).toBe('Model · alt 1');
    expect(describeVersion(run[3]!, firsts.has('lone')).title).toBe('Model');
    expect(describeVersion(run[4]!, firsts.has('other')).title).toBe('Model');
    expect(run.map((it) => describeVersion(it, firsts.has(it.id)).title)).toEqual(['Model · alt 1', 'Model · alt 2', 'Model · alt 3', 'Model', 'Model']);
    const image = (extra: object) =>
      node('i', null, 1, {
        kind: 'image',
        source: 'model',
        recipe: { kind: 'image', model: { id: 'tiny-sd' }, settings: {}, seed: 42, width: 64, height: 64, initIterationId: null, ...extra },
      });
    expect(describeVersion(image({}))).toEqual({ title: 'Image', detail: 'tiny-sd · seed 42 · 64×64' });
    expect(describeVersion(image({ initIterationId: 'p' })).title).toBe('Variation');
    expect(describeVersion(image({ upscale: { from: 'p', scale: 4 } }))).toEqual({ title: 'Enhanced ×4', detail: 'tiny-sd' });
  });

  it('shows what a version adds to its parent, from the word where they part', () => {
    expect(excerpt('The keeper climbed the stairs', 'The keeper climbed')).toBe('…climbed the stairs');
    expect(excerpt('The keeper climbed the stairs', 'The keeper walked')).toBe('…climbed the stairs');
    expect(excerpt('The keeper climbed', null)).toBe('The keeper climbed');
    // Only cut from the end: the first line; a re-run that matched says so.
    expect(excerpt('The keeper', 'The keeper climbed')).toBe('The keeper');
    expect(excerpt('The keeper', 'The keeper')).toBe('Same text as its parent');
    expect(excerpt('Other\nwords', 'The keeper')).toBe('Other words');
    expect(excerpt(`Go ${'x'.repeat(200)}`, 'Go ', 20)).toBe(`…${'x'.repeat(18)}…`);
  });

  it('shows the first line that has words, shortened', () => {
    expect(firstLine('\n\n  The keeper climbed.\nSecond')).toBe('The keeper climbed.');
    expect(firstLine('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(firstLine('')).toBe('');
  });
});

describe('trash and reproduce lines', () => {
  it('names the count, the document (and the space freed) before emptying one document\'s trash', () => {
    const one = (iterations: number, bytes: number) => ({ iterations, bytes, documents: [{ documentId: 'd', title: 'Ode', projectName: 'P', iterations }] });
    expect(emptyTrashMessage(one(3, 0))).toBe("Delete 3 versions of 'Ode' for good?");
    expect(emptyTrashMessage(one(1, 2048))).toBe("Delete 1 version of 'Ode' for good? This frees 2 KB.");
    expect(emptyTrashMessage(one(2, 3 * 1024 * 1024))).toBe("Delete 2 versions of 'Ode' for good? This frees 3.0 MB.");
  });

  it("names one document's Empty apart from the Trash page's Empty trash, and puts the count on its confirm", () => {
    expect(EMPTY_DOCUMENT_TRASH).toBe("Empty this document's trash");
    expect(emptyDocumentTrashConfirm({ iterations: 1 })).toBe('Delete 1 version for good');
    expect(emptyDocumentTrashConfirm({ iterations: 3 })).toBe('Delete 3 versions for good');
  });

  it('names each document\'s share when the trash spans several, summing past five, and what stays', () => {
    const doc = (title: string, iterations: number) => ({ documentId: title, title, projectName: 'Atlas', iterations });
    const two = [doc('Chapter 3', 9), doc('Board', 5)];
    expect(emptyTrashMessage({ iterations: 14, bytes: 0, documents: two })).toBe("Delete 14 versions for good? 9 of 'Chapter 3' (Atlas), 5 of 'Board' (Atlas).");
    const seven = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((t, i) => doc(t, 7 - i));
    expect(emptyTrashMessage({ iterations: 28, bytes: 1, documents: seven })).toBe(
      "Delete 28 versions for good? 7 of 'A' (Atlas), 6 of 'B' (Atlas), 5 of 'C' (Atlas), 4 of 'D' (Atlas), 3 of 'E' (Atlas), 3 versions of 2 other documents. This frees 1 KB.",
    );
    expect(leftInTrashNote({ inTrashedDocuments: 0 })).toBeNull();
    expect(leftInTrashNote({ inTrashedDocuments: 1 })).toBe('1 trashed version stays: its document or project is in the trash.');
    expect(leftInTrashNote({ inTrashedDocuments: 4 })).toBe('4 trashed versions stay: their documents or projects are in the trash.');
  });

  it('says identical, or differs with the reasons', () => {
    expect(verdictText({ outcome: 'identical', reasons: [] })).toBe('identical');
    expect(
      verdictText({
        outcome: 'differs',
        reasons: [
          { code: 'model-changed', message: 'The model file changed' },
          { code: 'other-device', message: 'Made on cuda, re-run on cpu' },
        ],
      }),
    ).toBe('differs — The model file changed; Made on cuda, re-run on cpu');
  });
});

describe('the tree window (which rows of a long tree are drawn)', () => {
  // Rows of 30, 50, 30, 50… px: offsets are their running sums.
  const offsets = rowOffsets(Array.from({ length: 10_000 }, (_, i) => (i % 2 ? 50 : 30)));

  it('places rows at the running sum of their heights', () => {
    expect([...offsets.slice(0, 5)]).toEqual([0, 30, 80, 110, 160]);
    expect(offsets[10_000]).toBe(400_000);
  });

  it('draws only the rows that overlap the view and its margin', () => {
    expect(windowRange(offsets, 0, 200, 0)).toEqual({ start: 0, end: 6 });
    // Row 5000 starts at 200,000: a 400 px view there, 80 px of margin each side.
    const { start, end } = windowRange(offsets, 200_000, 400, 80);
    expect([start, end]).toEqual([4998, 5013]);
    // Row 9997 runs from 399,870 to 399,920, so it still shows at 399,900.
    expect(windowRange(offsets, 399_900, 400, 0)).toEqual({ start: 9997, end: 10_000 });
    expect(windowRange(rowOffsets([]), 0, 400)).toEqual({ start: 0, end: 0 });
  });

  it('scrolls as little as needed to bring a row into view', () => {
    // Already in view: no move.
    expect(revealTop(offsets, 3, 0, 400)).toBe(0);
    // Above the view: its top at the top; below: its bottom at the bottom.
    expect(revealTop(offsets, 2, 100, 400)).toBe(80);
    expect(revealTop(offsets, 9999, 0, 400)).toBe(400_000 - 400);
    // A row taller than the view shows its top.
    expect(revealTop(rowOffsets([10, 900]), 1, 0, 400)).toBe(10);
  });

  it('estimates a row from what it will show', () => {
    const text = node('t', null, 1);
    const tagged = node('u', null, 1, { tags: ['keeper'], note: 'why' });
    const image = node('i', null, 1, { kind: 'image' });
    expect(estimateRowHeight(text)).toBe(8 + 18 + 16 + 1);
    expect(estimateRowHeight(tagged)).toBe(8 + 18 + 16 + 18 + 16 + 1);
    expect(estimateRowHeight(image)).toBe(8 + 40 + 1);
  });
});

describe('the layout across reloads', () => {
  // 3,000 versions: a main line with a side branch every 7th version and a trashed one now and then.
  const big = (): HistoryGraph => {
    const its: Iteration[] = [node('v0', null, 0)];
    for (let i = 1; i < 3000; i++) its.push(node(`v${i}`, `v${i % 7 === 0 ? i - 3 : i - 1}`, i, { deletedAt: i % 50 === 0 ? 1 : null }));
    return { iterations: its, edges: [] };
  };
  // What history.changed delivers: the whole graph again, as new objects.
  const reload = (g: HistoryGraph, change: (its: Iteration[]) => void = () => {}): HistoryGraph => {
    const copy = JSON.parse(JSON.stringify(g)) as HistoryGraph;
    change(copy.iterations);
    return copy;
  };

  it('keeps the layout when only marks changed, with the new marks on the rows', () => {
    const g1 = big();
    const first = relayout(null, g1, 'v2999');
    expect(relayout(first, g1, 'v2999')).toBe(first);
    const g2 = reload(g1, (its) => Object.assign(its[1234] as Iteration, { starred: true, tags: ['keep'], note: 'n', deletedAt: 5 }));
    expect(sameShape(g1, g2)).toBe(true);
    const second = relayout(first, g2, 'v2999');
    expect(second.shape).toBe(first.shape); // not laid out again
    expect(second.rows).toEqual(layoutTree(g2, 'v2999')); // and the same as laying it out again
    const row = second.rows.find((r) => r.iteration.id === 'v1234');
    expect(row?.iteration).toBe(g2.iterations[1234]);
    expect(row?.iteration).toMatchObject({ starred: true, tags: ['keep'], note: 'n', deletedAt: 5 });
  });

  it('puts a mark change on its one version in place; the layout is kept and equals laying it out again', () => {
    const g1 = big();
    const first = relayout(null, g1, 'v2999');
    const g2 = withMarks(g1, [{ id: 'v1234', starred: true, tags: ['keep', 'later'], note: 'the turn' }]);
    expect(g2).not.toBe(g1);
    expect(g2.edges).toBe(g1.edges);
    expect(g2.iterations[1234]).toEqual({ ...g1.iterations[1234], starred: true, tags: ['keep', 'later'], note: 'the turn' });
    expect(g2.iterations.filter((it, i) => it !== g1.iterations[i]).map((it) => it.id)).toEqual(['v1234']);
    const second = relayout(first, g2, 'v2999');
    expect(second.shape).toBe(first.shape);
    expect(second.rows).toEqual(layoutTree(g2, 'v2999'));
    expect(second.rows.find((r) => r.iteration.id === 'v1234')?.iteration).toMatchObject({ starred: true, note: 'the turn' });
    // Marks taken off again; a version not in this graph (another document's) changes nothing.
    const g3 = withMarks(g2, [{ id: 'v1234', starred: false, tags: [], note: null }]);
    expect(g3.iterations[1234]).toMatchObject({ starred: false, tags: [], note: null });
    expect(withMarks(g3, [{ id: 'elsewhere', starred: true, tags: [], note: null }])).toBe(g3);
  });

  it('lays out again when a version is added, a parent or time differs, or the head moves', () => {
    const g1 = big();
    const first = relayout(null, g1, 'v2999');
    const cases: [string, HistoryGraph, string][] = [
      ['added', reload(g1, (its) => its.push(node('v3000', 'v10', 3000))), 'v2999'],
      ['other parent', reload(g1, (its) => ((its[2000] as Iteration).parentIds = ['v5'])), 'v2999'],
      ['two parents', reload(g1, (its) => (its[2000] as Iteration).parentIds.push('v5')), 'v2999'],
      ['other time', reload(g1, (its) => ((its[3] as Iteration).createdAt = 99_999)), 'v2999'],
      ['same graph, head moved', reload(g1), 'v1500'],
    ];
    for (const [what, g, head] of cases) {
      const next = relayout(first, g, head);
      expect(next.shape, what).not.toBe(first.shape);
      expect(next.rows, what).toEqual(layoutTree(g, head));
    }
  });
});
