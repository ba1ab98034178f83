// What the start-up checks cost on a big library: a plain open of the store vs the quick_check and
// vs the daily backup that prepareDatabase adds, on one 100k-version database, in one run.
// Usage: npm run bench:startup [-- --versions N] [-- --json]
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../../electron/store';
import { backupDatabase } from '../../electron/store/backups';
import { checkDatabase } from '../../electron/store/db-check';
import { LATEST_VERSION } from '../../electron/store/migrations';
import { DB_FILE } from '../../electron/store/startup';
import { seedHistory } from '../support/seed-history';
import { tempDir } from '../support/tmp';

async function main() {
  const { values } = parseArgs({ options: { versions: { type: 'string' }, json: { type: 'boolean' } } });
  const versions = Number(values.versions ?? 100_000);
  const t = tempDir('atelier-bench-startup-');
  try {
    const store = openStore(t.dir, { welcome: false });
    seedHistory(store, { iterations: versions, bigDocument: Math.min(10_000, versions) });
    store.close();
    const file = join(t.dir, DB_FILE);
    const time = async (fn: () => unknown) => {
      const at = performance.now();
      await fn();
      return performance.now() - at;
    };
    const open = await time(() => openStore(t.dir, { welcome: false }).close());
    const check = await time(() => checkDatabase(file, LATEST_VERSION));
    const backup = await time(() => backupDatabase(file, t.dir, 'daily'));
    const r = {
      versions,
      dbMB: +(statSync(file).size / 2 ** 20).toFixed(1),
      openMs: Math.round(open),
      quickCheckMs: Math.round(check),
      backupMs: Math.round(backup),
      checkPerOpen: +(check / open).toFixed(2),
      backupPerOpen: +(backup / open).toFixed(2),
    };
    if (values.json) console.log(JSON.stringify(r));
    else {
      console.log(`database: ${r.versions} versions, ${r.dbMB} MB`);
      console.log(`open store ${r.openMs} ms | quick_check ${r.quickCheckMs} ms (×${r.checkPerOpen}) | daily backup ${r.backupMs} ms (×${r.backupPerOpen})`);
      console.log(JSON.stringify(r));
    }
  } finally {
    t.cleanup();
  }
}

void main();
