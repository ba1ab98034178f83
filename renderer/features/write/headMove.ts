// When another window (or another program on the data folder) moves the document's head, the
// writing session either follows it or asks. These are the pure parts: where the cursor lands in
// the new text, what to do given the session's state, and the words that name the version.
import type { Iteration } from '../../../shared/contract';
import { formatRelative } from '../../ui/formatTime';
import { describe, excerpt } from '../history/describe';
import { changedRegion } from './textDiff';

/** Who moved the head: a window on this host, or another process writing to the data folder. */
export type HeadOrigin = 'window' | 'outside';

/**
 * The cursor's place in the new text: unchanged before the region that differs, moved by the
 * difference in length after it, and at the end of the new words when it sat inside the region.
 */
export function followCursor(oldText: string, newText: string, pos: number): number {
  const change = changedRegion(oldText, newText);
  const at = Math.min(Math.max(pos, 0), oldText.length);
  if (!change || at <= change.fromA) return Math.min(at, newText.length);
  if (at >= change.toA) return at - change.toA + change.toB;
  return change.toB;
}

export interface HeadState {
  /** A generation, a viewed version, a rewrite being asked for, or a save or checkout in flight. */
  busy: boolean;
  /** The editor holds text other than what this window last took from the document. */
  ownEdits: boolean;
}

/**
 * What the session does about a head moved elsewhere: wait until it is free (a generation is never
 * interrupted), ask when following would replace the writer's own edits, else follow.
 */
export function headMoveAction(state: HeadState): 'wait' | 'ask' | 'follow' {
  if (state.busy) return 'wait';
  return state.ownEdits ? 'ask' : 'follow';
}

/** A version named as the tree names it: what it says that `against` does not, who made it, when. */
export function versionName(it: Iteration, text: string, against: string | null, now = Date.now()): string {
  const words = excerpt(text, against, 60);
  const said = words === 'Same text as its parent' ? 'the same text' : `“${words}”`;
  return `${said} (${describe(it).title}, ${formatRelative(it.createdAt, now)})`;
}

const from = (origin: HeadOrigin) => (origin === 'window' ? 'from another window' : 'from another program (such as the atelier command line)');
const where = (origin: HeadOrigin) => (origin === 'window' ? 'in another window' : 'in another program (such as the atelier command line)');

/** The brief notice after following. `kept`: the writer's own text stays in the tree as this version. */
export function followedWords(name: string, origin: HeadOrigin, kept: string | null): string {
  const moved = `Updated to version ${name} ${from(origin)}.`;
  return kept ? `${moved} Your text is kept as version ${kept} in the tree.` : `${moved} Click your previous version in the tree to go back.`;
}

/** The persistent bar's sentence while the writer has edits of their own. */
export function movedWords(name: string, origin: HeadOrigin): string {
  return `This document moved to version ${name} ${where(origin)}.`;
}
