// A document's version graph, kept live (reloaded on history.changed and after a reconnect), for
// views that do not already hold it (the writing session does).
import { useEffect, useState } from 'react';
import type { DocumentInfo, HistoryGraph } from '../../../shared/contract';
import { useClient, useConnectionEpoch } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';

export function useHistoryGraph(documentId: string): { graph: HistoryGraph | null; doc: DocumentInfo | null; error: string | null } {
  const client = useClient();
  const epoch = useConnectionEpoch();
  const [state, setState] = useState<{ graph: HistoryGraph | null; doc: DocumentInfo | null; error: string | null }>({ graph: null, doc: null, error: null });
  useEffect(() => {
    let live = true;
    let loading = false;
    let again = false;
    async function load() {
      // One request at a time; changes that land meanwhile ask for one more.
      if (loading) {
        again = true;
        return;
      }
      loading = true;
      try {
        do {
          again = false;
          const [graph, doc] = await Promise.all([client.call('history.graph', { documentId }), client.call('documents.get', { id: documentId })]);
          if (live) setState({ graph, doc, error: null });
        } while (again && live);
      } catch (err) {
        if (live) setState((s) => ({ ...s, error: errorMessage(err) }));
      } finally {
        loading = false;
      }
    }
    void load();
    const off = client.on('history.changed', (e) => {
      if (e.documentId === documentId) void load();
    });
    return () => {
      live = false;
      off();
    };
  }, [client, documentId, epoch]);
  return state;
}
