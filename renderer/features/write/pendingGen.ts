// This tab's generation in flight, remembered across a reload (sessionStorage lives as long as the
// tab): the job runs on in the host's queue and its version joins the tree when it ends, but only
// this record says where in the text it writes and that the writer has not kept or rejected it.
// It is written before the request goes out (with the id sent in it), so a reload before the
// answer still finds the job; and it names the tab, so a copy of the tab (duplicated, its
// sessionStorage copied) leaves it to the tab that started it.
import type { GenMode } from './sessionTypes';

export interface PendingRecord {
  /** The tab that started it (thisTab). */
  tab: string;
  /** The id sent with the request: the job is found by it until its id is known (generate.find). */
  ref: string;
  /** Null until generate.text answered. */
  jobId: string | null;
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

/** The record this tab (`tab`) left; one of another tab (copied with the tab) is forgotten here. */
export function recallPending(documentId: string, tab: string): PendingRecord | null {
  try {
    const raw = sessionStorage.getItem(key(documentId));
    const r = raw ? (JSON.parse(raw) as Partial<PendingRecord>) : null;
    const ok =
      r !== null &&
      r.tab === tab &&
      typeof r.ref === 'string' &&
      (r.jobId === null || typeof r.jobId === 'string') &&
      typeof r.mode === 'string' &&
      typeof r.from === 'number' &&
      typeof r.to === 'number' &&
      r.to >= r.from &&
      typeof r.lead === 'string' &&
      typeof r.rows === 'number' &&
      r.rows >= 1;
    if (!ok && r !== null) forgetPending(documentId);
    return ok ? (r as PendingRecord) : null;
  } catch {
    return null;
  }
}
