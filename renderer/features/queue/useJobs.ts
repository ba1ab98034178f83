// The queue, live: one jobs.list at start (and after a reconnect), then only events. Events that
// arrive while the list is in flight are replayed on top of it, so a stale list never wins.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Job, JobProgress } from '../../../shared/contract';
import { useClient, useConnectionEpoch } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { isActive, orderJobs } from './orderJobs';

type Change = { type: 'job'; job: Job } | { type: 'progress'; id: string; progress: JobProgress };

function apply(map: Map<string, Job>, change: Change): Map<string, Job> {
  const next = new Map(map);
  if (change.type === 'job') {
    next.set(change.job.id, withBestProgress(change.job, map.get(change.job.id)));
  } else {
    const job = next.get(change.id);
    // A late progress event must not bring back a bar on a job that already ended.
    if (job && isActive(job)) next.set(job.id, { ...job, progress: change.progress });
  }
  return next;
}

/**
 * The host saves progress only now and then, so a job record can carry older progress than the
 * events already showed; keep whichever got further.
 */
function withBestProgress(job: Job, known: Job | undefined): Job {
  const mine = known?.progress;
  // A new attempt starts over, so only the same attempt's progress may carry over.
  if (!mine || job.status === 'queued' || known.attempts !== job.attempts) return job;
  if (job.progress && job.progress.done >= mine.done) return job;
  return { ...job, progress: job.status === 'running' ? mine : { ...mine, etaMs: null } };
}

export function useJobs() {
  const client = useClient();
  const epoch = useConnectionEpoch();
  const [byId, setById] = useState<Map<string, Job>>(() => new Map());
  const [error, setError] = useState<string | null>(null);
  const buffer = useRef<Change[] | null>(null);

  const push = useCallback((change: Change) => {
    if (buffer.current) buffer.current.push(change);
    setById((map) => apply(map, change));
  }, []);

  useEffect(() => {
    const offChanged = client.on('jobs.changed', (job) => push({ type: 'job', job }));
    const offProgress = client.on('jobs.progress', ({ id, progress }) => push({ type: 'progress', id, progress }));
    let live = true;
    buffer.current = [];
    client.call('jobs.list', {}).then(
      (jobs) => {
        if (!live) return;
        let map = new Map(jobs.map((job) => [job.id, job]));
        for (const change of buffer.current ?? []) map = apply(map, change);
        buffer.current = null;
        setById(map);
        setError(null);
      },
      (err: unknown) => {
        buffer.current = null;
        if (live) setError(errorMessage(err));
      },
    );
    return () => {
      live = false;
      offChanged();
      offProgress();
    };
  }, [client, push, epoch]);

  const upsert = useCallback((jobs: Job[]) => {
    for (const job of jobs) push({ type: 'job', job });
  }, [push]);

  const jobs = useMemo(() => orderJobs([...byId.values()]), [byId]);
  return { jobs, error, upsert };
}
