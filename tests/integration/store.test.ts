// The store on a real SQLite file: projects, trash, the version DAG, artifacts and the queue table.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../electron/store';
import { MAX_ATTEMPTS } from '../../electron/store/jobs';
import { tempDir } from '../support/tmp';

let store: Store;
let cleanup: () => void;

beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  store = openStore(t.dir);
});
afterEach(() => {
  store.close();
  cleanup();
});

describe('first run', () => {
  it('seeds one Welcome project with a Start here document, only once', () => {
    const [welcome] = store.projects.list();
    expect(welcome?.name).toBe('Welcome');
    const [doc] = store.documents.list(welcome!.id);
    expect(doc?.title).toBe('Start here');
    expect(store.history.get(doc!.headIterationId!).text).toContain('Welcome to Atelier');
    store.projects.trash(welcome!.id);
    const again = openStore(store.dataDir);
    expect(again.projects.list()).toEqual([]);
    again.close();
  });
});

describe('projects', () => {
  it('renames, trashes with a summary and restores', () => {
    const p = store.projects.create('Novel');
    const d = store.documents.create(p.id, 'text', 'Chapter 1');
    store.history.commitText(d.id, [], 'one', 'user');
    store.history.commitText(d.id, [d.id === '' ? '' : store.documents.get(d.id).headIterationId!], 'two', 'user');
    expect(store.projects.rename(p.id, 'Saga').name).toBe('Saga');
    expect(store.projects.trashSummary(p.id)).toEqual({ name: 'Saga', documents: 1, iterations: 2 });
    store.projects.trash(p.id);
    expect(store.projects.list().map((x) => x.name)).not.toContain('Saga');
    expect(store.projects.list(true).map((x) => x.name)).toEqual(['Saga']);
    expect(() => store.documents.create(p.id, 'text', 'x')).toThrow(/in the trash/);
    store.projects.restore(p.id);
    expect(store.projects.get(p.id).deletedAt).toBeNull();
    expect(store.documents.list(p.id)).toHaveLength(1);
  });

  it('says NOT_FOUND for unknown ids', () => {
    expect(() => store.projects.get('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('history', () => {
  it('adds nodes, never overwrites, and records branch edges', () => {
    const p = store.projects.create('P');
    const d = store.documents.create(p.id, 'text', 'Doc');
    const a = store.history.commitText(d.id, [], 'The house', 'user');
    const b = store.history.commitText(d.id, [a.id], 'The house stood', 'model');
    const c = store.history.commitText(d.id, [a.id], 'The house fell', 'model');
    const m = store.history.commitText(d.id, [b.id, c.id], 'The house stood, then fell', 'mixed');
    const g = store.history.graph(d.id);
    expect(g.iterations.map((i) => i.id)).toEqual([a.id, b.id, c.id, m.id]);
    expect(g.edges).toEqual([
      { parentId: a.id, childId: b.id },
      { parentId: a.id, childId: c.id },
      { parentId: b.id, childId: m.id },
      { parentId: c.id, childId: m.id },
    ]);
    expect(store.history.get(a.id).text).toBe('The house');
    expect(store.history.get(m.id).parentIds).toEqual([b.id, c.id]);
    expect(store.documents.get(d.id).headIterationId).toBe(m.id);
  });

  it('refuses parents from another document and leaves no partial node', () => {
    const p = store.projects.create('P');
    const d1 = store.documents.create(p.id, 'text', 'One');
    const d2 = store.documents.create(p.id, 'text', 'Two');
    const a = store.history.commitText(d1.id, [], 'a', 'user');
    expect(() => store.history.commitText(d2.id, [a.id], 'b', 'user')).toThrow(/another document/);
    expect(store.history.graph(d2.id).iterations).toEqual([]);
    expect(() => store.history.commitText(d2.id, ['missing'], 'b', 'user')).toThrow(/No parent/);
  });

  it('stores identical text once (content-addressed by sha256)', () => {
    const p = store.projects.create('P');
    const d = store.documents.create(p.id, 'text', 'Doc');
    const a = store.history.commitText(d.id, [], 'same', 'user');
    const b = store.history.commitText(d.id, [a.id], 'same', 'user');
    expect(a.artifactId).toBe(createHash('sha256').update('same').digest('hex'));
    expect(b.artifactId).toBe(a.artifactId);
    expect(store.db.prepare('SELECT count(*) AS n FROM artifacts').get()).toEqual({ n: 2 }); // + welcome text
  });
});

describe('artifacts', () => {
  it('writes binary files under their sha256 and reads the same bytes back', () => {
    const bytes = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
    const id = store.artifacts.putFile(bytes, 'image/png');
    expect(id).toBe(createHash('sha256').update(bytes).digest('hex'));
    const path = store.artifacts.pathOf(id);
    expect(path.endsWith(`/artifacts/${id.slice(0, 2)}/${id}`)).toBe(true);
    expect(readFileSync(path)).toEqual(Buffer.from(bytes));
    expect(store.artifacts.bytes(id)).toEqual(Buffer.from(bytes));
    expect(() => store.artifacts.pathOf('../../etc/passwd')).toThrow(/not an artifact hash/);
    expect(existsSync(`${path}.tmp`)).toBe(false);
  });
});

describe('jobs table', () => {
  it('keeps queue order and moves a job between neighbours', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((k) => store.jobs.enqueue('self-test', { k }));
    expect(store.jobs.queued().map((j) => j.id)).toEqual([a!.id, b!.id, c!.id]);
    expect(store.jobs.move(c!.id, 0).map((j) => j.id)).toEqual([c!.id, a!.id, b!.id]);
    expect(store.jobs.move(c!.id, 1).map((j) => j.id)).toEqual([a!.id, c!.id, b!.id]);
    expect(store.jobs.move(a!.id, 99).map((j) => j.id)).toEqual([c!.id, b!.id, a!.id]);
    store.jobs.markRunning(c!.id);
    expect(() => store.jobs.move(c!.id, 0)).toThrow(/Only queued jobs/);
  });

  it('re-queues interrupted jobs at the front with a note, and fails them after repeated interruptions', () => {
    const a = store.jobs.enqueue('self-test', {});
    const b = store.jobs.enqueue('self-test', {});
    store.jobs.markRunning(b.id);
    const [recovered] = store.jobs.recoverInterrupted();
    expect(recovered).toMatchObject({ id: b.id, status: 'queued', attempts: 1 });
    expect(recovered?.note).toMatch(/Re-queued after an interruption/);
    expect(store.jobs.queued().map((j) => j.id)).toEqual([b.id, a.id]);
    for (let attempt = 2; attempt < MAX_ATTEMPTS; attempt++) {
      store.jobs.markRunning(b.id);
      store.jobs.recoverInterrupted();
    }
    store.jobs.markRunning(b.id);
    const [failed] = store.jobs.recoverInterrupted();
    expect(failed).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(failed?.error?.message).toMatch(/Interrupted 3 times/);
  });
});
