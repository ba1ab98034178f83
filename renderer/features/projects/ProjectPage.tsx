// One project: its name (renamable in place), its documents, and the ways to add one.
import { FilePen, Pencil, Trash } from 'lucide-react';
import type { DocumentInfo, Project } from '../../../shared/contract';
import { useState } from 'react';
import { DocumentList } from '../documents/DocumentList';
import { NewDocumentButtons } from '../documents/NewDocumentButtons';
import { TrashedDocuments } from '../documents/TrashedDocuments';
import { documentTrash } from '../documents/documentTrash';
import { useDocuments } from '../documents/useDocuments';
import { useClient } from '../../app/ClientContext';
import { useTrashFlow } from '../../app/useTrashFlow';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { formatFull, formatRelative, plural } from '../../ui/formatTime';
import { InlineError } from '../../ui/InlineError';
import { NameField } from '../../ui/NameField';

interface ProjectPageProps {
  project: Project;
  renaming: boolean;
  actionError: string | null;
  onStartRename(): void;
  onEndRename(): void;
  onRename(name: string): Promise<void>;
  onTrash(): void;
  onOpenDocument(doc: DocumentInfo): void;
}

export function ProjectPage(props: ProjectPageProps) {
  const { project } = props;
  const client = useClient();
  const { documents, error, reload } = useDocuments(project.id);
  const [docError, setDocError] = useState<string | null>(null);
  const docTrash = useTrashFlow(documentTrash, { onTrashed: () => void reload(), onRestored: () => void reload(), onError: setDocError });

  async function renameDocument(doc: DocumentInfo, title: string) {
    await client.call('documents.rename', { id: doc.id, title });
    await reload();
  }

  function created(doc: DocumentInfo) {
    void reload();
    props.onOpenDocument(doc);
  }

  return (
    <section className="page" aria-labelledby="project-title" data-testid="project-page">
      <header className="page-header">
        <div className="page-header-main">
          {props.renaming ? (
            <NameField
              className="rename-field"
              initial={project.name}
              label="Project name"
              saveLabel="Save name"
              field={{ key: 'name', noun: 'name' }}
          testId="project-rename-input"
              onSubmit={props.onRename}
              onCancel={props.onEndRename}
            />
          ) : (
            // tabIndex: focus lands here when the last document goes to the trash.
            <h1 id="project-title" className="page-title" data-testid="project-title" tabIndex={-1}>
              {project.name}
            </h1>
          )}
          <p className="page-subtitle">
            {plural(project.documentCount, 'document')} · updated{' '}
            <time title={formatFull(project.updatedAt)}>{formatRelative(project.updatedAt)}</time>
          </p>
        </div>
        <div className="button-row">
          <Button small icon={<Pencil size={14} />} onClick={props.onStartRename} data-testid="rename-project" title="Rename (F2)">
            Rename
          </Button>
          <Button small icon={<Trash size={14} />} onClick={props.onTrash} data-testid="trash-project" title="Move to trash (Delete)">
            Move to trash
          </Button>
        </div>
      </header>
      <InlineError message={props.actionError} />

      <div className="section-head">
        <h2 className="section-label">Documents</h2>
        {documents && documents.length > 0 && <NewDocumentButtons projectId={project.id} onCreated={created} />}
      </div>
      <InlineError message={error} />
      <InlineError message={docError} />
      {documents && documents.length > 0 && (
        <DocumentList
          documents={documents}
          onOpen={props.onOpenDocument}
          onRename={renameDocument}
          onTrash={(doc) => {
            setDocError(null);
            docTrash.ask(doc);
          }}
        />
      )}
      {documents && documents.length === 0 && (
        <EmptyState
          icon={<FilePen size={28} />}
          title="No documents yet"
          actions={<NewDocumentButtons projectId={project.id} onCreated={created} />}
        >
          A <strong>text document</strong> holds writing and every version of it; an <strong>image board</strong> collects
          generated pictures. Start with either.
        </EmptyState>
      )}
      <TrashedDocuments projectId={project.id} onRestored={() => void reload()} />
      {docTrash.dialog}
    </section>
  );
}
