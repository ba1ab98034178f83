// The `atelier` command as a process in a shell pipeline: a reader that stops early (`| head`)
// and Ctrl-C. Before the fix `atelier models list | head -1` died on EPIPE with a Node stack trace.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/host-process';
import { tempDir } from '../support/tmp';

const BIN = join(ROOT, 'bin/atelier.cjs');
const t = tempDir();
afterAll(() => t.cleanup());

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the command; `closeStdout` closes the read end of its stdout before it writes anything. */
function run(args: string[], opts: { closeStdout?: boolean } = {}): Promise<Ended> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ATELIER_DATA: join(t.dir, 'data') } });
    let stdout = '';
    let stderr = '';
    if (opts.closeStdout) child.stdout.destroy();
    else child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

describe('atelier in a pipeline', () => {
  it('ends quietly when the reader closes the pipe (| head)', { timeout: 120_000 }, async () => {
    for (const args of [
      ['models', 'list'],
      ['generate', 'text', '--prompt', 'In the beginning', '--max-tokens', '40', '--seed', '3'],
    ]) {
      const r = await run(args, { closeStdout: true });
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code, args.join(' ')).toBe(0);
    }
  });
});
