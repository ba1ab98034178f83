// A project's documents in the trash, each with Restore; nothing shows while there are none.
import { RotateCcw } from 'lucide-react';
import { useState } from 'react';
import type { DocumentInfo } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { useLiveQuery } from '../../app/useLiveQuery';
import { Button } from '../../ui/Button';
import { InlineError } from '../../ui/InlineError';
import { DocumentRowText } from './DocumentRowText';

export function TrashedDocuments({ projectId, onRestored }: { projectId: string; onRestored(doc: DocumentInfo): void }) {
  const client = useClient();
  const { data, error, reload } = useLiveQuery(
    `${projectId}:trashed`,
    (c) => c.call('documents.list', { projectId, trashed: true }),
    (c, again) =>
      c.on('projects.changed', ({ id }) => {
        if (id === projectId) again();
      }),
  );
  const [rowError, setRowError] = useState<string | null>(null);
  if (!data || data.length === 0) return error ? <InlineError message={error} /> : null;

  async function restore(doc: DocumentInfo) {
    setRowError(null);
    try {
      onRestored(await client.call('documents.restore', { id: doc.id }));
      void reload();
    } catch (err) {
      setRowError(errorMessage(err));
    }
  }

  return (
    <div className="trashed-documents">
      <div className="section-head">
        <h2 className="section-label">In the trash</h2>
      </div>
      <InlineError message={rowError} />
      <ul className="rows" aria-label="Documents in the trash">
        {data.map((doc) => (
          <li key={doc.id} className="row" data-testid="trashed-document" data-document-id={doc.id}>
            <DocumentRowText doc={doc} what="trashed" at={doc.deletedAt} />
            <Button small icon={<RotateCcw size={14} />} onClick={() => void restore(doc)} data-testid="restore-document" aria-label={`Restore ${doc.title}`}>
              Restore
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
