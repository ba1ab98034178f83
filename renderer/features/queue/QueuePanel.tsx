// The queue: live jobs first, then recent history. Everything updates from host events.
import { FlaskConical, ListOrdered } from 'lucide-react';
import { useState } from 'react';
import type { Job } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { useActionError } from '../../app/useActionError';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { InlineError } from '../../ui/InlineError';
import { JobItem } from './JobItem';
import { jobDocumentId, jobSubject } from './jobSubject';
import { isActive } from './orderJobs';
import { useDocumentTitles } from './useDocumentTitles';

/** Finished jobs kept in view; the host keeps the full history. */
const RECENT_LIMIT = 30;

export function QueuePanel({ jobs, loadError, upsert }: { jobs: Job[]; loadError: string | null; upsert(jobs: Job[]): void }) {
  const client = useClient();
  const [error, setError] = useActionError();
  const [busy, setBusy] = useState(false);
  const active = jobs.filter(isActive);
  const ended = jobs.filter((j) => !isActive(j)).slice(0, RECENT_LIMIT);
  const queued = active.filter((j) => j.status === 'queued');
  const titles = useDocumentTitles([...active, ...ended].flatMap((j) => jobDocumentId(j) ?? []));

  async function runSelfTest() {
    setBusy(true);
    setError(null);
    try {
      upsert([await client.call('jobs.enqueue', { kind: 'self-test', payload: { steps: 50, stepMs: 100 } })]);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const item = (job: Job) => {
    const queueIndex = job.status === 'queued' ? queued.indexOf(job) : null;
    const documentId = jobDocumentId(job);
    return (
      <JobItem
        key={job.id}
        job={job}
        subject={jobSubject(job, documentId === null ? null : (titles.get(documentId) ?? null))}
        queueIndex={queueIndex}
        queuedCount={queued.length}
        onMoved={upsert}
        onChanged={(j) => upsert([j])}
      />
    );
  };

  return (
    <div className="panel" data-testid="queue-panel">
      <div className="panel-toolbar">
        <p className="muted small">Jobs run one at a time and survive a restart.</p>
        <Button small icon={<FlaskConical size={14} />} onClick={() => void runSelfTest()} disabled={busy} data-testid="run-self-test">
          Run self-test
        </Button>
      </div>
      <InlineError message={error ?? loadError} />
      {jobs.length === 0 && !loadError && (
        <EmptyState icon={<ListOrdered size={24} />} title="The queue is empty">
          Generations and downloads wait here with progress and a time estimate. Run the self-test to check that the
          inference engine works on this machine.
        </EmptyState>
      )}
      {active.length > 0 && (
        <section aria-label="Running and waiting">
          <ul className="job-list">{active.map(item)}</ul>
        </section>
      )}
      {ended.length > 0 && (
        <section aria-labelledby="queue-recent">
          <h3 id="queue-recent" className="section-label panel-subhead">
            Recent
          </h3>
          <ul className="job-list">{ended.map(item)}</ul>
        </section>
      )}
    </div>
  );
}
