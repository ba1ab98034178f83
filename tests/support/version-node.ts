// A version (Iteration) as the history graph carries it, for unit tests of the tree: a text
// version of document 'd' whose artifact is named like it, with at most one parent.
import type { Iteration } from '../../shared/contract';

export const versionNode = (id: string, parent: string | null, createdAt: number, extra: Partial<Iteration> = {}): Iteration => ({
  id,
  documentId: 'd',
  kind: 'text',
  source: 'user',
  status: 'ok',
  recipe: null,
  artifactId: id,
  createdAt,
  deletedAt: null,
  parentIds: parent ? [parent] : [],
  ...extra,
});
