// `atelier trash version ID` and `atelier trash restore ID` for one version of a document, as its
// own process on a real data folder, each read back from SQLite on a second connection: an older
// version of a text moved to the trash, refused again, listed (with its id; --json too), restored,
// refused again; --json; the current version of a text refused, as the app's history panel refuses
// it (with how to make another current), and trashed once another is current; a version
// whose document is in the trash left as it is, with what to restore first; `trash delete` of a
// version pointing to `trash empty`; unknown ids exit 1, bad arguments 2.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../support/cli-main';
import { openStore } from '../../electron/store';
import { DB_FILE } from '../../electron/store/startup';
import type { Iteration } from '../../shared/contract';
import { ROOT } from '../support/host-process';
import { tempDir } from '../support/tmp';

const BIN = join(ROOT, 'bin/atelier.cjs');
const t = tempDir();
const data = join(t.dir, 'data');
afterAll(() => t.cleanup());

/** `atelier ARGS --data DIR` as its own process: exit code and output (one trailing newline off). */
function atelier(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args, '--data', data], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stdout: stdout.replace(/\n$/, ''), stderr: stderr.replace(/\n$/, '') }));
  });
}

/** A version's deleted_at as a second connection reads it now (undefined: no such row). */
function trashedAt(id: string): number | null | undefined {
  const db = new Database(join(data, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT deleted_at FROM iterations WHERE id = ?').pluck().get(id) as number | null | undefined;
  } finally {
    db.close();
  }
}

const WHEN = '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d';

/** Atlas: Chapter, a text of 3 versions (the last one current), and Notes, a text of 2 versions. */
let s: { atlas: string; chapter: string; notes: string; v: string[]; n: string[] };
beforeAll(() => {
  const store = openStore(data, { welcome: false });
  const atlas = store.projects.create('Atlas');
  const chapter = store.documents.create(atlas.id, 'text', 'Chapter');
  const notes = store.documents.create(atlas.id, 'text', 'Notes');
  const v: string[] = [];
  for (const text of ['One.', 'One. Two.', 'One. Two. Three.']) v.push(store.history.commitText(chapter.id, v.slice(-1), text, 'user').id);
  const n: string[] = [];
  for (const text of ['Gulls.', 'Gulls. Terns.']) n.push(store.history.commitText(notes.id, n.slice(-1), text, 'user').id);
  store.close();
  s = { atlas: atlas.id, chapter: chapter.id, notes: notes.id, v, n };
});

describe('atelier trash version / restore of one version', () => {
  it('moves an older version to the trash, lists it with its id, restores it; each twice refused', { timeout: 180_000 }, async () => {
    const older = s.v[1]!;
    const moved = await atelier('trash', 'version', older);
    expect(moved).toMatchObject({ code: 0, stderr: '', stdout: `Moved version ${older} of 'Chapter' to the trash; to bring it back: atelier trash restore ${older}` });
    expect(trashedAt(older)).toBeTypeOf('number');
    expect(trashedAt(s.v[0]!)).toBeNull();
    expect(trashedAt(s.v[2]!)).toBeNull();

    const again = await atelier('trash', 'version', older);
    expect(again).toMatchObject({ code: 1, stdout: '', stderr: `atelier: Version ${older} of 'Chapter' is already in the trash (restore: atelier trash restore ${older})` });
    const stamp = trashedAt(older);

    const listed = await atelier('trash', 'list');
    expect(listed.code).toBe(0);
    const lines = listed.stdout.split('\n');
    expect(lines[0]).toBe(`${s.chapter}  versions  1 version of 'Chapter' in 'Atlas' trashed on its own`);
    expect(lines[1]).toMatch(new RegExp(`^${older}  version   text of 'Chapter' in 'Atlas', written ${WHEN}  trashed ${WHEN}$`));
    expect(lines).toHaveLength(2);
    const json = JSON.parse((await atelier('trash', 'list', '--json')).stdout);
    expect(json.versions).toEqual([
      { documentId: s.chapter, title: 'Chapter', projectName: 'Atlas', iterations: 1, trashed: [expect.objectContaining({ id: older, documentId: s.chapter, deletedAt: stamp })] },
    ]);

    const back = await atelier('trash', 'restore', older);
    expect(back).toMatchObject({ code: 0, stderr: '', stdout: `Restored version ${older} of 'Chapter'` });
    expect(trashedAt(older)).toBeNull();
    expect(await atelier('trash', 'restore', older)).toMatchObject({ code: 1, stdout: '', stderr: `atelier: Version ${older} of 'Chapter' is not in the trash` });
    expect(await atelier('trash', 'list')).toMatchObject({ code: 0, stdout: 'The trash is empty.' });
  });

  it('--json prints the handler\'s version, as SQLite has it; the current version of a text stays out, as in the app', { timeout: 180_000 }, async () => {
    const older = s.v[0]!;
    const moved = await atelier('trash', 'version', older, '--json');
    expect(moved.code, moved.stderr).toBe(0);
    const it = JSON.parse(moved.stdout) as Iteration;
    expect(it).toMatchObject({ id: older, documentId: s.chapter, kind: 'text', source: 'user', parentIds: [] });
    expect(it.deletedAt).toBeTypeOf('number');
    expect(it.deletedAt).toBe(trashedAt(older));
    const back = JSON.parse((await atelier('trash', 'restore', older, '--json')).stdout) as Iteration;
    expect(back).toMatchObject({ id: older, deletedAt: null });
    expect(trashedAt(older)).toBeNull();

    // The text Notes opens with: refused, nothing changes.
    const current = s.n[1]!;
    expect(await atelier('trash', 'version', current)).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `atelier: Version ${current} of 'Notes' is its current version and stays out of the trash, as in the app; make another one current first: atelier history checkout ${s.notes} VERSION`,
    });
    expect(trashedAt(current)).toBeNull();
    // Once another version is current, it goes like any other.
    expect((await atelier('history', 'checkout', s.notes, s.n[0]!)).code).toBe(0);
    expect(await atelier('trash', 'version', current)).toMatchObject({ code: 0, stdout: `Moved version ${current} of 'Notes' to the trash; to bring it back: atelier trash restore ${current}` });
    expect(trashedAt(current)).toBeTypeOf('number');
    expect((await atelier('trash', 'restore', current)).code).toBe(0);
    expect((await atelier('history', 'checkout', s.notes, current)).code).toBe(0);
  });

  it('a version of a document in the trash stays as it is; trash delete of a version points to trash empty; unknown ids exit 1', { timeout: 180_000 }, async () => {
    const first = s.n[0]!;
    expect((await atelier('trash', 'version', first)).code).toBe(0);
    const stamp = trashedAt(first);
    expect(await atelier('trash', 'delete', first, '--yes')).toMatchObject({
      code: 1,
      stderr: `atelier: Version ${first} of 'Notes' was trashed on its own: it goes for good with the rest of the trash (atelier trash empty --yes); to bring it back: atelier trash restore ${first}`,
    });
    expect(await atelier('trash', 'delete', s.n[1]!, '--yes')).toMatchObject({ code: 1, stderr: `atelier: Version ${s.n[1]} of 'Notes' is not in the trash` });
    expect(trashedAt(first)).toBe(stamp);

    expect((await atelier('trash', 'document', 'Notes')).code).toBe(0);
    expect(await atelier('trash', 'restore', first)).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `atelier: Version ${first} of 'Notes' stays in the trash: its document is in the trash; restore it first: atelier trash restore ${s.notes}`,
    });
    expect(await atelier('trash', 'version', s.n[1]!)).toMatchObject({
      code: 1,
      stderr: `atelier: Version ${s.n[1]} of 'Notes' stays as it is: its document is in the trash; restore it first: atelier trash restore ${s.notes}`,
    });
    expect(trashedAt(first)).toBe(stamp);
    expect(trashedAt(s.n[1]!)).toBeNull();

    expect((await atelier('trash', 'project', 'Atlas')).code).toBe(0);
    expect(await atelier('trash', 'version', s.v[0]!)).toMatchObject({
      code: 1,
      stderr: `atelier: Version ${s.v[0]} of 'Chapter' stays as it is: its project 'Atlas' is in the trash; restore it first: atelier trash restore ${s.atlas}`,
    });
    expect(trashedAt(s.v[0]!)).toBeNull();

    expect(await atelier('trash', 'version', 'no-such-version')).toMatchObject({
      code: 1,
      stderr: "atelier: No version with id 'no-such-version' (see: atelier history search QUERY, or atelier history export DOCUMENT --format json)",
    });
    expect(await atelier('trash', 'restore', 'no-such-thing')).toMatchObject({ code: 1, stderr: "atelier: No project, document or version with id 'no-such-thing' (see: atelier trash list)" });
  });

  it('bad arguments exit 2 and point to the help of trash version', async () => {
    const run = (...args: string[]) => runMain([...args, '--data', data]);
    const cases: [string[], string][] = [
      [['trash', 'version'], "atelier: trash version needs a VERSION id\nRun 'atelier trash version --help' for usage."],
      [['trash', 'version', 'a', 'b'], "atelier: Unexpected argument 'b'\nRun 'atelier trash version --help' for usage."],
      [['trash', 'version', 'a', '--yes'], "atelier: trash version does not take --yes\nRun 'atelier trash version --help' for usage."],
    ];
    for (const [args, said] of cases) expect(await run(...args), args.join(' ')).toEqual({ code: 2, stdout: '', stderr: said });
    const help = await run('trash', 'version', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('trash version VERSION [--json] [--data DIR]');
    expect(help.stdout).not.toContain('trash list');
  });
});
