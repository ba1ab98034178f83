// How one document goes to the trash (useTrashFlow): the confirm names it and counts its versions;
// it waits in its project's trash, below its documents, and on the Trash page.
import type { DocumentInfo, TrashSummary } from '../../../shared/contract';
import type { TrashKind } from '../../app/useTrashFlow';
import { plural } from '../../ui/formatTime';

/** The confirm question: exactly what goes. */
export const documentTrashMessage = ({ name, iterations }: TrashSummary) => `Move '${name}' and its ${plural(iterations, 'version')} to the trash?`;

export const documentTrash: TrashKind<DocumentInfo> = {
  summary: (client, doc) => client.call('documents.trashSummary', { id: doc.id }),
  trash: (client, doc) => client.call('documents.trash', { id: doc.id }),
  restore: (client, doc) => client.call('documents.restore', { id: doc.id }),
  question: documentTrashMessage,
  whereAfter: 'It stays in this project’s trash, below its documents, and on the Trash page until you restore it.',
  covers: (doc) => ({ has: (d) => d.id === doc.id, projectName: null }),
  rows: '[data-testid="document-item"]',
  row: (doc) => `[data-testid="document-item"][data-document-id="${CSS.escape(doc.id)}"]`,
  noRows: '#project-title',
};
