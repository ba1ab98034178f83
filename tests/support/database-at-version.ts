// A real database file stopped at an older schema version, for the migration tests: the first N
// migrations applied to <fresh temp folder>/atelier.db, the folder removed when the test ends.
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { openDatabase } from '../../electron/store/connection';
import { migrations } from '../../electron/store/migrations';
import { tempDir } from './tmp';

export function databaseAtVersion(version: number): { dir: string; file: string; db: ReturnType<typeof openDatabase> } {
  const t = tempDir();
  onTestFinished(t.cleanup);
  const file = join(t.dir, 'atelier.db');
  return { dir: t.dir, file, db: openDatabase(file, migrations.slice(0, version)) };
}
