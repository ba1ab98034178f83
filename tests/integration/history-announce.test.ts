// Every change to a document's history reaches every client: each method that adds versions,
// moves the head, trashes, restores, deletes or marks them announces history.changed (with what
// changed) to both of two real WebSocket clients, the one that called and another. The event goes
// out only after the commit: a second connection to the database, read at the moment the event is
// emitted, already sees the new rows and head. Versions another process adds to the same data
// folder (the CLI) are announced too.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, Grid, Iteration, Job, Project } from '../../shared/contract';
import { openStore } from '../../electron/store';
import { DB_FILE } from '../../electron/store/startup';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { jobEnded } from '../support/core-calls';
import { useTestHost } from '../support/test-host';
import { connect, type TestSocket } from '../support/ws-client';

const h = useTestHost({ models: (dir) => writeDecoderFolder(join(dir, 'tiny-gpt2'), TINY_GPT2) });

type Changed = { documentId: string; iterationIds: string[]; change?: string; marks?: unknown[] };
let other: TestSocket;
let project: Project;

beforeAll(async () => {
  other = await connect(h.host.port, { Authorization: `Bearer ${h.host.token}` });
  project = await h.call<Project>('projects.create', { name: 'Announcements' });
});
afterAll(async () => {
  await other?.close();
});

/** The history.changed events both sockets heard for `documentId` while `act` ran (and soon after). */
async function heardBy<T>(documentId: string, count: number, act: () => Promise<T>): Promise<{ result: T; mine: Changed[]; theirs: Changed[] }> {
  // A round trip on each socket first: every event sent before it has then arrived (one socket keeps order).
  await Promise.all([h.call('projects.list', {}), other.call('projects.list', {})]);
  const from = { a: h.sock.events.length, b: other.events.length };
  const pick = (events: { event: string; data: unknown }[], i: number) =>
    events
      .slice(i)
      .filter((e) => e.event === 'history.changed' && (e.data as Changed).documentId === documentId)
      .map((e) => e.data as Changed);
  const result = await act();
  await expect.poll(() => pick(h.sock.events, from.a).length >= count && pick(other.events, from.b).length >= count, { timeout: 60_000 }).toBe(true);
  const mine = pick(h.sock.events, from.a);
  const theirs = pick(other.events, from.b);
  expect(theirs).toEqual(mine);
  return { result, mine, theirs };
}

/** What a second connection sees when history.changed is emitted for `documentId` (null: any). */
function seenAtEvent(documentId: string | null): { seen: { ids: string[]; present: number; head: string | null }[]; off: () => void } {
  const db = new Database(join(h.core.store.dataDir, DB_FILE), { readonly: true, fileMustExist: true });
  const seen: { ids: string[]; present: number; head: string | null }[] = [];
  const unsubscribe = h.core.bus.subscribe((event, data) => {
    const e = data as Changed;
    if (event !== 'history.changed' || (documentId !== null && e.documentId !== documentId)) return;
    const present = e.iterationIds.filter((id) => db.prepare('SELECT 1 FROM iterations WHERE id = ?').get(id)).length;
    const head = (db.prepare('SELECT head_iteration_id FROM documents WHERE id = ?').pluck().get(e.documentId) as string | null | undefined) ?? null;
    seen.push({ ids: e.iterationIds, present, head });
  });
  return {
    seen,
    off: () => {
      unsubscribe();
      db.close();
    },
  };
}

const ran = async (job: Job): Promise<string[]> => {
  const end = await jobEnded(h.core, job.id);
  expect(end.status, JSON.stringify(end.error)).toBe('done');
  return (end.result as { iterationIds: string[] }).iterationIds;
};

