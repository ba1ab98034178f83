// A data folder at schema version 5 (before the search index) holding many versions, so that the
// first start of a newer Atelier spends long enough in its migrations (006 indexes every version)
// for the crash loop to kill it there.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { openDatabase } from '../../electron/store/connection';
import { migrations } from '../../electron/store/migrations';
import { Prng } from '../../electron/engine/prng';
import { Ledger } from './ledger';

const WORDS = 'the keeper climbed stairs lamp sea gull storm night harbour rope salt light tide stone'.split(' ');

/** Writes the folder's database and returns what it holds (every row must survive any start). */
export function writeOldSchemaFolder(dataDir: string, versions = 4000, seed = 5): Ledger {
  const db = openDatabase(join(dataDir, 'atelier.db'), migrations.slice(0, 5));
  const prng = new Prng(seed);
  const ledger = new Ledger();
  const artifact = db.prepare(`INSERT OR IGNORE INTO artifacts VALUES (?, 'inline', 'text/plain', ?, ?, 1)`);
  const iteration = db.prepare(`INSERT INTO iterations VALUES (?, 'd5', 'text', 'user', 'ok', NULL, ?, ?, NULL, 0, ?)`);
  const edge = db.prepare('INSERT INTO iteration_edges (parent_id, child_id) VALUES (?, ?)');
  db.transaction(() => {
    db.prepare(`INSERT INTO projects VALUES ('p5', 'Old novel', 1, 1, NULL)`).run();
    db.prepare(`INSERT INTO documents VALUES ('d5', 'p5', 'text', 'Chapter', NULL, 1, 1, NULL)`).run();
    let parent: string | null = null;
    for (let i = 0; i < versions; i++) {
      const text = Array.from({ length: 150 }, () => WORDS[Math.floor(prng.next() * WORDS.length)]).join(' ');
      const id = createHash('sha256').update(text).digest('hex');
      artifact.run(id, Buffer.byteLength(text), text);
      const itId = `old-${i}`;
      iteration.run(itId, id, 10 + i, i % 7 === 0 ? `note ${i}` : null);
      if (parent) edge.run(parent, itId);
      parent = itId;
      ledger.iterations.set(itId, 'schema-5 folder');
    }
    db.prepare(`UPDATE documents SET head_iteration_id = ? WHERE id = 'd5'`).run(parent);
  })();
  db.close();
  ledger.projects.add('p5');
  ledger.documents.add('d5');
  return ledger;
}
