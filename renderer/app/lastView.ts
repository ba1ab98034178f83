// Where the studio was (a project, the document open in it, the trash, the models, a search), kept
// for this tab so a reload comes back to it instead of the first project. sessionStorage: per tab,
// gone with it; a document deleted for good meanwhile shows its own error with a way back, one
// moved to the trash falls back to its project (useTrashedOnArrival). Back/Forward: viewHistory.ts.
export type RememberedView =
  | { kind: 'project'; projectId: string; document?: { id: string; title: string } }
  | { kind: 'trash' }
  | { kind: 'models' }
  | { kind: 'search'; q: string };

const KEY = 'atelier.view';

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 10_000;

/** Reads what was stored leniently: anything but a well-formed view is no view. */
export function parseView(raw: unknown): RememberedView | null {
  const v = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (v.kind === 'trash' || v.kind === 'models') return { kind: v.kind };
  if (v.kind === 'search' && isText(v.q)) return { kind: 'search', q: v.q };
  if (v.kind !== 'project' || !isText(v.projectId)) return null;
  const d = (typeof v.document === 'object' && v.document !== null ? v.document : null) as Record<string, unknown> | null;
  const document = d && isText(d.id) && typeof d.title === 'string' ? { id: d.id, title: d.title } : undefined;
  return document ? { kind: 'project', projectId: v.projectId, document } : { kind: 'project', projectId: v.projectId };
}

export function restoredView(): RememberedView | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw === null ? null : parseView(JSON.parse(raw));
  } catch {
    return null;
  }
}

/** Keeps `view` for a reload; a view that cannot come back after one (compare) keeps the last that can. */
export function rememberView(view: { kind: string } | null): void {
  const kept = parseView(view);
  if (view !== null && kept === null) return;
  try {
    if (kept) sessionStorage.setItem(KEY, JSON.stringify(kept));
    else sessionStorage.removeItem(KEY);
  } catch {
    // Without storage a reload starts at the first project, as before.
  }
}
