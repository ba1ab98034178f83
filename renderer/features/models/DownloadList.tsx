// Downloads from the Hub, live from the queue: one line per repository and revision (its latest
// job), with a progress bar, bytes per second and time left while it runs. Pause cancels the job;
// the fetched files and the partial one stay on disk, so Resume (the same download, queued again)
// continues where it stopped instead of starting over.
import { CircleCheck, CircleX, Download, LoaderCircle, Pause, Play, RotateCcw } from 'lucide-react';
import { useState } from 'react';
import type { DownloadModelRequest, DownloadSummary, Job } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { Button } from '../../ui/Button';
import { formatFull, formatRelative } from '../../ui/formatTime';
import { InlineError } from '../../ui/InlineError';
import { ProgressBar } from '../../ui/ProgressBar';
import { formatEta } from '../queue/formatEta';
import { jobFraction } from '../queue/orderJobs';
import { formatBytes } from './format';

export const DOWNLOAD_KIND = 'download-model';
/** How many repositories the list shows (newest first). */
const SHOWN = 6;

interface Payload {
  repo: string;
  revision: string;
  include: string[];
  name?: string;
}

function payloadOf(job: Job): Payload | null {
  const p = job.payload as Partial<Payload> | null;
  if (!p || typeof p.repo !== 'string') return null;
  return {
    repo: p.repo,
    revision: typeof p.revision === 'string' ? p.revision : 'main',
    include: Array.isArray(p.include) ? p.include.filter((g): g is string => typeof g === 'string') : [],
    ...(typeof p.name === 'string' ? { name: p.name } : {}),
  };
}

function summaryOf(job: Job): DownloadSummary | null {
  const r = job.result as Partial<DownloadSummary> | null;
  return r && typeof r.modelId === 'string' && typeof r.sizeBytes === 'number' ? (r as DownloadSummary) : null;
}

/** The latest job for each repo@revision, newest first. */
export function latestDownloads(jobs: Job[]): { job: Job; payload: Payload }[] {
  const byKey = new Map<string, { job: Job; payload: Payload }>();
  for (const job of jobs) {
    if (job.kind !== DOWNLOAD_KIND) continue;
    const payload = payloadOf(job);
    if (!payload) continue;
    const key = `${payload.repo}@${payload.revision}`;
    const known = byKey.get(key);
    if (!known || job.createdAt > known.job.createdAt) byKey.set(key, { job, payload });
  }
  return [...byKey.values()].sort((a, b) => b.job.createdAt - a.job.createdAt).slice(0, SHOWN);
}

interface DownloadListProps {
  jobs: Job[];
  upsert(jobs: Job[]): void;
  onShowModel(id: string): void;
}

export function DownloadList({ jobs, upsert, onShowModel }: DownloadListProps) {
  const items = latestDownloads(jobs);
  if (items.length === 0) return null;
  return (
    <section className="models-section" aria-labelledby="downloads-title">
      <h2 id="downloads-title" className="section-label models-section-title">
        Downloads
      </h2>
      <ul className="rows download-list">
        {items.map(({ job, payload }) => (
          <DownloadItem key={`${payload.repo}@${payload.revision}`} job={job} payload={payload} upsert={upsert} onShowModel={onShowModel} />
        ))}
      </ul>
    </section>
  );
}

