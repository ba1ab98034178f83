// The `atelier` command as a process in a shell pipeline: a reader that stops early (`| head`)
// and Ctrl-C. Before the fixes `atelier models list | head -1` died on EPIPE with a Node stack
// trace, and Ctrl-C during `generate image --out d.png --batch 8` wrote the one finished image
// as d.png (the name of a batch of one) and exited 0, as if all of it had been made.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
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

/**
 * Runs the command; `closeStdout` closes the read end of its stdout before it writes anything;
 * `interruptWhen` sends one SIGINT (Ctrl-C) once it is true of the output so far.
 */
function run(args: string[], opts: { closeStdout?: boolean; interruptWhen?: (stdout: string, stderr: string) => boolean } = {}): Promise<Ended> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ATELIER_DATA: join(t.dir, 'data') } });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    const look = () => {
      if (!interrupted && opts.interruptWhen?.(stdout, stderr)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    };
    if (opts.closeStdout) child.stdout.destroy();
    else child.stdout.on('data', (d: Buffer) => ((stdout += d.toString()), look()));
    child.stderr.on('data', (d: Buffer) => ((stderr += d.toString()), look()));
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

describe('atelier status', () => {
  // It probes WebGPU in the job worker; without Vulkan, Dawn printed a warning and a source line.
  it('prints nothing on stderr when all is well', { timeout: 60_000 }, async () => {
    const r = await run(['status']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Atelier \d/);
    expect(r.stderr).toBe('');
  });
});

describe('atelier serve refusals', () => {
  // Before: "Could not listen on 127.0.0.1:PORT: listen EADDRINUSE: address already in use 127.0.0.1:PORT".
  it('says a port is taken, or a --host is not this machine, and what to do', { timeout: 60_000 }, async () => {
    const taken = createServer();
    await new Promise<void>((ok) => taken.listen(0, '127.0.0.1', ok));
    const port = (taken.address() as AddressInfo).port;
    const busy = await run(['serve', '--paused', '--port', String(port)]);
    taken.close();
    expect(busy.code).toBe(1);
    expect(busy.stderr).toBe(`atelier: could not listen on 127.0.0.1:${port}: port ${port} is already in use; choose another with --port N, or --port 0 for a free one\n`);
    const elsewhere = await run(['serve', '--paused', '--host', '203.0.113.9']);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toMatch(/atelier: could not listen on 203\.0\.113\.9:0: 203\.0\.113\.9 is not an address of this machine; leave out --host to listen on 127\.0\.0\.1\n$/);
  });
});

describe('Ctrl-C', () => {
  it('generate text prints the text made so far, says it stopped and exits 130', { timeout: 120_000 }, async () => {
    const r = await run(['generate', 'text', '--prompt', 'In the beginning', '--max-tokens', '200', '--seed', '5'], { interruptWhen: (out) => out.length > 0 });
    expect(r.code).toBe(130);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/^Stopped after \d+ tokens\.\n$/);
  });

  it('generate image keeps the finished images of a batch under their batch names and exits 130', { timeout: 120_000 }, async () => {
    const dir = join(t.dir, 'stopped');
    mkdirSync(dir);
    const out = join(dir, 'd.png');
    const r = await run(['generate', 'image', '--prompt', 'a sneaker', '--seed', '1', '--batch', '8', '--out', out], { interruptWhen: (_o, err) => /\d+%/.test(err) });
    expect(r.code, r.stderr).toBe(130);
    const n = Number(/Stopped: (\d) of 8 images were finished and written\./.exec(r.stderr)?.[1]);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThan(8);
    const names = Array.from({ length: n }, (_, i) => `d-${i + 1}.png`);
    expect(readdirSync(dir).sort()).toEqual(names);
    expect(r.stdout.trim().split('\n')).toEqual(names.map((f) => join(dir, f)));
    expect(existsSync(out)).toBe(false);
  });
});
