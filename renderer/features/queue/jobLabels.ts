// Words for job kinds and states, plus a one-line outcome for finished jobs we know how to read.
import type { DownloadSummary, Job, JobStatus, SelfTestResult } from '../../../shared/contract';

const KIND_LABELS: Record<string, string> = {
  'self-test': 'Self-test',
  'generate-text': 'Writing',
  'generate-image': 'Images',
  'enhance-image': 'Enhance',
  'download-model': 'Model download',
};

const mib = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MiB`;

/** How far a stopped job got, in its own unit (bytes, tokens, steps). */
export function stoppedLabel(kind: string, done: number, total: number): string {
  if (kind === 'download-model') return `Paused at ${mib(done)} of ${mib(total)}; download it again to resume.`;
  if (kind === 'generate-text') return `Stopped after ${done} of ${total} tokens; the text so far was kept.`;
  return `Stopped after ${done} of ${total} steps.`;
}

/**
 * A stopped writing job that added no version: stopped before its first token (the host keeps no
 * copy of the parent) or while it waited. Its rows, if any, have no version id (null).
 */
export function keptNoText(job: Job): boolean {
  if (job.kind !== 'generate-text' || job.status !== 'cancelled') return false;
  const ids = (job.result as { iterationIds?: unknown } | null)?.iterationIds;
  return !Array.isArray(ids) || !ids.some((id) => typeof id === 'string');
}

export const KEPT_NO_TEXT = 'Stopped before it wrote anything; no version was added.';

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

export const STATUS_LABELS: Record<JobStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function isSelfTestResult(value: unknown): value is SelfTestResult {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.steps === 'number' && typeof v.maxAbsError === 'number' && typeof v.executionProvider === 'string';
}

function isDownloadSummary(value: unknown): value is DownloadSummary {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.modelId === 'string' && typeof v.repo === 'string' && typeof v.files === 'number';
}

export function resultSummary(job: Job): string | null {
  if (job.status === 'done' && job.kind === 'download-model' && isDownloadSummary(job.result)) {
    const r = job.result;
    return `${r.repo}: ${r.files} files verified, added to the library as ${r.modelId}`;
  }
  if (job.status !== 'done' || job.kind !== 'self-test' || !isSelfTestResult(job.result)) return null;
  const r = job.result;
  return `${r.steps} runs on ${r.executionProvider} matched the reference (max error ${r.maxAbsError.toExponential(1)})`;
}
