// Reproduction records: a re-run version, the version it re-ran, and whether the outputs matched.
import type { Reproduction, ReproduceReason } from '../../shared/contract/history';
import type { Db } from './connection';

interface Row {
  iteration_id: string;
  original_id: string;
  outcome: Reproduction['outcome'];
  reasons_json: string;
  hash_kind: Reproduction['hashKind'];
  original_hash: string;
  new_hash: string;
  created_at: number;
}

const toReproduction = (r: Row): Reproduction => ({
  iterationId: r.iteration_id,
  originalId: r.original_id,
  outcome: r.outcome,
  reasons: JSON.parse(r.reasons_json) as ReproduceReason[],
  hashKind: r.hash_kind,
  originalHash: r.original_hash,
  newHash: r.new_hash,
  createdAt: r.created_at,
});

export class ReproductionsRepo {
  constructor(private readonly db: Db) {}

  add(r: Omit<Reproduction, 'createdAt'>): Reproduction {
    const createdAt = Date.now();
    this.db
      .prepare(
        `INSERT INTO reproductions (iteration_id, original_id, outcome, reasons_json, hash_kind, original_hash, new_hash, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.iterationId, r.originalId, r.outcome, JSON.stringify(r.reasons), r.hashKind, r.originalHash, r.newHash, createdAt);
    return { ...r, createdAt };
  }

  /** Reproductions of a version, and the record of the version itself if it is a re-run; newest first. */
  of(iterationId: string): Reproduction[] {
    return (
      this.db
        .prepare('SELECT * FROM reproductions WHERE original_id = @id OR iteration_id = @id ORDER BY created_at DESC, rowid DESC')
        .all({ id: iterationId }) as Row[]
    ).map(toReproduction);
  }

  get(iterationId: string): Reproduction | null {
    const row = this.db.prepare('SELECT * FROM reproductions WHERE iteration_id = ?').get(iterationId) as Row | undefined;
    return row ? toReproduction(row) : null;
  }
}
