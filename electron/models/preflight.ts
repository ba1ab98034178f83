// Runs the preflight of a model folder in a child process of its own (preflight-entry.ts), one at a
// time. A crash of that process (a native abort on a corrupt file, out of memory) or a hang past the
// timeout becomes MODEL_INVALID with the reason; the host process is never at risk.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { ModelKind, PreflightResult } from '../../shared/contract/models';
import { AtelierError } from '../../shared/errors';
import { childEntry, loaderArgs } from '../engine/runtime/child-entry';
import type { PreflightOptions } from './preflight-checks';
import type { FromPreflight, ToPreflight } from './preflight-protocol';

export interface PreflightSpawnOptions {
  /** The child entry (tests point it at a script that crashes or hangs); defaults to ours. */
  entry?: string;
  execPath?: string;
  env?: NodeJS.ProcessEnv;
  /** Fixed timeout; by default one minute plus 30 s per GiB of model. */
  timeoutMs?: number;
  /** Passed to the checks (memory overrides for tests). */
  options?: PreflightOptions;
}

export function defaultTimeoutMs(sizeBytes: number): number {
  return 60_000 + Math.ceil((sizeBytes / 2 ** 30) * 30_000);
}

function entryFor(opts: PreflightSpawnOptions): { entry: string; execArgv: string[] } {
  if (opts.entry) return { entry: opts.entry, execArgv: loaderArgs(opts.entry) };
  // Built, this code may sit in out/main/chunks/ (shared by the main and worker bundles).
  return childEntry(join(__dirname, 'preflight-entry.ts'), [join(__dirname, 'preflight.js'), join(__dirname, '..', 'preflight.js')]);
}

/** The last meaningful line a dying child wrote to stderr (onnxruntime's abort reason, usually). */
function lastLine(stderr: string): string | null {
  const lines = stderr
    .split('\n')
    .map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim())
    .filter((l) => l && !/\[W:onnxruntime/.test(l));
  const line = lines.at(-1);
  return line ? line.slice(0, 300) : null;
}

function spawnPreflight(dir: string, kind: ModelKind, opts: PreflightSpawnOptions, sizeBytes: number): Promise<PreflightResult> {
  const { entry, execArgv } = entryFor(opts);
  const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs(sizeBytes);
  return new Promise<PreflightResult>((resolve, reject) => {
    const child = fork(entry, [], {
      execArgv,
      execPath: opts.execPath,
      env: opts.env ?? process.env,
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (s: string) => {
      stderr = (stderr + s).slice(-8192);
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      settle(() =>
        reject(
          new AtelierError(
            'MODEL_INVALID',
            `The preflight did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped: onnxruntime hangs on this model (or the machine is very busy)`,
          ),
        ),
      );
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (msg: FromPreflight) => {
      if (msg.type === 'result') settle(() => resolve(msg.result));
      else settle(() => reject(new AtelierError(msg.error.code, msg.error.message, msg.error.details)));
    });
    child.on('error', (err) => settle(() => reject(new AtelierError('INTERNAL', `Could not start the preflight process: ${err.message}`))));
    child.on('exit', (code, signal) => {
      // Give stderr a moment to drain so the reason can be quoted.
      setImmediate(() => {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const why = lastLine(stderr);
        settle(() =>
          reject(new AtelierError('MODEL_INVALID', `The preflight process crashed while opening this model (it ${how})${why ? `: ${why}` : ''}`)),
        );
      });
    });
    const msg: ToPreflight = { type: 'preflight', dir, kind, options: opts.options ?? {} };
    child.send(msg);
  });
}

let tail: Promise<unknown> = Promise.resolve();

/**
 * Checks a model folder in a fresh child process. Preflights run one after another (each may
 * load gigabytes). Resolves with the result (which may list problems); rejects with
 * MODEL_INVALID when the child crashes or hangs.
 */
export function runPreflight(dir: string, kind: ModelKind, opts: PreflightSpawnOptions = {}, sizeBytes = 0): Promise<PreflightResult> {
  const run = tail.then(() => spawnPreflight(dir, kind, opts, sizeBytes));
  tail = run.catch(() => undefined);
  return run;
}
