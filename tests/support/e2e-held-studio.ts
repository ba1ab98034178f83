// A studio (browser host in Chromium) whose host holds each job run until a gate file appears
// (hold-jobs.mjs), with a socket of the test's own to start jobs and read the queue: for e2e tests
// that need a job to wait, or to stop one before it begins, however fast the machine is. The gate
// opens after the file's tests, before the host stops.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startStudio, type Studio } from './e2e-setup';
import { ROOT } from './host-process';
import { tempDir } from './tmp';
import { connect, type TestSocket } from './ws-client';

export interface HeldStudio {
  readonly studio: Studio;
  /** The test's own connection to the host. */
  readonly observer: TestSocket;
  /** A call over that connection; a refusal throws with its code. */
  read<T>(method: string, params?: unknown): Promise<T>;
  /** Lets the held run (and every later one) go. */
  open(): void;
}

/** `models` as startStudio takes them (null: only the starter models). */
export function useHeldStudio(name: string, models: ((dir: string) => void) | null): HeldStudio {
  const gates = tempDir();
  const gate = join(gates.dir, 'go');
  let studio: Studio | undefined;
  let observer: TestSocket | undefined;
  const open = () => writeFileSync(gate, '');
  beforeAll(async () => {
    studio = await startStudio(name, {
      models,
      hostEnv: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${join(ROOT, 'tests/support/hold-jobs.mjs')}`.trim(), ATELIER_TEST_JOB_GATE: gate },
    });
    observer = await connect(studio.host.port, { Authorization: `Bearer ${studio.host.token}` });
  });
  afterAll(async () => {
    open();
    await observer?.close().catch(() => {});
    await studio?.close();
    gates.cleanup();
  });
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the held studio starts in beforeAll');
    return v;
  };
  return {
    get studio() {
      return started(studio);
    },
    get observer() {
      return started(observer);
    },
    async read<T>(method: string, params: unknown = {}): Promise<T> {
      const r = await started(observer).call(method, params);
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.result as T;
    },
    open,
  };
}
