// Trash changes made by another process reach the windows of a running `atelier serve` as if made
// in one of them: a real host process on a data folder, a WebSocket client of it (a window), and
// the `atelier trash` CLI as its own process on the same folder. For each change the client hears,
// in order, exactly the events it hears when another window makes the same change through the
// host, marked `outside` (projects.changed for a trash or restore; documents.deleted and then
// projects.changed for a delete for good; history.changed for a single version trashed, restored or deleted for good,
// marked `outside` when it came from elsewhere), once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/store';
import type { DocumentInfo, HistoryGraph, Iteration, Project, PurgeSummary } from '../../shared/contract';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/tmp';
import { connect, type TestSocket } from '../support/ws-client';
import { runAtelier } from '../support/cli-run';
import { callOn } from '../support/host-api';

const t = tempDir();
let host: HostProcess;
let sock: TestSocket;
let other: TestSocket;

type Heard = { event: string; data: unknown };

/** `atelier ARGS` as its own process on the host's data folder; its exit code and output. */
const atelier = (...args: string[]) => runAtelier(t.dir, args);

const call = callOn;

/**
 * Everything the window heard while `act` ran: once `count` events have come, a while longer
 * (more than two looks of the host at the data folder), so a repeat or a stray event shows too.
 */
/** What a window hears for a change made elsewhere: the same events, marked `outside`. */
const fromOutside = (events: Heard[]) => events.map((e) => ({ ...e, data: { ...(e.data as object), outside: true } }));

async function heard(count: number, act: () => Promise<unknown>): Promise<Heard[]> {
  // A round trip first: every event sent before it has arrived (one socket keeps order).
  await call(sock, 'projects.list', {});
  const from = sock.events.length;
  await act();
  await expect.poll(() => sock.events.length - from, { timeout: 30_000 }).toBeGreaterThanOrEqual(count);
  await new Promise((r) => setTimeout(r, 2500));
  return sock.events.slice(from);
}

let atlas: Project;
let bestiary: Project;
let attic: Project;
let inApp: DocumentInfo;
let outside: DocumentInfo;

beforeAll(async () => {
  host = await startHostProcess(['--data', t.dir, '--port', '0', '--paused']);
  const auth = { Authorization: `Bearer ${host.token}` };
  sock = await connect(host.port, auth);
  other = await connect(host.port, auth);
  atlas = await call<Project>(other, 'projects.create', { name: 'Atlas' });
  bestiary = await call<Project>(other, 'projects.create', { name: 'Bestiary' });
  attic = await call<Project>(other, 'projects.create', { name: 'Attic' });
  inApp = await call<DocumentInfo>(other, 'documents.create', { projectId: atlas.id, kind: 'text', title: 'In the app', text: 'Made here.' });
  outside = await call<DocumentInfo>(other, 'documents.create', { projectId: atlas.id, kind: 'text', title: 'From the shell', text: 'One.' });
  await call(other, 'history.commitText', { documentId: outside.id, parentIds: [outside.headIterationId], text: 'One. Two.' });
}, 60_000);

afterAll(async () => {
  await sock?.close();
  await other?.close();
  await host?.stop();
  t.cleanup();
});