describe('history.changed for every change to a document', () => {
  let doc: DocumentInfo;
  let first = '';
  let second = '';

  it('documents.create with a text, history.commitText and history.checkout: announced once committed', async () => {
    // The document's id is not known before the call: catch its event by the version it names.
    const before = h.sock.events.length;
    const atCreate = seenAtEvent(null);
    try {
      doc = await h.call<DocumentInfo>('documents.create', { projectId: project.id, kind: 'text', title: 'Ledger', text: 'High water at six.' });
    } finally {
      atCreate.off();
    }
    first = doc.headIterationId as string;
    // The document and its first version were committed before anyone heard of them.
    expect(atCreate.seen).toEqual([{ ids: [first], present: 1, head: first }]);
    await expect.poll(() => other.events.some((e) => e.event === 'history.changed' && (e.data as Changed).documentId === doc.id), { timeout: 60_000 }).toBe(true);
    expect(h.sock.events.slice(before).filter((e) => e.event === 'history.changed').map((e) => e.data)).toEqual([
      { documentId: doc.id, iterationIds: [first], change: 'added' },
    ]);

    const at = seenAtEvent(doc.id);
    try {
      const { result, mine } = await heardBy(doc.id, 1, () =>
        h.call<Iteration>('history.commitText', { documentId: doc.id, parentIds: [first], text: 'High water at six. Low at noon.' }),
      );
      second = result.id;
      expect(mine).toEqual([{ documentId: doc.id, iterationIds: [second], change: 'added' }]);

      // From the other client: its own call is announced to it too, and to this one.
      const back = await heardBy(doc.id, 1, async () => other.call('history.checkout', { documentId: doc.id, iterationId: first }));
      expect(back.result).toMatchObject({ ok: true, result: { headIterationId: first } });
      expect(back.mine).toEqual([{ documentId: doc.id, iterationIds: [first], change: 'head' }]);

      // Read at the moment of each event: the version is there and the head already moved.
      expect(at.seen).toEqual([
        { ids: [second], present: 1, head: second },
        { ids: [first], present: 1, head: first },
      ]);
    } finally {
      at.off();
    }
  });

  it('history.trash, history.restore, history.annotate and history.emptyTrash', async () => {
    const trash = await heardBy(doc.id, 1, () => h.call('history.trash', { id: second }));
    expect(trash.mine).toEqual([{ documentId: doc.id, iterationIds: [second], change: 'trash' }]);
    const restore = await heardBy(doc.id, 1, async () => other.call('history.restore', { id: second }));
    expect(restore.mine).toEqual([{ documentId: doc.id, iterationIds: [second], change: 'trash' }]);
    const annotate = await heardBy(doc.id, 1, () => h.call('history.annotate', { id: second, starred: true }));
    expect(annotate.mine).toEqual([{ documentId: doc.id, iterationIds: [second], marks: [{ id: second, starred: true, tags: [], note: null }] }]);

    await h.call('history.trash', { id: second });
    const emptied = await heardBy(doc.id, 1, () => h.call('history.emptyTrash', { documentId: doc.id }));
    expect(emptied.mine).toEqual([{ documentId: doc.id, iterationIds: [], change: 'trash' }]);
    expect((await h.call<{ iterations: unknown[] }>('history.graph', { documentId: doc.id })).iterations).toHaveLength(1);
  });

  it('generate.text, history.reproduce and a grid cell: each saved version announced when its job ends', { timeout: 180_000 }, async () => {
    const request = { documentId: doc.id, prompt: 'High water at six.', model: 'tiny-gpt2', provider: 'cpu', settings: { maxNewTokens: 3, seed: 5, topK: 0, minP: 0 } };
    const gen = await heardBy(doc.id, 1, async () => ran(await h.call<Job>('generate.text', { ...request, parentId: first, alternatives: 2 })));
    expect(gen.result).toHaveLength(2);
    expect(gen.mine).toEqual([{ documentId: doc.id, iterationIds: gen.result, change: 'added' }]);

    const rerun = await heardBy(doc.id, 1, async () => {
      const started = await h.call<{ jobId: string }>('history.reproduce', { id: gen.result[0] });
      return ran(h.core.store.jobs.get(started.jobId));
    });
    expect(rerun.mine).toEqual([{ documentId: doc.id, iterationIds: rerun.result, change: 'added' }]);

    const grid = await heardBy(doc.id, 2, async () => {
      const g = await h.call<Grid>('grids.start', {
        kind: 'text',
        base: { ...request },
        x: { field: 'temperature', values: '0.5, 1' },
        y: null,
      });
      return Promise.all(g.cells.map((c) => ran(h.core.store.jobs.get(c.jobId as string))));
    });
    expect(grid.mine).toEqual(grid.result.map((ids) => ({ documentId: doc.id, iterationIds: ids, change: 'added' })));
  });

  it('generate.image, images.enhance and images.interpolate on a board', { timeout: 300_000 }, async () => {
    const board = await h.call<DocumentInfo>('documents.create', { projectId: project.id, kind: 'image', title: 'Sneakers' });
    const made = await heardBy(board.id, 1, async () =>
      ran(await h.call<Job>('generate.image', { documentId: board.id, model: 'starter-gan', batch: 2, settings: { prompt: 'a sneaker', seed: 7 } })),
    );
    expect(made.mine).toEqual([{ documentId: board.id, iterationIds: made.result, change: 'added' }]);
    const [a, b] = made.result as [string, string];
    const between = await heardBy(board.id, 1, async () => ran(await h.call<Job>('images.interpolate', { fromId: a, toId: b, count: 1 })));
    expect(between.mine).toEqual([{ documentId: board.id, iterationIds: between.result, change: 'added' }]);
    const enhanced = await heardBy(board.id, 1, async () => ran(await h.call<Job>('images.enhance', { iterationId: a, scale: 2 })));
    expect(enhanced.mine).toEqual([{ documentId: board.id, iterationIds: enhanced.result, change: 'added' }]);
  });

  it('a version another process saves in the same data folder (the CLI) is announced as well', async () => {
    const outside = openStore(h.core.store.dataDir, { welcome: false });
    try {
      const { result, mine } = await heardBy(doc.id, 1, async () => outside.history.commitText(doc.id, [first], 'High water at six. Written elsewhere.', 'user'));
      // Marked as another process's, so a writer is told "from another program", not "another window".
      expect(mine).toEqual([{ documentId: doc.id, iterationIds: [result.id], change: 'added', outside: true }]);
      // Looked at again and again, it is announced once; this host's own saves are not announced twice.
      const own = await heardBy(doc.id, 1, () => h.call<Iteration>('history.commitText', { documentId: doc.id, parentIds: [first], text: 'Mine.' }));
      expect(own.mine).toEqual([{ documentId: doc.id, iterationIds: [own.result.id], change: 'added' }]);
      await new Promise((r) => setTimeout(r, 2500));
      const since = h.sock.events.filter((e) => e.event === 'history.changed' && (e.data as Changed).iterationIds.includes(result.id));
      expect(since).toHaveLength(1);
      expect(h.sock.events.filter((e) => e.event === 'history.changed' && (e.data as Changed).iterationIds.includes(own.result.id))).toHaveLength(1);

      // A checkout by the other process adds no row: its head move is announced, once, as outside.
      const fromHeads = h.sock.events.length;
      const back = await heardBy(doc.id, 1, async () => outside.history.checkout(doc.id, result.id));
      expect(back.mine).toEqual([{ documentId: doc.id, iterationIds: [result.id], change: 'head', outside: true }]);
      // This host's own checkout, then another outside write (elsewhere): the own move is not announced again.
      const ownMove = await heardBy(doc.id, 1, () => h.call('history.checkout', { documentId: doc.id, iterationId: first }));
      expect(ownMove.mine).toEqual([{ documentId: doc.id, iterationIds: [first], change: 'head' }]);
      const elsewhere = outside.documents.create(project.id, 'text', 'Elsewhere');
      await heardBy(elsewhere.id, 1, async () => outside.history.commitText(elsewhere.id, [], 'Far off.', 'user'));
      await new Promise((r) => setTimeout(r, 2500));
      const heads = h.sock.events.slice(fromHeads).filter((e) => e.event === 'history.changed' && (e.data as Changed).documentId === doc.id && (e.data as Changed).change === 'head');
      expect(heads.map((e) => e.data)).toEqual([
        { documentId: doc.id, iterationIds: [result.id], change: 'head', outside: true },
        { documentId: doc.id, iterationIds: [first], change: 'head' },
      ]);
    } finally {
      outside.close();
    }
  });

  it('a version kept aside (moveHead: false) is announced as added, and the head stays where it was', async () => {
    const head = (await h.call<DocumentInfo>('documents.get', { id: doc.id })).headIterationId as string;
    const at = seenAtEvent(doc.id);
    try {
      const { result, mine } = await heardBy(doc.id, 1, () =>
        h.call<Iteration>('history.commitText', { documentId: doc.id, parentIds: [first], text: 'Kept aside.', moveHead: false }),
      );
      expect(mine).toEqual([{ documentId: doc.id, iterationIds: [result.id], change: 'added' }]);
      expect(at.seen).toEqual([{ ids: [result.id], present: 1, head }]);
      expect(result.parentIds).toEqual([first]);
      expect((await h.call<DocumentInfo>('documents.get', { id: doc.id })).headIterationId).toBe(head);
    } finally {
      at.off();
    }
  });
});
