// The top bar's glance at the queue: "Queue 2 · 63%" while busy, "Queue idle" otherwise.
import { ListOrdered } from 'lucide-react';
import type { Job } from '../../../shared/contract';
import { isActive, jobFraction } from './orderJobs';

export function queueSummaryText(jobs: Job[]): string {
  const active = jobs.filter(isActive);
  if (active.length === 0) return 'Queue idle';
  const running = active.find((j) => j.status === 'running');
  const fraction = running ? jobFraction(running) : null;
  return fraction === null ? `Queue ${active.length}` : `Queue ${active.length} · ${Math.round(fraction * 100)}%`;
}

export function QueueSummary({ jobs, onOpen }: { jobs: Job[]; onOpen(): void }) {
  const running = jobs.find((j) => j.status === 'running');
  const fraction = running ? jobFraction(running) : null;
  return (
    <button type="button" className="queue-summary" onClick={onOpen} data-testid="queue-summary" title="Show the queue">
      <ListOrdered size={16} aria-hidden />
      <span>{queueSummaryText(jobs)}</span>
      {fraction !== null && (
        <span className="mini-bar" aria-hidden>
          <span style={{ width: `${Math.round(fraction * 100)}%` }} />
        </span>
      )}
    </button>
  );
}
