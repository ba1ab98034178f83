// A document's version graph, kept live (reloaded on history.changed; a change of marks only is
// put on its version in place), for views that do not already hold it (the writing session does).
import type { DocumentInfo, HistoryGraph } from '../../../shared/contract';
import { useLiveQuery } from '../../app/useLiveQuery';
import { withMarks } from './versionMarks';

export function useHistoryGraph(documentId: string): { graph: HistoryGraph | null; doc: DocumentInfo | null; error: string | null } {
  const { data, error } = useLiveQuery(
    documentId,
    async (client) => {
      const [graph, doc] = await Promise.all([client.call('history.graph', { documentId }), client.call('documents.get', { id: documentId })]);
      return { graph, doc };
    },
    (client, reload, amend) =>
      client.on('history.changed', (e) => {
        if (e.documentId !== documentId) return;
        const marks = e.marks;
        if (marks) amend((d) => ({ ...d, graph: withMarks(d.graph, marks) }));
        else reload();
      }),
  );
  return { graph: data?.graph ?? null, doc: data?.doc ?? null, error };
}
