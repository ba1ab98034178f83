// An open document: text documents get the writing studio, image boards the image studio; this view
// itself only shows while the document loads (or why it could not).
import { ArrowLeft, Info } from 'lucide-react';
import type { DocumentInfo, IterationWithContent } from '../../../shared/contract';
import { useLiveQuery } from '../../app/useLiveQuery';
import { Button } from '../../ui/Button';
import { formatFull, formatRelative, plural } from '../../ui/formatTime';
import { InlineError } from '../../ui/InlineError';
import { ImageBoard } from '../image/ImageBoard';
import { WriteView } from '../write/WriteView';
import { DocumentKindIcon, KIND_LABEL } from './DocumentKindIcon';

export function DocumentView({ documentId, iterationId, onBack }: { documentId: string; iterationId?: string; onBack(): void }) {
  const { data: current, error } = useLiveQuery(documentId, async (client) => {
    const doc = await client.call('documents.get', { id: documentId });
    // Text documents load their own versions in the writing studio.
    const head = doc.headIterationId && doc.kind !== 'text' ? await client.call('history.get', { id: doc.headIterationId }) : null;
    return { doc, head };
  });

  if (current?.doc.kind === 'text') return <WriteView key={documentId} documentId={documentId} initialVersion={iterationId} onBack={onBack} />;
  if (current?.doc.kind === 'image') return <ImageBoard key={documentId} doc={current.doc} initialSelected={iterationId} onBack={onBack} />;

  return (
    <section className="page" aria-labelledby="document-title" data-testid="document-view">
      <div className="page-back">
        <Button small variant="ghost" icon={<ArrowLeft size={14} />} onClick={onBack} data-testid="document-back">
          All documents
        </Button>
      </div>
      <InlineError message={error} />
      {current && (
        <>
          <header className="page-header">
            <div>
              <h1 id="document-title" className="page-title page-title-icon">
                <DocumentKindIcon kind={current.doc.kind} size={20} />
                {current.doc.title}
              </h1>
              <p className="page-subtitle">
                {KIND_LABEL[current.doc.kind]} · {plural(current.doc.iterationCount, 'version')} · updated{' '}
                <time title={formatFull(current.doc.updatedAt)}>{formatRelative(current.doc.updatedAt)}</time>
              </p>
            </div>
          </header>
          <p className="notice" data-testid="read-only-note">
            <Info size={16} aria-hidden />
            <span>
              The image studio, where you generate and compare images on this board, comes in a later version.
            </span>
          </p>
          <DocumentBody doc={current.doc} head={current.head} />
        </>
      )}
    </section>
  );
}

function DocumentBody({ doc, head }: { doc: DocumentInfo; head: IterationWithContent | null }) {
  if (!head) {
    return <p className="muted">This {doc.kind === 'text' ? 'document' : 'board'} has no versions yet.</p>;
  }
  if (head.text === null) {
    return <p className="muted">The latest version is an image; previews arrive with the image studio.</p>;
  }
  return (
    <article className="prose" data-testid="document-text" aria-label={`Text of ${doc.title}`}>
      {head.text}
    </article>
  );
}
