// An open document: text documents get the writing studio, image boards the image studio; this view
// itself only shows while the document loads (or why it could not). The document's info comes from
// the shell (useLiveDocument), which keeps it fresh, so a rename elsewhere retitles the open view.
import { ArrowLeft } from 'lucide-react';
import type { DocumentInfo } from '../../../shared/contract';
import { Button } from '../../ui/Button';
import { InlineError } from '../../ui/InlineError';
import { ImageBoard } from '../image/ImageBoard';
import { WriteView } from '../write/WriteView';

interface DocumentViewProps {
  /** null while it loads. */
  doc: DocumentInfo | null;
  error: string | null;
  iterationId?: string;
  onBack(): void;
}

export function DocumentView({ doc, error, iterationId, onBack }: DocumentViewProps) {
  if (doc?.kind === 'text') return <WriteView key={doc.id} documentId={doc.id} title={doc.title} initialVersion={iterationId} onBack={onBack} />;
  if (doc?.kind === 'image') return <ImageBoard key={doc.id} doc={doc} initialSelected={iterationId} onBack={onBack} />;

  return (
    <section className="page" aria-label="Document" data-testid="document-view">
      <div className="page-back">
        <Button small variant="ghost" icon={<ArrowLeft size={14} />} onClick={onBack} data-testid="document-back">
          All documents
        </Button>
      </div>
      <InlineError message={error} />
    </section>
  );
}
