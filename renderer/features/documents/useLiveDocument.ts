// The open document's info (title, kind, head), kept fresh: loaded again whenever the host announces
// a change to its project (projects.changed carries the project's id for a document renamed,
// trashed or restored, from any window, tab or client), so its title in the view and the
// breadcrumb follows a rename at once.
import type { DocumentInfo } from '../../../shared/contract';
import { useLiveQuery, type LiveQuery } from '../../app/useLiveQuery';

export function useLiveDocument(documentId: string | null, projectId: string | null): LiveQuery<DocumentInfo> {
  return useLiveQuery(
    documentId,
    (client) => client.call('documents.get', { id: documentId as string }),
    (client, reload) =>
      client.on('projects.changed', ({ id }) => {
        if (id === projectId) reload();
      }),
  );
}
