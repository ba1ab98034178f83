// SIGKILL the real host process while one job runs and others wait: after a restart every job is
// still listed, the interrupted one is re-queued with a reason, and the database is intact.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Job } from '../../shared/contract';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/tmp';
import { connect } from '../support/ws-client';

const t = tempDir();
const hosts: HostProcess[] = [];
afterAll(async () => {
  for (const h of hosts) await h.stop('SIGKILL');
  t.cleanup();
});

describe('crash recovery', () => {
  it('keeps every job across a SIGKILL of the host', async () => {
    const first = await startHostProcess(['--data', t.dir, '--port', '0']);
    hosts.push(first);
    const a = await connect(first.port, { Authorization: `Bearer ${first.token}` });
    const enqueue = async (steps: number) =>
      ((await a.call('jobs.enqueue', { kind: 'self-test', payload: { steps, stepMs: 100 } })) as { result: Job }).result;
    const running = await enqueue(600);
    const waiting = [await enqueue(3), await enqueue(4)];
    await a.waitForEvent((e) => e.event === 'jobs.progress' && e.data.id === running.id && e.data.progress.done >= 2);
    const created = (await a.call('projects.create', { name: 'Before the crash' })) as { ok: boolean };
    expect(created.ok).toBe(true);

    await first.stop('SIGKILL');
    expect(first.child.signalCode).toBe('SIGKILL');

    const db = new Database(join(t.dir, 'atelier.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT status FROM jobs WHERE id = ?').get(running.id)).toEqual({ status: 'running' });
    db.close();

    const second = await startHostProcess(['--data', t.dir, '--port', '0']);
    hosts.push(second);
    const b = await connect(second.port, { Authorization: `Bearer ${second.token}` });
    const jobs = ((await b.call('jobs.list', {})) as { result: Job[] }).result;
    const byId = new Map(jobs.map((j) => [j.id, j]));
    for (const j of [running, ...waiting]) expect(byId.has(j.id), j.id).toBe(true);
    const recovered = byId.get(running.id)!;
    expect(['queued', 'running']).toContain(recovered.status);
    expect(recovered.note).toMatch(/Re-queued after an interruption/);
    for (const w of waiting) expect(['queued', 'running', 'done']).toContain(byId.get(w.id)!.status);
    const projects = ((await b.call('projects.list', {})) as { result: { name: string }[] }).result;
    expect(projects.map((p) => p.name)).toContain('Before the crash');
    // The re-queued job runs again from the start; cancel it so the test ends quickly.
    expect((await b.call('jobs.cancel', { id: running.id })).ok).toBe(true);
    await a.close().catch(() => {});
    await b.close();
    await second.stop('SIGTERM');
    const after = new Database(join(t.dir, 'atelier.db'), { readonly: true });
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    after.close();
  });
});
