// What a job works on, read from its payload: the document it adds versions to and, for images,
// the prompt. The queue shows it under the job's kind, so that jobs of one kind (a grid's cells,
// two boards' batches) can be told apart before one is moved up or cancelled.
import type { Job } from '../../../shared/contract';

const record = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null);
const words = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** The document a writing or image job adds its versions to. */
export function jobDocumentId(job: Job): string | null {
  return words(record(record(job.payload)?.request)?.documentId);
}

/** The prompt of an image job, or of the image an enhance starts from. */
function jobPrompt(job: Job): string | null {
  const payload = record(job.payload);
  if (job.kind === 'generate-image') return words(record(record(payload?.request)?.settings)?.prompt);
  if (job.kind === 'enhance-image') return words(record(record(payload?.recipe)?.settings)?.prompt);
  return null;
}

/** "Chapter 3", "Harbour studies · “boats at night”", or null when the job names neither. */
export function jobSubject(job: Job, documentTitle: string | null): string | null {
  const prompt = jobPrompt(job);
  const parts = [documentTitle, prompt && `“${prompt}”`].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(' · ') : null;
}
