// The line of "document gone" notices (useDeletedElsewhere.tsx): one shows at a time. Events about
// one document can arrive in either order and more than once (its info reloads as trashed while
// documents.deleted arrives; both close the editor), so a notice for a document already in line
// updates that one instead of queuing a second notice that would show again after the first closed.

/** What the line reads of a notice (DocumentGoneDialog's GoneDocument). */
interface Notice {
  documentId: string;
  /** What its editor held (null: nothing). */
  held: unknown;
  /** Unset: deleted for good. */
  trashed?: unknown;
  keptAt?: number;
}

/** The queue with `g` put in: after those already up, or merged into the one for its document. */
export function enqueueNotice<T extends Notice>(q: T[], g: T): T[] {
  // A kept text (keptTexts.ts) is its own notice; offered again, it is not queued twice.
  if (g.keptAt !== undefined) return q.some((x) => x.keptAt === g.keptAt && x.documentId === g.documentId) ? q : [...q, g];
  const i = q.findIndex((x) => x.documentId === g.documentId && x.keptAt === undefined);
  if (i < 0) return [...q, g];
  const was = q[i] as T;
  // The first close took the editor's text (the second finds none); deleted for good is final.
  const merged: T = { ...g, held: g.held ?? was.held, trashed: was.trashed === undefined ? undefined : g.trashed };
  return q.map((x, j) => (j === i ? merged : x));
}
