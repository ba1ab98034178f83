// The status of a generation still queued: how many jobs run before it. Its own component, mounted
// only while the generation waits, so the queue's events (progress of the jobs ahead, many a
// second) re-render this line and not the whole write view.
import { jobsAhead, waitingWords } from '../queue/jobsAhead';
import { useJobs } from '../queue/useJobs';

export function QueueWait({ jobId }: { jobId: string | null }) {
  const { jobs } = useJobs();
  return <>{waitingWords(jobId ? jobsAhead(jobs, jobId) : null)}</>;
}
