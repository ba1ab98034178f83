// The words a screen reader hears for a row of the tree, and for what the panel just did.
import { plural } from '../../ui/formatTime';
import { describe } from './describe';
import type { TreeRow } from './treeLayout';

/** What a screen reader hears when the focus lands on a row. */
export function spokenRow(row: TreeRow, position: number, siblings: number, children: number, firstAlt = false): string {
  const it = row.iteration;
  const { title, detail } = describe(it, firstAlt);
  const parts = [title, detail];
  if (row.isHead) parts.push('current version');
  if (it.reproduces) parts.push(`re-run, ${it.reproduces.outcome === 'identical' ? 'identical output' : 'output differs'}`);
  if (it.starred) parts.push('starred');
  if (it.tags?.length) parts.push(`tags ${it.tags.join(', ')}`);
  if (it.note) parts.push('has a note');
  if (it.deletedAt !== null) parts.push('in the trash');
  if (siblings > 1) parts.push(`${position} of ${siblings} siblings`);
  parts.push(children === 0 ? 'no children' : plural(children, 'child', 'children'));
  return parts.filter(Boolean).join(', ');
}
