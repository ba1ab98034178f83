// One job in the queue: what it is, where it stands, and what can still be done about it.
import { ArrowDown, ArrowUp, Ban, CircleCheck, CircleDashed, CircleX, LoaderCircle, X } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import type { Job, JobStatus } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { useActionError } from '../../app/useActionError';
import { IconButton } from '../../ui/Button';
import { formatFull, formatRelative } from '../../ui/formatTime';
import { InlineError } from '../../ui/InlineError';
import { ProgressBar } from '../../ui/ProgressBar';
import { formatEta } from './formatEta';
import { KEPT_NO_TEXT, keptNoText, kindLabel, resultSummary, STATUS_LABELS, stoppedLabel } from './jobLabels';
import { LoadingLine } from './LoadingLine';
import { loadSummary } from '../../../shared/load-words';
import { jobFraction } from './orderJobs';

const STATUS_ICONS: Record<JobStatus, ReactNode> = {
  queued: <CircleDashed size={16} aria-hidden />,
  running: <LoaderCircle size={16} aria-hidden className="spin" />,
  done: <CircleCheck size={16} aria-hidden />,
  failed: <CircleX size={16} aria-hidden />,
  cancelled: <Ban size={16} aria-hidden />,
};

interface JobItemProps {
  job: Job;
  /** What it works on ("Chapter 3 · “a red dress”"), or null. */
  subject: string | null;
  /** Index among queued jobs (0 = next), or null when the job is not waiting. */
  queueIndex: number | null;
  queuedCount: number;
  onMoved(jobs: Job[]): void;
  onChanged(job: Job): void;
}

export function JobItem({ job, subject, queueIndex, queuedCount, onMoved, onChanged }: JobItemProps) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useActionError();
  const name = kindLabel(job.kind);
  // The buttons and the bar name the job with its subject: a screen reader lists "Cancel Images"
  // once per job otherwise, and jobs of one kind could not be told apart.
  const named = subject ? `${name}: ${subject}` : name;

  async function act(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const move = (index: number) => act(async () => onMoved(await client.call('jobs.move', { id: job.id, index })));
  const cancel = () => act(async () => onChanged(await client.call('jobs.cancel', { id: job.id })));

  const fraction = jobFraction(job);
  const progress = job.progress;
  const cancellable = job.status === 'queued' || job.status === 'running';
  const outcome = resultSummary(job);
  // How the job's model was made ready, once that is over (the stage line shows it meanwhile).
  const loaded = progress?.load && !progress.stage ? loadSummary(progress.load) : null;

  return (
    <li className={`job job-${job.status}`} data-testid="job-item" data-status={job.status} data-job-id={job.id}>
      <div className="job-head">
        <span className="job-status-icon">{STATUS_ICONS[job.status]}</span>
        <span className="job-title">{name}</span>
        <span className="job-status" data-testid="job-status">
          {/* A waiting job's place in line says more than the word "Queued". */}
          {queueIndex === null ? STATUS_LABELS[job.status] : queueIndex === 0 ? 'Up next' : `#${queueIndex + 1} in line`}
        </span>
        <span className="job-actions">
          {queueIndex !== null && (
            <>
              <IconButton
                small
                label={`Move up ${named}`}
                icon={<ArrowUp size={14} />}
                disabled={busy || queueIndex === 0}
                onClick={() => void move(queueIndex - 1)}
                data-testid="job-move-up"
              />
              <IconButton
                small
                label={`Move down ${named}`}
                icon={<ArrowDown size={14} />}
                disabled={busy || queueIndex >= queuedCount - 1}
                onClick={() => void move(queueIndex + 1)}
                data-testid="job-move-down"
              />
            </>
          )}
          {cancellable && (
            <IconButton
              small
              label={`Cancel ${named}`}
              icon={<X size={14} />}
              disabled={busy}
              onClick={() => void cancel()}
              data-testid="job-cancel"
            />
          )}
        </span>
      </div>
      {subject && (
        <p className="job-subject" data-testid="job-subject" title={subject}>
          {subject}
        </p>
      )}

      {job.status === 'running' && progress?.stage && <LoadingLine stage={progress.stage} />}
      {job.status === 'running' && !progress?.stage && (
        <div className="job-progress">
          <ProgressBar value={fraction} label={`${named} progress`} />
          <span className="job-progress-text" data-testid="job-progress">
            {fraction === null ? 'Starting…' : `${Math.round(fraction * 100)}%`}
            {progress?.etaMs != null && ` · ${formatEta(progress.etaMs)}`}
          </span>
        </div>
      )}
      {progress?.message && cancellable && !progress.stage && <p className="job-message">{progress.message}</p>}
      {job.note && (
        <p className="job-note" data-testid="job-note">
          {job.note}
        </p>
      )}
      {job.status === 'failed' && job.error && (
        <p className="job-error" data-testid="job-error">
          {job.error.message}
        </p>
      )}
      {outcome && <p className="job-message">{outcome}</p>}
      {loaded && (
        <p className="job-message" data-testid="job-load">
          {loaded}
        </p>
      )}
      {keptNoText(job) ? (
        <p className="job-message" data-testid="job-kept-nothing">
          {KEPT_NO_TEXT}
        </p>
      ) : (
        job.status === 'cancelled' &&
        progress &&
        progress.done > 0 &&
        progress.total > 0 && <p className="job-message">{stoppedLabel(job.kind, progress.done, progress.total)}</p>
      )}
      <p className="job-time">
        {job.finishedAt !== null ? (
          <time title={formatFull(job.finishedAt)}>Ended {formatRelative(job.finishedAt)}</time>
        ) : (
          <time title={formatFull(job.createdAt)}>Added {formatRelative(job.createdAt)}</time>
        )}
      </p>
      <InlineError message={error} />
    </li>
  );
}
