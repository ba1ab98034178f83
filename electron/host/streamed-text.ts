// The text each running generation has streamed so far, by row: a window that reloads (or opens
// later) while a continuation runs asks for it, then appends the tokens that arrive after the
// answer. Events and answers go out in order on one connection, so what arrived before the answer
// is in it. Kept only while the job runs.
import type { GenerateTextStreamed, TokensEvent } from '../../shared/contract';
import type { EventBus } from './events';

export class StreamedText {
  private readonly jobs = new Map<string, GenerateTextStreamed['rows']>();

  constructor(bus: EventBus) {
    bus.subscribe((event, data) => {
      if (event === 'generate.tokens') this.add(data as TokensEvent);
      else if (event === 'jobs.changed') {
        const job = data as { id: string; status: string };
        // Queued again after an interruption, it starts over; ended, nothing more comes.
        if (job.status !== 'running') this.jobs.delete(job.id);
      }
    });
  }

  private add(e: TokensEvent): void {
    let rows = this.jobs.get(e.jobId);
    if (!rows) this.jobs.set(e.jobId, (rows = []));
    while (rows.length <= e.row) rows.push({ text: '', tokens: 0 });
    const row = rows[e.row] as GenerateTextStreamed['rows'][number];
    row.text += e.tokens.map((t) => t.text).join('');
    row.tokens += e.tokens.length;
  }

  /** What the job has streamed so far (null: not running, or nothing streamed yet). */
  get(jobId: string): GenerateTextStreamed | null {
    const rows = this.jobs.get(jobId);
    return rows ? { rows: rows.map((r) => ({ ...r })) } : null;
  }
}
