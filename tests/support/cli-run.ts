// `atelier ARGS --data DIR` as its own process, as a user runs it in a terminal beside the studio:
// its exit code and its whole output once it has exited.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './host-process';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runAtelier(dataDir: string, args: readonly string[]): Promise<CliRun> {
  return runAtelierAsTyped([...args, '--data', dataDir]);
}

/** `atelier ARGS` exactly as given (no --data added): for where the options go on the line. */
export function runAtelierAsTyped(args: readonly string[]): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/atelier.cjs'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
