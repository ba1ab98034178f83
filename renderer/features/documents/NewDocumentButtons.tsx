// "New text document" / "New image board": each opens an inline title field; Enter creates.
import { FileText, ImagePlus } from 'lucide-react';
import { useState } from 'react';
import type { DocumentInfo, DocumentKind } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { Button } from '../../ui/Button';
import { NameField } from '../../ui/NameField';

const DEFAULT_TITLE: Record<DocumentKind, string> = { text: 'Untitled document', image: 'Untitled board' };

export function NewDocumentButtons({ projectId, onCreated }: { projectId: string; onCreated(doc: DocumentInfo): void }) {
  const client = useClient();
  const [kind, setKind] = useState<DocumentKind | null>(null);

  if (kind) {
    return (
      <NameField
        className="new-document-field"
        initial={DEFAULT_TITLE[kind]}
        label={kind === 'text' ? 'Title of the new text document' : 'Title of the new image board'}
        saveLabel="Create"
        field={{ key: 'title', noun: 'title' }}
        testId="document-title-input"
        onCancel={() => setKind(null)}
        onSubmit={async (title) => {
          const doc = await client.call('documents.create', { projectId, kind, title });
          setKind(null);
          onCreated(doc);
        }}
      />
    );
  }
  return (
    <div className="button-row">
      <Button icon={<FileText size={16} />} onClick={() => setKind('text')} data-testid="new-text-document">
        New text document
      </Button>
      <Button icon={<ImagePlus size={16} />} onClick={() => setKind('image')} data-testid="new-image-board">
        New image board
      </Button>
    </div>
  );
}
