// Which rows of an ended generation have a version to keep. A row stopped before it wrote anything
// adds none (the host keeps no copy of the parent): it is shown as not kept and cannot be picked.
/** What these read of a generation (GenView in sessionTypes.ts). */
export interface Ended {
  status: string;
  mode: string;
  rows: readonly unknown[];
  /** Each row's version once the job ended; null for a row without one; null for all while it runs. */
  iterationIds: readonly (string | null)[] | null;
}

/** True for a row of an ended generation that has no version (while streaming, nothing is known yet). */
export function notKept(gen: Ended, row: number): boolean {
  const ended = gen.status === 'done' || gen.status === 'stopped';
  return ended && gen.iterationIds !== null && !gen.iterationIds[row];
}

/** The stopped line; alternatives say how many were kept when some were stopped before their first token. */
export function stoppedStatus(gen: Ended): string {
  const kept = gen.iterationIds?.filter((id) => id !== null).length ?? gen.rows.length;
  if (gen.mode !== 'alternatives' || kept === gen.rows.length) return 'Stopped — what it wrote is kept as a stopped version';
  return `Stopped — ${kept} of ${gen.rows.length} alternatives wrote text and are kept as stopped versions; the others are not kept`;
}
