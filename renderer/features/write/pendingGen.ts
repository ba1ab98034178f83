// This tab's generation in flight, remembered across a reload (sessionStorage lives as long as the
// tab): the job runs on in the host's queue and its version joins the tree when it ends, but only
// this record says where in the text it writes and that the writer has not kept or rejected it.
import type { GenMode } from './session';

export interface PendingRecord {
  jobId: string;
  mode: GenMode;
  /** The version it continues: if the document moved on meanwhile, the record is stale. */
  parentId: string | null;
  from: number;
  to: number;
  lead: string;
  rows: number;
  rewrite: { selection: string; instruction: string } | null;
}

const key = (documentId: string) => `atelier.write.pending.${documentId}`;

export function rememberPending(documentId: string, record: PendingRecord): void {
  try {
    sessionStorage.setItem(key(documentId), JSON.stringify(record));
  } catch {
    // Storage full or denied: a reload then shows the version in the tree only, as before.
  }
}

export function forgetPending(documentId: string): void {
  try {
    sessionStorage.removeItem(key(documentId));
  } catch {
    // Nothing to forget.
  }
}

export function recallPending(documentId: string): PendingRecord | null {
  try {
    const raw = sessionStorage.getItem(key(documentId));
    const r = raw ? (JSON.parse(raw) as Partial<PendingRecord>) : null;
    const ok =
      r !== null &&
      typeof r.jobId === 'string' &&
      typeof r.mode === 'string' &&
      typeof r.from === 'number' &&
      typeof r.to === 'number' &&
      r.to >= r.from &&
      typeof r.lead === 'string' &&
      typeof r.rows === 'number' &&
      r.rows >= 1;
    return ok ? (r as PendingRecord) : null;
  } catch {
    return null;
  }
}
