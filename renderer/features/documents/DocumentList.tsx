// The documents of one project, most recently changed first, each with Rename and Move to trash
// beside it (the host had both; the studio offered neither, so a typo in a title stayed for good).
import { ChevronRight, Pencil, Trash } from 'lucide-react';
import { useState } from 'react';
import type { DocumentInfo } from '../../../shared/contract';
import { IconButton } from '../../ui/Button';
import { NameField } from '../../ui/NameField';
import { DocumentRowText } from './DocumentRowText';

interface DocumentListProps {
  documents: DocumentInfo[];
  onOpen(doc: DocumentInfo): void;
  onRename(doc: DocumentInfo, title: string): Promise<void>;
  onTrash(doc: DocumentInfo): void;
}

export function DocumentList({ documents, onOpen, onRename, onTrash }: DocumentListProps) {
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const sorted = [...documents].sort((a, b) => b.updatedAt - a.updatedAt);
  return (
    <ul className="rows" aria-label="Documents">
      {sorted.map((doc) => (
        <li key={doc.id} className="doc-row">
          {renamingId === doc.id ? (
            <NameField
              className="doc-row-rename"
              initial={doc.title}
              label={`New title for ${doc.title}`}
              saveLabel="Save title"
              field={{ key: 'title', noun: 'title' }}
              testId="document-rename-input"
              onSubmit={async (title) => {
                await onRename(doc, title);
                setRenamingId(null);
              }}
              onCancel={() => setRenamingId(null)}
              // F2 or the pencil opened it, and both went with the row it replaced.
              focusAfter={() => document.querySelector<HTMLElement>(`[data-testid="document-item"][data-document-id="${CSS.escape(doc.id)}"]`)}
            />
          ) : (
            <>
              <button
                type="button"
                className="row row-button"
                data-testid="document-item"
                data-document-id={doc.id}
                onClick={() => onOpen(doc)}
                onKeyDown={(e) => {
                  if (e.key === 'F2') {
                    e.preventDefault();
                    setRenamingId(doc.id);
                  } else if (e.key === 'Delete') {
                    e.preventDefault();
                    onTrash(doc);
                  }
                }}
              >
                <DocumentRowText doc={doc} what="updated" at={doc.updatedAt} />
                <ChevronRight size={16} className="row-chevron" aria-hidden />
              </button>
              <span className="doc-row-actions">
                <IconButton
                  small
                  label={`Rename ${doc.title} (F2)`}
                  icon={<Pencil size={14} />}
                  onClick={() => setRenamingId(doc.id)}
                  data-testid="document-rename"
                />
                <IconButton
                  small
                  label={`Move ${doc.title} to the trash (Delete)`}
                  icon={<Trash size={14} />}
                  onClick={() => onTrash(doc)}
                  data-testid="document-trash"
                />
              </span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
