// `atelier history search` and `atelier history export` on a data folder with versions in it:
// text and --json output, paging, exit codes (2 for a bad query or arguments, 1 for a missing
// document), export by id or title to stdout or a file. `atelier history commit` adds a version
// after the head (or --parent) and moves the head, read back from the database.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../support/cli-main';
import { createCore } from '../../electron/host/core';
import { tempDir } from '../support/tmp';

const t = tempDir();
const data = join(t.dir, 'data');
const ids: string[] = [];

const atelier = (...args: string[]) => runMain(args);

beforeAll(async () => {
  const core = createCore({ dataDir: data, transport: 'cli', runJobs: false });
  const p = core.store.projects.create('Sea');
  const d = core.store.documents.create(p.id, 'text', 'The Keeper');
  let parent: string[] = [];
  for (const [i, text] of ['The keeper woke.', 'The keeper woke. A storm came.', 'The keeper woke. A storm came. The lamp held.'].entries()) {
    const it = core.store.history.addGeneratedText({
      documentId: d.id,
      parentIds: parent,
      text,
      status: 'ok',
      recipe: { kind: 'text', model: { id: 'tiny-gpt2', sha256: null, name: 'tiny' }, seed: 40 + i, settings: { temperature: 0.5 + i * 0.5 } },
      tokens: { start: 0, tokens: [] },
    });
    ids.push(it.id);
    parent = [it.id];
  }
  core.store.history.annotate(ids[2]!, { starred: true, tags: ['keeper'], note: 'the ending' });
  await core.close();
});
afterAll(() => t.cleanup());

describe('atelier history search', () => {
  it('prints matching versions newest first, with recipe and snippet', async () => {
    const r = await atelier('history', 'search', 'storm', '--data', data);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${ids[2]}  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  Sea / The Keeper  \\[text\\]  ★ #keeper$`));
    expect(lines[1]).toBe('    tiny-gpt2 · temp 1.5 · seed 42');
    expect(lines[3]).toMatch(new RegExp(`^${ids[1]}  `));
    expect(r.stderr).toMatch(/^1–2 of 2 \(/);
  });

  it('takes filters as separate words and prints one JSON document with --json', async () => {
    const r = await atelier('history', 'search', 'temperature', '>=', '1', '--json', '--data', data);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.results.map((x: { iterationId: string }) => x.iterationId)).toEqual([ids[2], ids[1]]);
    expect(json).toMatchObject({ total: 2, totalCapped: false, terms: [{ type: 'number', field: 'temperature', op: '>=', value: 1 }] });
    const paged = JSON.parse((await atelier('history', 'search', 'keeper', '--limit', '1', '--offset', '1', '--json', '--data', data)).stdout);
    expect(paged.results.map((x: { iterationId: string }) => x.iterationId)).toEqual([ids[1]]);
    expect(paged.total).toBe(3);
    expect((await atelier('history', 'search', 'nothing-like-this', '--data', data)).stdout).toBe('No versions match.');
  });

  it('exits 2 with the reason for a bad query or bad arguments', async () => {
    const bad = await atelier('history', 'search', 'cfg >', '--data', data);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^atelier: 'cfg >' needs a value after '>'/);
    for (const args of [['history'], ['history', 'search'], ['history', 'find', 'x'], ['history', 'search', 'x', '--limit', 'many'], ['history', 'export', 'x'], ['history', 'export', 'x', '--format', 'pdf'], ['history', 'search', 'x', '--format', 'md']]) {
      const r = await atelier(...args, '--data', data);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^atelier: .+/);
    }
  });
});

