import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'atelier-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The same, named by its real path (the temp folder may sit behind a link), for tests that compare paths the app resolved. */
export function realTempDir(prefix = 'atelier-test-'): { dir: string; cleanup: () => void } {
  const t = tempDir(prefix);
  return { dir: realpathSync(t.dir), cleanup: t.cleanup };
}