describe('trash changes made by the CLI while a studio is open', () => {
  it('a document trashed and restored: the same projects.changed as from another window', { timeout: 180_000 }, async () => {
    const fromWindow = await heard(1, () => call(other, 'documents.trash', { id: inApp.id }));
    expect(fromWindow).toEqual([{ event: 'projects.changed', data: { id: atlas.id } }]);
    const fromCli = await heard(1, async () => expect((await atelier('trash', 'document', outside.id)).code).toBe(0));
    expect(fromCli).toEqual(fromOutside(fromWindow));

    const restoredHere = await heard(1, () => call(other, 'documents.restore', { id: inApp.id }));
    const restoredThere = await heard(1, async () => expect((await atelier('trash', 'restore', outside.id)).code).toBe(0));
    expect(restoredHere).toEqual([{ event: 'projects.changed', data: { id: atlas.id } }]);
    expect(restoredThere).toEqual(fromOutside(restoredHere));
  });

  it('a document deleted for good: documents.deleted, then projects.changed, as from the Trash page', { timeout: 180_000 }, async () => {
    await call(other, 'documents.trash', { id: inApp.id });
    await call(other, 'documents.trash', { id: outside.id });
    const fromWindow = await heard(2, async () => {
      const s = await call<PurgeSummary>(other, 'trash.summary', { documentIds: [inApp.id] });
      await call(other, 'trash.deleteForGood', { projectIds: [], documentIds: s.documentIds, iterationIds: s.iterationIds });
    });
    expect(fromWindow).toEqual([
      { event: 'documents.deleted', data: { documentId: inApp.id, projectId: atlas.id } },
      { event: 'projects.changed', data: { id: atlas.id } },
    ]);
    const fromCli = await heard(2, async () => {
      const r = await atelier('trash', 'delete', outside.id, '--yes');
      expect(r.stdout).toBe('Deleted for good: 1 document, 2 versions, no image files\n');
    });
    expect(fromCli).toEqual([
      { event: 'documents.deleted', data: { documentId: outside.id, projectId: atlas.id, outside: true } },
      { event: 'projects.changed', data: { id: atlas.id, outside: true } },
    ]);
    expect((await sock.call('documents.get', { id: outside.id })).ok).toBe(false);

  });

  it('single versions trashed, restored and emptied elsewhere: the history.changed a version trash sends, marked outside, once', { timeout: 180_000 }, async () => {
    const doc = await call<DocumentInfo>(other, 'documents.create', { projectId: atlas.id, kind: 'text', title: 'Drafts', text: 'A.' });
    const first = doc.headIterationId!;
    await call<Iteration>(other, 'history.commitText', { documentId: doc.id, parentIds: [first], text: 'A. B.' });
    const fromWindow = await heard(1, () => call(other, 'history.trash', { id: first }));
    expect(fromWindow).toEqual([{ event: 'history.changed', data: { documentId: doc.id, iterationIds: [first], change: 'trash' } }]);
    await heard(1, () => call(other, 'history.restore', { id: first }));

    // Another connection to the data folder (as a second app would): its commits move data_version.
    const elsewhere = openStore(t.dir, { welcome: false });
    const outsideEvent = fromOutside(fromWindow);
    try {
      expect(await heard(1, async () => elsewhere.history.setTrashed(first, true))).toEqual(outsideEvent);
      expect((await call<HistoryGraph>(sock, 'history.graph', { documentId: doc.id })).iterations.find((i) => i.id === first)?.deletedAt).toBeTypeOf('number');
      expect(await heard(1, async () => elsewhere.history.setTrashed(first, false))).toEqual(outsideEvent);
      await heard(1, async () => elsewhere.history.setTrashed(first, true));
    } finally {
      elsewhere.close();
    }
    const emptied = await heard(1, async () => {
      const r = await atelier('trash', 'empty', '--yes');
      expect(r.stdout).toBe('Deleted for good: 0 documents, 1 version, no image files\n');
    });
    expect(emptied).toEqual(outsideEvent);
    expect((await call<HistoryGraph>(sock, 'history.graph', { documentId: doc.id })).iterations.map((i) => i.id)).not.toContain(first);
  });

  it('a project trashed and restored: the same projects.changed as from another window', { timeout: 180_000 }, async () => {
    const fromWindow = await heard(1, () => call(other, 'projects.trash', { id: attic.id }));
    expect(fromWindow).toEqual([{ event: 'projects.changed', data: { id: attic.id } }]);
    const fromCli = await heard(1, async () => expect((await atelier('trash', 'project', 'Bestiary')).code).toBe(0));
    expect(fromCli).toEqual([{ event: 'projects.changed', data: { id: bestiary.id, outside: true } }]);
    expect((await call<Project[]>(sock, 'projects.list', { trashed: true })).map((p) => p.name).sort()).toEqual(['Attic', 'Bestiary']);
    const back = await heard(1, async () => expect((await atelier('trash', 'restore', bestiary.id)).code).toBe(0));
    expect(back).toEqual([{ event: 'projects.changed', data: { id: bestiary.id, outside: true } }]);
  });
});
