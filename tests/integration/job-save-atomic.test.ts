// A finished job's versions and its end (done, or failed part way) commit in one transaction, and
// clients hear of them only after that commit. Otherwise a crash in between leaves the job 'running': it is re-queued,
// runs again and saves its versions twice, and a client may have been told of versions that the
// crash then takes away.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../shared/contract';
import { JobWorker } from '../../electron/engine/runtime/job-worker';
import { EventBus } from '../../electron/host/events';
import { JobQueue, type JobEffect } from '../../electron/host/job-queue';
import { openStore, type Store } from '../../electron/store';
import { tempDir } from '../support/tmp';

let t = tempDir();
let store: Store | null = null;
let worker: JobWorker | null = null;
afterEach(async () => {
  await worker?.dispose();
  store?.close();
  t.cleanup();
  t = tempDir();
});

function setup(effect: JobEffect) {
  store = openStore(t.dir, { welcome: false });
  worker = new JobWorker();
  const bus = new EventBus();
  const queue = new JobQueue(store, worker, bus, { 'self-test': effect });
  const project = store.projects.create('P');
  const doc = store.documents.create(project.id, 'text', 'D');
  return { store, bus, queue, doc };
}

const ended = (bus: EventBus, id: string) =>
  new Promise<Job>((resolve) => {
    bus.subscribe((event, data) => {
      const job = data as Job;
      if (event === 'jobs.changed' && job.id === id && ['done', 'failed', 'cancelled'].includes(job.status)) resolve(job);
    });
  });

describe('saving a finished job', () => {
  it('commits the versions and the done job together, and announces them after the commit', async () => {
    let docId = '';
    const { store, bus, queue, doc } = setup((_job, _result) => {
      const a = store!.history.commitText(docId, [], 'first result', 'user');
      const b = store!.history.commitText(docId, [], 'second result', 'user');
      bus.emit('history.changed', { documentId: docId, iterationIds: [a.id, b.id] });
      return { iterationIds: [a.id, b.id] };
    });
    docId = doc.id;
    // What another process sees at the moment the event reaches a client.
    const other = new Database(join(t.dir, 'atelier.db'), { readonly: true });
    const seenAtEvent: { versions: number; job: unknown }[] = [];
    let jobId = '';
    bus.subscribe((event, data) => {
      if (event !== 'history.changed') return;
      const ids = (data as { iterationIds: string[] }).iterationIds;
      seenAtEvent.push({
        versions: ids.filter((id) => other.prepare('SELECT 1 FROM iterations WHERE id = ?').get(id)).length,
        job: other.prepare('SELECT status FROM jobs WHERE id = ?').pluck().get(jobId),
      });
    });
    const job = queue.enqueue('self-test', { steps: 1, stepMs: 0 });
    jobId = job.id;
    const end = await ended(bus, job.id);
    expect(end.status).toBe('done');
    expect(seenAtEvent).toEqual([{ versions: 2, job: 'done' }]);
    expect(store.history.graph(doc.id).iterations.map((i) => i.id)).toEqual((end.result as { iterationIds: string[] }).iterationIds);
    other.close();
  });

  it('keeps what was saved before a failure, fails the job in the same commit, then announces', async () => {
    let docId = '';
    const { store, bus, queue, doc } = setup(() => {
      const a = store!.history.commitText(docId, [], 'saved before the failure', 'user');
      bus.emit('history.changed', { documentId: docId, iterationIds: [a.id] });
      throw new Error('1 of 2 results were saved; disk full');
    });
    docId = doc.id;
    const other = new Database(join(t.dir, 'atelier.db'), { readonly: true });
    const seenAtEvent: unknown[] = [];
    let jobId = '';
    bus.subscribe((event) => {
      if (event === 'history.changed') seenAtEvent.push(other.prepare('SELECT status FROM jobs WHERE id = ?').pluck().get(jobId));
    });
    const job = queue.enqueue('self-test', { steps: 1, stepMs: 0 });
    jobId = job.id;
    const end = await ended(bus, job.id);
    expect(end.status).toBe('failed');
    expect(end.error).toEqual({ code: 'INTERNAL', message: 'The result could not be saved: 1 of 2 results were saved; disk full' });
    expect(store.history.graph(doc.id).iterations.map((i) => i.source)).toEqual(['user']);
    expect(seenAtEvent).toEqual(['failed']);
    other.close();
  });
});

describe('EventBus.hold', () => {
  it('sends held events after the function returns and drops those of a failed part', () => {
    const bus = new EventBus();
    const got: string[] = [];
    bus.subscribe((_e, data) => got.push((data as { id: string }).id));
    bus.hold(() => {
      bus.emit('projects.changed', { id: 'a' });
      expect(got).toEqual([]);
      expect(() =>
        bus.hold(() => {
          bus.emit('projects.changed', { id: 'rolled-back' });
          throw new Error('savepoint rolled back');
        }),
      ).toThrow();
      bus.emit('projects.changed', { id: 'b' });
    });
    expect(got).toEqual(['a', 'b']);
    expect(() =>
      bus.hold(() => {
        bus.emit('projects.changed', { id: 'never' });
        throw new Error('transaction rolled back');
      }),
    ).toThrow();
    bus.emit('projects.changed', { id: 'c' });
    expect(got).toEqual(['a', 'b', 'c']);
  });
});
