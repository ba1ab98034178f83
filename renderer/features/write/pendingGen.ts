// This tab's generation in flight, remembered across a reload (sessionStorage lives as long as the
// tab): the job runs on in the host's queue and its version joins the tree when it ends, but only
// this record says where in the text it writes and that the writer has not kept or rejected it.
// It is written before the request goes out (with the id sent in it), so a reload before the
// answer still finds the job; and it names the tab, so a copy of the tab (duplicated, its
// sessionStorage copied) leaves it to the tab that started it. A Tab or Stop the host has not
// heard yet (the connection was down) is in it too, so a reload meanwhile still carries it out.
import type { GenMode } from './sessionTypes';
import type { Asked } from './startedOver';

/** What the writer asked of the generation (Tab, Stop, Esc), with what a run that started over is checked against. */
export interface AskedRecord extends Asked {
  /** The attempt whose text the window showed (0: none seen); a later one started over (rerun.ts). */
  run: number;
  /** Each row's text as shown when it was asked: a Tab waits for a run that started over to write it again. */
  shown: string[];
}

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
  /** Absent until the writer asks something of it (and in records from before it was kept). */
  asked?: AskedRecord;
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

/** Changes the stored record (a Tab or Stop, the job's id once known); nothing when it is gone (kept or rejected meanwhile). */
export function amendPending(documentId: string, patch: Partial<PendingRecord>): void {
  try {
    const raw = sessionStorage.getItem(key(documentId));
    if (raw) sessionStorage.setItem(key(documentId), JSON.stringify({ ...(JSON.parse(raw) as PendingRecord), ...patch }));
  } catch {
    // As rememberPending: a reload then forgets the wish, and the generation is shown to keep or reject again.
  }
}

const isRow = (n: unknown, rows: number): boolean => Number.isInteger(n) && (n as number) >= 0 && (n as number) < rows;

/** A stored AskedRecord whose rows are among the generation's `rows`. */
function validAsked(a: unknown, rows: number): boolean {
  if (typeof a !== 'object' || a === null) return false;
  const r = a as Partial<AskedRecord>;
  const keep = r.keepUpTo;
  return (
    (r.acceptRow === null || isRow(r.acceptRow, rows)) &&
    typeof r.cancelRequested === 'boolean' &&
    typeof r.stopAsked === 'boolean' &&
    (keep === null || (typeof keep === 'object' && isRow(keep.row, rows) && typeof keep.text === 'string')) &&
    Number.isInteger(r.run) &&
    (r.run as number) >= 0 &&
    Array.isArray(r.shown) &&
    r.shown.length === rows &&
    r.shown.every((t) => typeof t === 'string')
  );
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
      r.rows >= 1 &&
      (r.asked === undefined || validAsked(r.asked, r.rows));
    if (!ok && r !== null) forgetPending(documentId);
    return ok ? (r as PendingRecord) : null;
  } catch {
    return null;
  }
}
