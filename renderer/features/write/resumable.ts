// Finding a generation again after this window lost sight of it: the job a reload left running
// (remembered in pendingGen.ts), and one job as the queue has it now. Separate from the run
// because these only ask the host; what is then shown is the run's business.
import type { Client } from '../../../shared/client';
import type { Job } from '../../../shared/contract';
import { AtelierError } from '../../../shared/errors';
import { thisTab } from '../../app/thisTab';
import { forgetPending, recallPending, rememberPending, type PendingRecord } from './pendingGen';

/** One job as the queue has it now (null: there is no such job), asked for alone. */
export async function jobById(client: Client, id: string): Promise<Job | null> {
  try {
    return await client.call('jobs.get', { id });
  } catch (err) {
    if (err instanceof AtelierError && err.code === 'NOT_FOUND') return null;
    throw err;
  }
}

/**
 * A generation this tab started before a reload, still to be kept or rejected: the record of it,
 * and its job as the queue has it now. Null when there is none, or the document moved on.
 */
export async function findResumable(
  client: Client,
  documentId: string,
  head: string | null,
  text: string,
): Promise<{ record: PendingRecord; job: Job } | null> {
  const record = recallPending(documentId, await thisTab());
  if (!record) return null;
  if (record.parentId !== head || record.to > text.length) {
    forgetPending(documentId);
    return null;
  }
  try {
    // Reloaded before generate.text answered: the host knows the job by the id sent with it (and
    // if the request never came, it refuses it from now on, so no job runs unseen).
    const job = record.jobId ? await jobById(client, record.jobId) : await client.call('generate.find', { ref: record.ref });
    if (job?.kind === 'generate-text') {
      if (!record.jobId) rememberPending(documentId, { ...record, jobId: job.id });
      return { record, job };
    }
    forgetPending(documentId);
  } catch {
    // The queue could not be asked: the version is in the tree when it ends.
  }
  return null;
}
