// A project's live documents; reloaded after a reconnect and when the host reports the project
// changed (a document created, renamed or trashed elsewhere).
import { useCallback, useEffect, useState } from 'react';
import type { DocumentInfo } from '../../../shared/contract';
import { useClient, useConnectionEpoch } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';

export function useDocuments(projectId: string) {
  const client = useClient();
  const epoch = useConnectionEpoch();
  const [state, setState] = useState<{ projectId: string; documents: DocumentInfo[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      const documents = await client.call('documents.list', { projectId });
      setState({ projectId, documents });
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [client, projectId]);

  useEffect(() => {
    void reload();
    return client.on('projects.changed', ({ id }) => {
      if (id === projectId) void reload();
    });
  }, [client, projectId, reload, epoch]);

  // Never show the previous project's documents while the next ones load.
  const documents = state?.projectId === projectId ? state.documents : null;
  return { documents, error, reload };
}
