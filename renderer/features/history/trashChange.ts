// Whether a history.changed can alter the Trash page's versions: only a move into or out of the
// trash or a deletion can. New versions are never in the trash, a checkout moves no version there,
// and a star, tag or note is not shown on that page. An event that does not say what changed may
// have changed anything, so it counts.
import type { Events } from '../../../shared/contract';

export function touchesTrash(e: Events['history.changed']): boolean {
  if (e.marks) return false;
  return e.change !== 'added' && e.change !== 'head';
}
