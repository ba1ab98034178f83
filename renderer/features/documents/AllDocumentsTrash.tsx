// The Trash page's documents: every document moved to the trash, in any project, most recently
// trashed first, with the project it belongs to and Restore, which puts it back in that project
// with all its versions. A document whose project is in the trash too waits for that project.
// Delete for good asks first, naming its versions and the image files that go (usePurge).
//
// Test ids: documents-trash (data-total, absent until the list has loaded) / trash-document (data-document-id, data-project-id) /
//   trash-document-restore / trash-document-delete / trash-document-waits / documents-trash-none / documents-trash-error
import { useState } from 'react';
import type { TrashedDocument } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { useActionError } from '../../app/useActionError';
import { useLiveQuery } from '../../app/useLiveQuery';
import { TrashRowActions } from '../../ui/TrashRowActions';
import { TrashSection } from '../../ui/TrashSection';
import { useToast } from '../../ui/Toast';
import { usePurge } from '../projects/usePurge';
import { DocumentRowText } from './DocumentRowText';

const SHOWN = 200;

export function AllDocumentsTrash({ onOpenProject }: { onOpenProject(projectId: string): void }) {
  const client = useClient();
  const toast = useToast();
  // Any document trashed or restored, anywhere, is announced as a change of its project.
  const trash = useLiveQuery(
    'trashed-documents',
    (c) => c.call('documents.listTrashed', { limit: SHOWN }),
    (c, reload) => c.on('projects.changed', reload),
  );
  // What a Restore could not do (named, since the row may have gone); else the list's load error.
  const [actionError, setActionError] = useActionError();
  const [busyId, setBusyId] = useState<string | null>(null);
  const purge = usePurge();

  async function deleteForGood(doc: TrashedDocument) {
    setActionError(null);
    try {
      await purge.ask({ documentIds: [doc.id] }, 'Delete document for good');
    } catch (err) {
      setActionError(`Could not delete '${doc.title}': ${errorMessage(err)}`);
    }
  }

  async function restore(doc: TrashedDocument) {
    setBusyId(doc.id);
    setActionError(null);
    try {
      await client.call('documents.restore', { id: doc.id });
      await trash.reload();
      toast({ message: `Restored '${doc.title}' to ${doc.projectName}.`, actionLabel: 'Open project', onAction: () => onOpenProject(doc.projectId) });
    } catch (err) {
      setActionError(`Could not restore '${doc.title}': ${errorMessage(err)}`);
    } finally {
      setBusyId(null);
    }
  }

  const list = trash.data;
  return (
    <TrashSection
      name="Documents"
      testId="documents-trash"
      total={list?.total ?? null}
      note="Documents moved to the trash from their project, each with all its versions."
      error={actionError ?? trash.error}
    >
      {list && (
        <ul className="rows" aria-label="Documents in the trash">
          {list.documents.map((doc) => (
            <li key={doc.id} className="row" data-testid="trash-document" data-document-id={doc.id} data-project-id={doc.projectId}>
              <DocumentRowText doc={doc} what="trashed" at={doc.deletedAt} project={doc.projectName} />
              {doc.projectDeletedAt !== null && (
                <span className="muted small" data-testid="trash-document-waits">
                  Restore {doc.projectName} first
                </span>
              )}
              <TrashRowActions
                name={doc.title}
                restoreTo={` to ${doc.projectName}`}
                busy={busyId === doc.id}
                restoreBlocked={doc.projectDeletedAt !== null}
                onRestore={() => void restore(doc)}
                onDelete={() => void deleteForGood(doc)}
                testIds={{ restore: 'trash-document-restore', delete: 'trash-document-delete' }}
              />
            </li>
          ))}
        </ul>
      )}
      {list && list.total > list.documents.length && (
        <p className="muted small">
          Showing the {list.documents.length} most recently trashed of {list.total}.
        </p>
      )}
      {purge.dialog}
    </TrashSection>
  );
}
