// Pausing the host's job worker between token batches (tests/support/pause-tokens.mjs): while the
// pause file exists the running job writes no further, however fast the model, so a test can reload
// a window mid-generation and still find the job running. Keep a pause short: a job cancelled
// meanwhile has a few seconds to stop before the host kills its worker.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './host-process';
import { tempDir } from './tmp';

export function tokenPause(name: string) {
  const dir = tempDir(`atelier-e2e-${name}-pause-`);
  const file = join(dir.dir, 'pause');
  return {
    /** The host's environment that loads the pause. */
    env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${join(ROOT, 'tests/support/pause-tokens.mjs')}`.trim(), ATELIER_TEST_TOKEN_PAUSE: file },
    hold: () => writeFileSync(file, ''),
    release: () => rmSync(file, { force: true }),
    cleanup: () => {
      rmSync(file, { force: true });
      dir.cleanup();
    },
  };
}
