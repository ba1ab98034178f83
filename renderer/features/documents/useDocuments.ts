// A project's live documents; reloaded when the host reports the project changed (a document
// created, renamed or trashed elsewhere). Never the previous project's documents while the next
// ones load (useLiveQuery is keyed by the project).
import { useLiveQuery } from '../../app/useLiveQuery';

export function useDocuments(projectId: string) {
  const { data, error, reload } = useLiveQuery(
    projectId,
    (client) => client.call('documents.list', { projectId }),
    (client, reload) =>
      client.on('projects.changed', ({ id }) => {
        if (id === projectId) reload();
      }),
  );
  return { documents: data, error, reload };
}