function DownloadItem({ job, payload, upsert, onShowModel }: { job: Job; payload: Payload; upsert(jobs: Job[]): void; onShowModel(id: string): void }) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const progress = job.progress;
  const fraction = jobFraction(job);
  const active = job.status === 'running' || job.status === 'queued';
  const summary = job.status === 'done' ? summaryOf(job) : null;
  const label = `${payload.repo}${payload.revision === 'main' ? '' : ` @ ${payload.revision}`}`;

  async function act(action: () => Promise<Job>) {
    setBusy(true);
    setError(null);
    try {
      upsert([await action()]);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const pause = () => act(() => client.call('jobs.cancel', { id: job.id }));
  const resume = () => {
    const request: DownloadModelRequest = { repo: payload.repo, revision: payload.revision, include: payload.include };
    if (payload.name) request.name = payload.name;
    return act(() => client.call('models.download', request));
  };

  // The job's message reads "3.1 MiB of 6.5 MiB · 512 KiB/s · 7 s left · onnx/model.onnx".
  const message = progress?.message ?? null;
  const eta = progress?.etaMs != null && !(message ?? '').includes(' left') ? formatEta(progress.etaMs) : null;
  const doneBytes = progress && progress.total > 1 ? `${formatBytes(progress.done)} of ${formatBytes(progress.total)}` : null;

  return (
    <li className={`row download download-${job.status}`} data-testid="download-item" data-status={job.status} data-job-id={job.id} data-repo={payload.repo}>
      <span className="row-icon download-icon" aria-hidden>
        {job.status === 'running' ? (
          <LoaderCircle size={16} className="spin" />
        ) : job.status === 'done' ? (
          <CircleCheck size={16} />
        ) : job.status === 'failed' ? (
          <CircleX size={16} />
        ) : job.status === 'cancelled' ? (
          <Pause size={16} />
        ) : (
          <Download size={16} />
        )}
      </span>
      <div className="row-main download-main">
        <div className="download-head">
          <span className="row-title mono-title">{label}</span>
          {payload.include.length > 0 && <span className="row-meta mono">{payload.include.join(', ')}</span>}
        </div>

        {job.status === 'running' && (
          <div className="download-progress">
            <ProgressBar value={fraction} label={`Download of ${payload.repo}`} />
            <p className="download-text" data-testid="download-progress">
              <span className="download-percent">{fraction === null ? 'Starting…' : `${Math.round(fraction * 100)}%`}</span>
              {message && <span> · {message}</span>}
              {eta && <span> · {eta}</span>}
            </p>
          </div>
        )}
        {job.status === 'queued' && <p className="row-meta">Waiting in the queue</p>}
        {job.status === 'cancelled' && fraction !== null && (
          <div className="download-progress download-progress-paused" aria-hidden>
            <ProgressBar value={fraction} label={`Download of ${payload.repo} (paused)`} />
          </div>
        )}
        {job.status === 'cancelled' && (
          <p className="row-meta" data-testid="download-paused">
            Paused{doneBytes ? ` at ${doneBytes}` : ''}. The downloaded part is kept; Resume continues from there.
          </p>
        )}
        {job.status === 'failed' && job.error && (
          <p className="download-error" data-testid="download-error-message">
            {job.error.message}
          </p>
        )}
        {summary && (
          <p className="row-meta" data-testid="download-done">
            Added to the library as <span className="mono">{summary.modelId}</span> · {formatBytes(summary.sizeBytes)} in {summary.files} files, each
            verified
            {summary.fetchedBytes < summary.sizeBytes && ` (${formatBytes(summary.fetchedBytes)} fetched in the last run)`}
            {job.finishedAt !== null && (
              <>
                {' · '}
                <time title={formatFull(job.finishedAt)}>{formatRelative(job.finishedAt)}</time>
              </>
            )}
          </p>
        )}
        {job.note && active && <p className="row-meta">{job.note}</p>}
        <InlineError message={error} />
      </div>
      <div className="row-actions">
        {active && (
          <Button small icon={<Pause size={14} aria-hidden />} disabled={busy} onClick={() => void pause()} aria-label={`Pause download of ${payload.repo}`} data-testid="download-pause">
            Pause
          </Button>
        )}
        {job.status === 'cancelled' && (
          <Button small variant="primary" icon={<Play size={14} aria-hidden />} disabled={busy} onClick={() => void resume()} aria-label={`Resume download of ${payload.repo}`} data-testid="download-resume">
            Resume
          </Button>
        )}
        {job.status === 'failed' && (
          <Button small icon={<RotateCcw size={14} aria-hidden />} disabled={busy} onClick={() => void resume()} aria-label={`Retry download of ${payload.repo}`} data-testid="download-retry">
            Retry
          </Button>
        )}
        {summary && (
          <Button small onClick={() => onShowModel(summary.modelId)} data-testid="download-show-model">
            Show
          </Button>
        )}
      </div>
    </li>
  );
}
