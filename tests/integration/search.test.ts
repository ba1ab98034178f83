// History search on a seeded store of 5,000 versions (text and image, several projects): every
// query's results equal what a plain scan of the seeded data says, newest first, with paging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../electron/store';
import { SEARCH_COUNT_CAP } from '../../shared/contract/search';
import { seedHistory, type SeededHistory, type SeededIteration } from '../support/seed-history';
import { tempDir } from '../support/tmp';

const t = tempDir();
let store: Store;
let seeded: SeededHistory;

beforeAll(() => {
  store = openStore(t.dir, { welcome: false });
  seeded = seedHistory(store, { iterations: 5000, bigDocument: 1000, perDocument: 200, seed: 7 });
});
afterAll(() => {
  store.close();
  t.cleanup();
});

const hasWord = (s: string | null, w: string) => (s ?? '').split(/[^a-z0-9]+/).includes(w);
const mentions = (it: SeededIteration, w: string) => hasWord(it.text, w) || hasWord(it.prompt, w) || hasWord(it.note, w) || it.tags.includes(w);
const live = (pred: (it: SeededIteration) => boolean) => seeded.iterations.filter((it) => !it.trashed && pred(it));

/** All result ids of a query (paged), and the total the first page reported. */
function run(q: string, opts: { documentId?: string } = {}) {
  const first = store.search.query(q, { limit: 500, ...opts });
  const ids = first.results.map((r) => r.iterationId);
  for (let offset = 500, page = first.results; page.length === 500; offset += 500) {
    page = store.search.query(q, { limit: 500, offset, ...opts }).results;
    ids.push(...page.map((r) => r.iterationId));
  }
  return { ids, total: first.total, capped: first.totalCapped, first };
}

function expectQuery(q: string, pred: (it: SeededIteration) => boolean, opts: { documentId?: string } = {}) {
  const want = live(pred)
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((it) => it.id);
  const got = run(q, opts);
  expect(got.total, q).toBe(Math.min(want.length, SEARCH_COUNT_CAP));
  expect(got.capped, q).toBe(want.length > SEARCH_COUNT_CAP);
  expect(got.ids, q).toEqual(want);
  return want;
}

describe('search on a seeded store', () => {
  it('finds words in texts, prompts, notes and tags', () => {
    const w = seeded.words[150]!;
    expect(expectQuery(w, (it) => mentions(it, w)).length).toBeGreaterThan(20);
    const [a, b] = [seeded.words[3]!, seeded.words[40]!];
    expectQuery(`${a} ${b}`, (it) => mentions(it, a) && mentions(it, b));
    expectQuery(`${a} -${b}`, (it) => mentions(it, a) && !mentions(it, b));
    expectQuery('note', (it) => mentions(it, 'note'));
    expectQuery('portfolio', (it) => it.tags.includes('portfolio'));
  });

  it('counts up to the cap and pages through everything', () => {
    const all = expectQuery('', () => true);
    expect(all.length).toBeGreaterThan(SEARCH_COUNT_CAP);
    const page = store.search.query('', { limit: 10, offset: 4000 });
    expect(page.results.map((r) => r.iterationId)).toEqual(all.slice(4000, 4010));
  });

  it('filters by recipe numbers with every operator', () => {
    expect(expectQuery('cfg > 9', (it) => it.cfg !== null && it.cfg > 9).length).toBeGreaterThan(100);
    expectQuery('cfg >= 9', (it) => it.cfg !== null && it.cfg >= 9);
    expectQuery('temperature >= 1.1 kind:text', (it) => it.kind === 'text' && it.temperature! >= 1.1);
    expectQuery('temperature = 0.7', (it) => it.temperature === 0.7);
    expectQuery('seed = 42', (it) => it.seed === 42);
    expectQuery('seed != 42 seed < 50', (it) => it.seed !== 42 && it.seed < 50);
    expectQuery('-cfg > 2', (it) => !(it.cfg !== null && it.cfg > 2));
    expectQuery('steps <= 20 scheduler:euler model:tiny-sd', (it) => it.steps !== null && it.steps <= 20 && it.scheduler === 'euler' && it.model === 'tiny-sd');
  });

  it('filters by star, tag, kind, trash, date and document, and combines words with filters', () => {
    expectQuery('is:starred', (it) => it.starred);
    expectQuery('tag:keeper is:starred', (it) => it.starred && it.tags.includes('keeper'));
    expectQuery('-tag:keeper kind:image model:starter-gan', (it) => !it.tags.includes('keeper') && it.model === 'starter-gan');
    const w = seeded.words[60]!;
    expectQuery(`${w} cfg > 9`, (it) => mentions(it, w) && it.cfg !== null && it.cfg > 9);
    const day = new Date(2025, 0, 3).getTime();
    expectQuery('before:2025-01-03', (it) => it.createdAt < day);
    expectQuery(`after:2025-01-03 ${w}`, (it) => it.createdAt >= day && mentions(it, w));
    expectQuery('seed < 100', (it) => it.documentId === seeded.bigDocumentId && it.seed < 100, { documentId: seeded.bigDocumentId });
    expectQuery(w, (it) => it.documentId === 'seed-d2' && mentions(it, w), { documentId: 'seed-d2' });
    const trashed = store.search.query('is:trashed', { limit: 500 });
    expect(trashed.results.map((r) => r.iterationId).sort()).toEqual(seeded.iterations.filter((it) => it.trashed).map((it) => it.id).sort());
    expect(trashed.results.every((r) => r.trashed)).toBe(true);
  });

  it('returns snippets, recipe summaries and where each result lives', () => {
    const w = seeded.words[150]!;
    const { first } = run(w);
    const r = first.results[0]!;
    const it = seeded.iterations.find((x) => x.id === r.iterationId)!;
    expect(r).toMatchObject({ documentId: it.documentId, kind: it.kind, projectName: expect.stringMatching(/^Seeded project/), trashed: false });
    expect(r.snippet.highlights.length).toBeGreaterThan(0);
    expect(r.snippet.text.slice(...r.snippet.highlights[0]!)).toBe(w);
    expect(r.recipe.model).toBe(it.model);
    expect(r.recipe.line).toContain(`seed ${it.seed}`);
    expect(first.terms).toEqual([{ type: 'text', text: w, phrase: false, prefix: false, column: null, negate: false }]);
  });

  it("refuses a query of punctuation alone instead of listing every version, and ignores punctuation beside words", () => {
    let error: unknown;
    try {
      store.search.query('(((', { limit: 500 });
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'BAD_INPUT', details: { at: 0 } });
    expect((error as Error).message).toBe("Nothing to search for: '(((' at character 1 has no letters or digits. Search for words, or clear the box to list every version.");
    const w = seeded.words[150]!;
    expectQuery(`${w} (((`, (it) => mentions(it, w));
  });

  it('leaves out versions of trashed documents and projects', () => {
    const some = seeded.iterations.find((it) => it.documentId === 'seed-d3' && !it.trashed)!;
    const q = `seed = ${some.seed}`;
    expect(run(q).ids).toContain(some.id);
    store.documents.trash('seed-d3');
    expect(run(q).ids).not.toContain(some.id);
    store.documents.restore('seed-d3');
    expect(run(q).ids).toContain(some.id);
  });
});
