// The durable job queue table. The scheduler (electron/host/job-queue.ts) decides what runs;
// this file only reads and writes rows.
import type { Job, JobProgress, JobStatus } from '../../shared/contract';
import { AtelierError, type WireError } from '../../shared/errors';
import type { Db } from './connection';
import { newId } from './ids';

interface Row {
  id: string;
  kind: string;
  status: JobStatus;
  position: number;
  payload_json: string;
  progress_json: string | null;
  result_json: string | null;
  error_json: string | null;
  note: string | null;
  attempts: number;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

const parse = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

const toJob = (r: Row): Job => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  position: r.position,
  payload: JSON.parse(r.payload_json),
  progress: parse<JobProgress>(r.progress_json),
  result: parse<unknown>(r.result_json),
  error: parse<WireError>(r.error_json),
  note: r.note,
  attempts: r.attempts,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/** A job interrupted this many times is failed instead of re-queued, so a crashing job cannot loop. */
export const MAX_ATTEMPTS = 3;

export class JobsRepo {
  constructor(private readonly db: Db) {}

  /** Live jobs first (running, then queued in order), then finished ones, newest first. */
  list(limit = 200): Job[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM jobs ORDER BY
             CASE status WHEN 'running' THEN 0 WHEN 'queued' THEN 1 ELSE 2 END,
             CASE WHEN status = 'queued' THEN position END,
             coalesce(finished_at, created_at) DESC
           LIMIT ?`,
        )
        .all(limit) as Row[]
    ).map(toJob);
  }

  get(id: string): Job {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new AtelierError('NOT_FOUND', `No job with id ${id}`);
    return toJob(row);
  }

  enqueue(kind: string, payload: unknown): Job {
    const id = newId();
    const { next } = this.db.prepare('SELECT coalesce(max(position), 0) + 1 AS next FROM jobs').get() as { next: number };
    this.db
      .prepare(`INSERT INTO jobs (id, kind, status, position, payload_json, created_at) VALUES (?, ?, 'queued', ?, ?, ?)`)
      .run(id, kind, next, JSON.stringify(payload), Date.now());
    return this.get(id);
  }

  queued(): Job[] {
    return (this.db.prepare(`SELECT * FROM jobs WHERE status = 'queued' ORDER BY position`).all() as Row[]).map(toJob);
  }

  nextQueued(): Job | null {
    const row = this.db.prepare(`SELECT * FROM jobs WHERE status = 'queued' ORDER BY position LIMIT 1`).get() as
      | Row
      | undefined;
    return row ? toJob(row) : null;
  }

  markRunning(id: string): Job {
    this.db
      .prepare(`UPDATE jobs SET status = 'running', attempts = attempts + 1, started_at = ?, progress_json = NULL WHERE id = ?`)
      .run(Date.now(), id);
    return this.get(id);
  }

  setProgress(id: string, progress: JobProgress): void {
    this.db.prepare(`UPDATE jobs SET progress_json = ? WHERE id = ? AND status = 'running'`).run(JSON.stringify(progress), id);
  }

  finish(id: string, status: 'done' | 'failed' | 'cancelled', outcome: { result?: unknown; error?: WireError }): Job {
    this.db
      .prepare(`UPDATE jobs SET status = ?, result_json = ?, error_json = ?, finished_at = ? WHERE id = ?`)
      .run(
        status,
        outcome.result === undefined ? null : JSON.stringify(outcome.result),
        outcome.error === undefined ? null : JSON.stringify(outcome.error),
        Date.now(),
        id,
      );
    return this.get(id);
  }

  /** Places a queued job at `index` among the queued jobs by giving it a position between neighbours. */
  move(id: string, index: number): Job[] {
    const job = this.get(id);
    if (job.status !== 'queued') throw new AtelierError('CONFLICT', `Only queued jobs can be moved; this one is ${job.status}`);
    const others = this.queued().filter((j) => j.id !== id);
    const at = Math.min(index, others.length);
    const before = others[at - 1]?.position;
    const after = others[at]?.position;
    const position =
      before === undefined ? (after === undefined ? 1 : after - 1) : after === undefined ? before + 1 : (before + after) / 2;
    this.db.prepare('UPDATE jobs SET position = ? WHERE id = ?').run(position, id);
    return this.queued();
  }

  /**
   * Start-up recovery: a job left `running` was interrupted by a crash. Re-queue it at the front
   * with a note, or fail it once it has used up its attempts. Nothing is dropped.
   */
  recoverInterrupted(): Job[] {
    const rows = this.db.prepare(`SELECT * FROM jobs WHERE status = 'running'`).all() as Row[];
    const front = (this.db.prepare(`SELECT coalesce(min(position), 1) AS p FROM jobs WHERE status = 'queued'`).get() as {
      p: number;
    }).p;
    return this.db.transaction(() =>
      rows.map((r, i) => {
        if (r.attempts >= MAX_ATTEMPTS) {
          const error = {
            code: 'INTERNAL' as const,
            message: `Interrupted ${r.attempts} times by a shutdown or crash while running; not retried again`,
          };
          return this.finish(r.id, 'failed', { error });
        }
        this.db
          .prepare(`UPDATE jobs SET status = 'queued', position = ?, progress_json = NULL, note = ? WHERE id = ?`)
          .run(front - rows.length + i, `Re-queued after an interruption (attempt ${r.attempts} of ${MAX_ATTEMPTS} was cut short)`, r.id);
        return this.get(r.id);
      }),
    )();
  }
}
