// A test host whose job worker starts held until a gate file appears (hold-worker.mjs holds the
// whole worker; hold-jobs.mjs one job run), so a test can stop a job before it begins however fast
// the machine is. The gate is opened after the file's tests, before the host stops (hooks after run
// last-registered first), and a held worker is never killed for being slow to answer a stop.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { ROOT } from './host-process';
import { useTestHost, type TestHost } from './test-host';
import { tempDir } from './tmp';

const HOLDS = {
  worker: { script: 'tests/support/hold-worker.mjs', gateEnv: 'ATELIER_TEST_WORKER_GATE' },
  jobs: { script: 'tests/support/hold-jobs.mjs', gateEnv: 'ATELIER_TEST_JOB_GATE' },
} as const;

export function useHeldHost(hold: keyof typeof HOLDS, setup: { models: (dir: string) => void; env?: Record<string, string> }): { h: TestHost; open(): void; versionCount(): number } {
  const gates = tempDir();
  const gate = join(gates.dir, 'go');
  const { script, gateEnv } = HOLDS[hold];
  const h = useTestHost({
    models: setup.models,
    worker: {
      env: { ...process.env, ...setup.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${join(ROOT, script)}`.trim(), [gateEnv]: gate },
      cancelGraceMs: 120_000,
    },
  });
  const open = () => writeFileSync(gate, '');
  afterAll(() => {
    open();
    gates.cleanup();
  });
  return { h, open, versionCount: () => h.core.store.db.prepare('SELECT count(*) FROM iterations').pluck().get() as number };
}
