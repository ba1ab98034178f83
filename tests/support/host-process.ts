// Starts `atelier serve` as a real child process (as a user would) and reads its one line.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const CLI = resolve(ROOT, 'electron/host/cli.ts');
export const URL_LINE = /^Atelier is running at (http:\/\/([^/\s]+):(\d+)\/\?token=([A-Za-z0-9_-]+))$/;

export interface HostProcess {
  child: ChildProcess;
  url: string;
  host: string;
  port: number;
  token: string;
  stdout: () => string;
  stderr: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The bare child (for killing it before it is ready, e.g. during its first migrations). */
export function spawnHost(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): ChildProcess & { stdout: NodeJS.ReadableStream; stderr: NodeJS.ReadableStream } {
  // One real process (node + the tsx loader), so SIGKILL hits the host itself, not a wrapper.
  return spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
}

/** `env` is added to this process's environment (e.g. HOME and TMPDIR inside a temp folder). */
export function startHostProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<HostProcess> {
  const child = spawnHost(args, env);
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`host did not start: ${err}`)), 30_000);
    child.once('exit', (code) => fail(new Error(`host exited with ${code}: ${err}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = URL_LINE.exec(out.split('\n')[0] ?? '');
      if (!m || !out.includes('\n')) return;
      clearTimeout(timer);
      ok({
        child,
        url: m[1] as string,
        host: m[2] as string,
        port: Number(m[3]),
        token: m[4] as string,
        stdout: () => out,
        stderr: () => err,
        stop: (signal = 'SIGTERM') =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
            child.once('exit', (code) => done(code));
            child.kill(signal);
          }),
      });
    });
  });
}
