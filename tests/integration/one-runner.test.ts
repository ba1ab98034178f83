// One process runs a data folder's job queue. Before, a second `atelier serve` (or the app and a
// serve) on one folder started its own queue, and its start-up re-queued the first one's running
// job as "interrupted": the job ran twice and its versions were saved twice. Now the second one
// refuses to start, naming the first; one-shot commands and `serve --paused` still work beside
// it, and a host killed with SIGKILL leaves no lock behind.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/host/core';
import { AtelierError } from '../../shared/errors';
import { CLI, ROOT, spawnHost, startHostProcess } from '../support/host-process';
import { tempDir } from '../support/tmp';

const t = tempDir();
afterAll(() => t.cleanup());

/** Runs `serve` until it exits (it should, at once) and returns its exit code and stderr. */
function serveRefused(data: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawnHost(['--data', data, '--port', '0']);
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => (stdout += d));
  return new Promise((done) => child.on('exit', (code) => done({ code, stderr, stdout })));
}

describe('one queue runner per data folder', () => {
  it('refuses a second serve, lets one-shot commands and a paused serve work beside the first, and survives SIGKILL', { timeout: 180_000 }, async () => {
    const data = join(t.dir, 'data');
    const first = await startHostProcess(['--data', data, '--port', '0']);

    const second = await serveRefused(data);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toBe(
      `atelier: atelier serve (process ${first.child.pid}, since ${second.stderr.match(/since ([^)]+)\)/)?.[1]}) is already running jobs on the data folder ${data}. ` +
        'Use that one, or close it first, or give this one another data folder (--data DIR).\n',
    );

    const list = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'projects', 'list', '--json', '--data', data], { cwd: ROOT, encoding: 'utf8' });
    expect(list.status, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).map((p: { name: string }) => p.name)).toEqual(['Welcome']);
    const paused = await startHostProcess(['--data', data, '--port', '0', '--paused']);
    await paused.stop();

    // In one process too: a second running core on the folder is refused with CONFLICT.
    let refused: unknown = null;
    try {
      createCore({ dataDir: data, transport: 'cli' }).close();
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(AtelierError);
    expect((refused as AtelierError).code).toBe('CONFLICT');

    // The operating system drops the lock with the process, however it ends.
    await first.stop('SIGKILL');
    const after = await startHostProcess(['--data', data, '--port', '0']);
    expect(after.stderr()).toBe('');
    await after.stop();
    const again = await startHostProcess(['--data', data, '--port', '0']);
    await again.stop();
  });
});
