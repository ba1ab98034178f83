// Saved X/Y grids: the spec, the parsed axes and one row per cell (its job, then its version).
// A cell's status is its job's; a cell whose job finished but was not recorded (the app stopped in
// between) is filled from the job's result the next time the grid is read.
import type { JobStatus } from '../../shared/contract/entities';
import type { Grid, GridAxis, GridCell, GridCellStatus, GridSummary } from '../../shared/contract/grids';
import { AtelierError } from '../../shared/errors';
import type { Db } from './connection';
import { newId } from './ids';

interface GridRow {
  id: string;
  document_id: string;
  kind: 'text' | 'image';
  name: string;
  spec_json: string;
  axes_json: string;
  created_at: number;
}

interface CellRow {
  x: number;
  y: number;
  job_id: string | null;
  iteration_id: string | null;
  job_status: JobStatus | null;
  result_json: string | null;
  error_json: string | null;
  live: number | null;
}

export class GridsRepo {
  constructor(private readonly db: Db) {}

  create(input: { documentId: string; kind: 'text' | 'image'; name: string; spec: unknown; axes: { x: GridAxis; y: GridAxis | null }; cells: { x: number; y: number }[] }): string {
    const id = newId();
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO grids (id, document_id, kind, name, spec_json, axes_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, input.documentId, input.kind, input.name, JSON.stringify(input.spec), JSON.stringify(input.axes), Date.now());
      const cell = this.db.prepare('INSERT INTO grid_cells (grid_id, x, y) VALUES (?, ?, ?)');
      for (const c of input.cells) cell.run(id, c.x, c.y);
    })();
    return id;
  }

  setCellJob(gridId: string, x: number, y: number, jobId: string): void {
    this.db.prepare('UPDATE grid_cells SET job_id = ? WHERE grid_id = ? AND x = ? AND y = ?').run(jobId, gridId, x, y);
  }

  /** Records the version a cell's job made; returns the grid id (null: not a grid job). */
  setCellIteration(jobId: string, iterationId: string | null): string | null {
    const row = this.db.prepare('SELECT grid_id FROM grid_cells WHERE job_id = ?').get(jobId) as { grid_id: string } | undefined;
    if (!row) return null;
    if (iterationId) this.db.prepare('UPDATE grid_cells SET iteration_id = ? WHERE job_id = ?').run(iterationId, jobId);
    return row.grid_id;
  }

  gridOfJob(jobId: string): { id: string; documentId: string } | null {
    const row = this.db
      .prepare('SELECT g.id, g.document_id FROM grid_cells c JOIN grids g ON g.id = c.grid_id WHERE c.job_id = ?')
      .get(jobId) as { id: string; document_id: string } | undefined;
    return row ? { id: row.id, documentId: row.document_id } : null;
  }

  spec(id: string): unknown {
    return JSON.parse(this.row(id).spec_json);
  }

  get(id: string): Grid {
    const g = this.row(id);
    const rows = this.db
      .prepare(
        `SELECT c.x, c.y, c.job_id, c.iteration_id, j.status AS job_status, j.result_json, j.error_json,
                (SELECT 1 FROM iterations i WHERE i.id = c.iteration_id) AS live
         FROM grid_cells c LEFT JOIN jobs j ON j.id = c.job_id WHERE c.grid_id = ? ORDER BY c.y, c.x`,
      )
      .all(id) as CellRow[];
    const cells: GridCell[] = rows.map((r) => this.cell(id, r));
    const counts = { total: cells.length, done: 0, stopped: 0, failed: 0, pending: 0 };
    for (const c of cells) {
      if (c.status === 'done' && c.iterationId) counts.done++;
      else if (c.status === 'cancelled') counts.stopped++;
      else if (c.status === 'queued' || c.status === 'running') counts.pending++;
      else counts.failed++;
    }
    return { id: g.id, documentId: g.document_id, kind: g.kind, name: g.name, createdAt: g.created_at, axes: JSON.parse(g.axes_json), cells, counts };
  }

  list(documentId?: string): GridSummary[] {
    const where = documentId === undefined ? '' : 'WHERE g.document_id = ?';
    const rows = this.db
      .prepare(
        `SELECT g.id, g.document_id, g.kind, g.name, g.created_at,
                (SELECT count(*) FROM grid_cells c WHERE c.grid_id = g.id) AS count,
                (SELECT count(*) FROM grid_cells c WHERE c.grid_id = g.id AND c.iteration_id IS NOT NULL) AS done
         FROM grids g ${where} ORDER BY g.created_at DESC, g.rowid DESC`,
      )
      .all(...(documentId === undefined ? [] : [documentId])) as (Omit<GridRow, 'spec_json' | 'axes_json'> & { count: number; done: number })[];
    return rows.map((r) => ({ id: r.id, documentId: r.document_id, kind: r.kind, name: r.name, createdAt: r.created_at, count: r.count, done: r.done }));
  }

  private cell(gridId: string, r: CellRow): GridCell {
    let iterationId = r.live ? r.iteration_id : null;
    if (!r.iteration_id && r.job_status && r.job_status !== 'queued' && r.job_status !== 'running' && r.result_json) {
      const made = (JSON.parse(r.result_json) as { iterationIds?: (string | null)[] }).iterationIds?.[0];
      if (made && this.db.prepare('SELECT 1 FROM iterations WHERE id = ?').get(made)) {
        this.db.prepare('UPDATE grid_cells SET iteration_id = ? WHERE grid_id = ? AND x = ? AND y = ?').run(made, gridId, r.x, r.y);
        iterationId = made;
      }
    }
    let status: GridCellStatus = r.job_status ?? 'missing';
    // A finished cell whose version was deleted (trash emptied) has nothing to show.
    if (status === 'done' && !iterationId) status = 'missing';
    const error = r.error_json ? (JSON.parse(r.error_json) as { message?: string }).message ?? null : null;
    return { x: r.x, y: r.y, jobId: r.job_id, iterationId, status, error };
  }

  private row(id: string): GridRow {
    const g = this.db.prepare('SELECT * FROM grids WHERE id = ?').get(id) as GridRow | undefined;
    if (!g) throw new AtelierError('NOT_FOUND', `No grid with id ${id}`);
    return g;
  }
}