describe('atelier history export', () => {
  it('exports Markdown by title and JSON by id, to stdout or a file', async () => {
    const md = await atelier('history', 'export', 'the keeper', '--format', 'md', '--data', data);
    expect(md.code).toBe(0);
    expect(md.stdout.startsWith('# The Keeper\n')).toBe(true);
    expect(md.stdout.match(/^## Version \d$/gm)).toEqual(['## Version 1', '## Version 2', '## Version 3']);
    expect(md.stdout).toContain(`---\nid: "${ids[2]}"\nparents: ["${ids[1]}"]`);
    expect(md.stdout).toContain('starred: true\ntags: ["keeper"]\nnote: "the ending"\nrecipe:\n  kind: "text"');
    const file = join(t.dir, 'keeper.json');
    const json = await atelier('history', 'export', ids[0]!.slice(0), '--format', 'json', '--out', file, '--data', data);
    expect(json.code).toBe(1); // an iteration id is not a document
    const byDoc = JSON.parse((await atelier('history', 'export', 'The Keeper', '--format', 'json', '--data', data)).stdout);
    const docId = byDoc.document.id;
    const written = await atelier('history', 'export', docId, '--format', 'json', '--out', file, '--data', data);
    expect(written).toMatchObject({ code: 0, stdout: '' });
    expect(written.stderr).toMatch(/^Wrote 3 versions of 'The Keeper' to /);
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported.iterations.map((i: { id: string }) => i.id)).toEqual(ids);
    expect(exported.edges).toEqual([
      { parentId: ids[0], childId: ids[1] },
      { parentId: ids[1], childId: ids[2] },
    ]);
    expect(exported.iterations[1]).toMatchObject({ text: 'The keeper woke. A storm came.', recipe: { seed: 41 } });
  });
});

describe('atelier history commit', () => {
  const own = join(t.dir, 'commit-data');
  let docId = '';
  let first = '';

  beforeAll(async () => {
    const core = createCore({ dataDir: own, transport: 'cli', runJobs: false });
    const p = core.store.projects.create('Harbour');
    docId = core.store.documents.create(p.id, 'text', 'Log').id;
    first = core.store.history.commitText(docId, [], 'Calm.', 'user').id;
    core.store.documents.create(p.id, 'image', 'Board');
    await core.close();
  });

  /** The document's head and each version's text and parents, read from the database afresh. */
  async function readBack() {
    const core = createCore({ dataDir: own, transport: 'cli', runJobs: false });
    try {
      const head = core.store.documents.get(docId).headIterationId;
      const versions = core.store.history.graph(docId).iterations.map((i) => ({ id: i.id, parents: i.parentIds, text: core.store.history.get(i.id).text, source: i.source }));
      return { head, versions };
    } finally {
      await core.close();
    }
  }

  it('adds the text after the head by title, from --text or a UTF-8 --file, and makes it the head', async () => {
    const r = await atelier('history', 'commit', 'log', '--text', 'Calm. Then wind.', '--data', own);
    expect(r.code).toBe(0);
    const second = r.stdout.split('  ')[0] as string;
    expect(r.stdout).toBe(`${second}  added to 'Log' after ${first}; it is the document's current version now`);
    const file = join(t.dir, 'third.txt');
    writeFileSync(file, 'Calm. Then wind. Then rain — ☂.');
    const json = await atelier('history', 'commit', docId, '--file', file, '--json', '--data', own);
    expect(json.code).toBe(0);
    const third = JSON.parse(json.stdout) as { id: string; parentIds: string[]; source: string };
    expect(third).toMatchObject({ parentIds: [second], source: 'user' });
    expect(await readBack()).toEqual({
      head: third.id,
      versions: [
        { id: first, parents: [], text: 'Calm.', source: 'user' },
        { id: second, parents: [first], text: 'Calm. Then wind.', source: 'user' },
        { id: third.id, parents: [second], text: 'Calm. Then wind. Then rain — ☂.', source: 'user' },
      ],
    });
  });

  it('branches from --parent: the old version keeps its children and the new one is the head', async () => {
    const r = await atelier('history', 'commit', 'Log', '--text', 'Calm. Then fog.', '--parent', first, '--json', '--data', own);
    expect(r.code).toBe(0);
    const branch = JSON.parse(r.stdout) as { id: string };
    const back = await readBack();
    expect(back.head).toBe(branch.id);
    expect(back.versions.filter((v) => v.parents[0] === first).map((v) => v.text)).toEqual(['Calm. Then wind.', 'Calm. Then fog.']);
  });

  it('history checkout makes an existing version the head again, and refuses a version of another document', async () => {
    const r = await atelier('history', 'checkout', 'Log', first, '--data', own);
    expect(r).toMatchObject({ code: 0, stdout: `${first}  is the current version of 'Log' now` });
    expect((await readBack()).head).toBe(first);
    const json = await atelier('history', 'checkout', docId, first, '--json', '--data', own);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: docId, headIterationId: first });
    const core = createCore({ dataDir: own, transport: 'cli', runJobs: false });
    const p = core.store.projects.create('Elsewhere');
    const d = core.store.documents.create(p.id, 'text', 'Other log');
    const foreign = core.store.history.commitText(d.id, [], 'Not this one.', 'user').id;
    await core.close();
    const cases: [string[], number, RegExp][] = [
      [['Log'], 2, /history checkout needs a DOCUMENT \(id or title\) and a VERSION id/],
      [['Log', first, 'extra'], 2, /Unexpected argument 'extra'/],
      [['Log', 'nope'], 1, /^atelier: No version with id nope$/],
      [['Log', first, '--text', 'x'], 2, /history checkout does not take --text/],
    ];
    for (const [args, code, message] of cases) {
      const bad = await atelier('history', 'checkout', ...args, '--data', own);
      expect(bad.code, args.join(' ')).toBe(code);
      expect(bad.stderr, args.join(' ')).toMatch(message);
    }
    const foreignTry = await atelier('history', 'checkout', 'Log', foreign, '--data', own);
    expect(foreignTry.code).toBe(2);
    expect(foreignTry.stderr).toMatch(/That version belongs to another document/);
    expect((await readBack()).head).toBe(first);
  });

  it('refuses without the text, with both, with a bad file or parent, or on an image board, and adds nothing', async () => {
    const before = (await readBack()).versions.length;
    const dir = join(t.dir, 'a-folder');
    mkdirSync(dir, { recursive: true });
    const latin1 = join(t.dir, 'latin1.txt');
    writeFileSync(latin1, Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    const cases: [string[], number, RegExp][] = [
      [['Log'], 2, /needs the text: --text TEXT or --file FILE/],
      [['Log', '--text', 'a', '--file', latin1], 2, /needs the text: --text TEXT or --file FILE \(one of them\)/],
      [['Log', '--file', join(t.dir, 'missing.txt')], 2, /--file: there is no file .*missing\.txt/],
      [['Log', '--file', dir], 2, /--file: .*a-folder is a folder/],
      [['Log', '--file', latin1], 2, /--file: .*latin1\.txt is not UTF-8 text/],
      [['Log', '--text', 'x', '--parent', 'nope'], 1, /No parent iteration with id nope/],
      [['Board', '--text', 'x'], 2, /'Board' is an image board, not a text document/],
      [['Nothing here', '--text', 'x'], 1, /No document with id or title 'Nothing here'/],
      [['--text', 'x'], 2, /history commit needs a DOCUMENT/],
      [['Log', '--text', 'x', '--format', 'md'], 2, /history commit does not take --format/],
    ];
    for (const [args, code, message] of cases) {
      const r = await atelier('history', 'commit', ...args, '--data', own);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    expect((await readBack()).versions.length).toBe(before);
  });
});
