// `atelier history search` and `atelier history export` on a data folder with versions in it:
// text and --json output, paging, exit codes (2 for a bad query or arguments, 1 for a missing
// document), export by id or title to stdout or a file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/host/cli';
import { createCore } from '../../electron/host/core';
import { tempDir } from '../support/tmp';

const t = tempDir();
const data = join(t.dir, 'data');
const ids: string[] = [];

async function atelier(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

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
