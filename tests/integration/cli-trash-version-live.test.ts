// One version trashed and restored by the `atelier trash` CLI while `atelier serve` is open on the
// same data folder: a WebSocket client of the host (a window) hears, once each, the history.changed
// another window's history.trash / history.restore sends, marked `outside`, and the graph it then
// reads has the version in the trash, then out of it. Real host process, real CLI process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, HistoryGraph, Iteration, Project } from '../../shared/contract';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/tmp';
import { connect, type TestSocket } from '../support/ws-client';
import { runAtelier } from '../support/cli-run';
import { callOn } from '../support/host-api';

const t = tempDir();
let host: HostProcess;
let sock: TestSocket;
let other: TestSocket;

/** `atelier ARGS` as its own process on the host's data folder. */
const atelier = (...args: string[]) => runAtelier(t.dir, args);

const call = callOn;

/** The history.changed events the window heard while `act` ran: once one came, a while longer (over two looks of the host), so a repeat shows too. */
async function heard(act: () => Promise<unknown>): Promise<unknown[]> {
  await call(sock, 'projects.list', {});
  const from = sock.events.length;
  await act();
  const changes = () => sock.events.slice(from).filter((e) => e.event === 'history.changed');
  await expect.poll(() => changes().length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  await new Promise((r) => setTimeout(r, 2500));
  return changes().map((e) => e.data);
}

let doc: DocumentInfo;
let first: string;

beforeAll(async () => {
  host = await startHostProcess(['--data', t.dir, '--port', '0', '--paused']);
  const auth = { Authorization: `Bearer ${host.token}` };
  sock = await connect(host.port, auth);
  other = await connect(host.port, auth);
  const atlas = await call<Project>(other, 'projects.create', { name: 'Atlas' });
  doc = await call<DocumentInfo>(other, 'documents.create', { projectId: atlas.id, kind: 'text', title: 'Drafts', text: 'A.' });
  first = doc.headIterationId!;
  await call<Iteration>(other, 'history.commitText', { documentId: doc.id, parentIds: [first], text: 'A. B.' });
}, 60_000);

afterAll(async () => {
  await sock?.close();
  await other?.close();
  await host?.stop();
  t.cleanup();
});

const trashedIn = async (id: string) => (await call<HistoryGraph>(sock, 'history.graph', { documentId: doc.id })).iterations.find((i) => i.id === id)?.deletedAt;

describe('one version trashed and restored by the CLI while a studio is open', () => {
  it('the window hears the history.changed another window\'s trash and restore send, marked outside, once each', { timeout: 180_000 }, async () => {
    const fromWindow = await heard(() => call(other, 'history.trash', { id: first }));
    expect(fromWindow).toEqual([{ documentId: doc.id, iterationIds: [first], change: 'trash' }]);
    const restoredHere = await heard(() => call(other, 'history.restore', { id: first }));
    expect(restoredHere).toEqual(fromWindow);

    const fromCli = await heard(async () => {
      const r = await atelier('trash', 'version', first);
      expect(r, r.stderr).toMatchObject({ code: 0, stdout: `Moved version ${first} of 'Drafts' to the trash; to bring it back: atelier trash restore ${first}\n` });
    });
    expect(fromCli).toEqual([{ documentId: doc.id, iterationIds: [first], change: 'trash', outside: true }]);
    expect(await trashedIn(first)).toBeTypeOf('number');

    const restoredThere = await heard(async () => {
      const r = await atelier('trash', 'restore', first);
      expect(r, r.stderr).toMatchObject({ code: 0, stdout: `Restored version ${first} of 'Drafts'\n` });
    });
    expect(restoredThere).toEqual(fromCli);
    expect(await trashedIn(first)).toBeNull();
  });
});
