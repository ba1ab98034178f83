// A job that started over under the window (the host stopped and ran it again from the start; the
// pure rules are in rerun.ts): what becomes of a Tab or Stop pressed before, and the notice that
// says so until the generation ends. Apart from the run because it has its own state (the notice
// shown) and touches only the pending job's record of what the writer asked.
import { RERUN_DIFFERS, keepCheck, startedOverNotice } from './rerun';
import type { GenRow, Snapshot } from './sessionTypes';

/** What the writer asked of the pending job (its fields a start-over reads and changes). */
export interface Asked {
  /** Tab (or a pick) pressed while it ran: the row to keep once it has stopped. */
  acceptRow: number | null;
  /** A Stop not delivered yet (no job id yet, or the connection was down): sent when it can be. */
  cancelRequested: boolean;
  /** Tab pressed while the host was down, and the job started over: the row and the text to keep once written again. */
  keepUpTo: { row: number; text: string } | null;
  /** Stop (or Tab) was pressed: a run that starts over after it is stopped too. */
  stopAsked: boolean;
}

/** A generation nothing has been asked of yet. */
export const NOTHING_ASKED: Readonly<Asked> = { acceptRow: null, cancelRequested: false, keepUpTo: null, stopAsked: false };

export class StartedOver {
  /** The notice that the job started over, shown until its generation ends. */
  private notice: string | null = null;

  constructor(private readonly host: { snapshot(): Snapshot; set(patch: Partial<Snapshot>): void }) {}

  /**
   * The job started over: a Tab pressed while the host was down waits until the new run has
   * written what was shown (`rows`, the old run's), and a Stop goes to the new run. The notice
   * that says so is shown by show(), once the rows are emptied.
   */
  carryOver(pending: Asked, rows: GenRow[]): void {
    let asked: 'tab' | 'stop' | null = null;
    if (pending.keepUpTo) asked = 'tab';
    else if (pending.acceptRow !== null) {
      // Its stop (sent or not) ended the old run only: the new one is stopped once it has written the same.
      asked = 'tab';
      pending.keepUpTo = { row: pending.acceptRow, text: rows[pending.acceptRow]?.text ?? '' };
      pending.cancelRequested = false;
    } else if (pending.stopAsked) {
      // A stop the old run took with it goes to the new run (reconnected, or the catch-up, sends it).
      asked = 'stop';
      pending.cancelRequested = true;
    }
    this.notice = startedOverNotice(asked);
  }

  show(): void {
    this.host.set({ error: this.notice });
  }

  /**
   * Tab pressed while the host was down: true once the new run has written the text shown then
   * (it is to be stopped and kept); when it wrote something else, the writer is told.
   */
  keepReached(pending: Asked, rows: GenRow[]): boolean {
    const keep = pending.keepUpTo;
    if (!keep) return false;
    const check = keepCheck(keep.text, rows[keep.row]?.text ?? '');
    if (check === 'wait') return false;
    pending.keepUpTo = null;
    if (check === 'reached') return true;
    this.differs(pending);
    return false;
  }

  /** The job ended: a Tab not carried out yet says the new run wrote other text; any other notice has done its work. */
  ended(pending: Asked): void {
    if (pending.keepUpTo) this.differs(pending);
    else if (this.notice !== RERUN_DIFFERS) this.clear();
  }

  /** The new run did not write what was kept with Tab: nothing is kept unseen; the writer decides again. */
  private differs(pending: Asked): void {
    pending.keepUpTo = null;
    pending.acceptRow = null;
    this.notice = RERUN_DIFFERS;
    this.host.set({ error: RERUN_DIFFERS });
  }

  /** The notice goes with its generation (kept, rejected or failed). */
  clear(): void {
    if (this.notice !== null && this.host.snapshot().error === this.notice) this.host.set({ error: null });
    this.notice = null;
  }
}
