// The documents of one project, most recently changed first.
import { ChevronRight } from 'lucide-react';
import type { DocumentInfo } from '../../../shared/contract';
import { formatFull, formatRelative, plural } from '../../ui/formatTime';
import { DocumentKindIcon } from './DocumentKindIcon';

export function DocumentList({ documents, onOpen }: { documents: DocumentInfo[]; onOpen(doc: DocumentInfo): void }) {
  const sorted = [...documents].sort((a, b) => b.updatedAt - a.updatedAt);
  return (
    <ul className="rows" aria-label="Documents">
      {sorted.map((doc) => (
        <li key={doc.id}>
          <button
            type="button"
            className="row row-button"
            data-testid="document-item"
            data-document-id={doc.id}
            onClick={() => onOpen(doc)}
          >
            <span className="row-icon">
              <DocumentKindIcon kind={doc.kind} />
            </span>
            <span className="row-main">
              <span className="row-title">{doc.title}</span>
              <span className="row-meta">
                {plural(doc.iterationCount, 'version')}
                {' · updated '}
                <time dateTime={new Date(doc.updatedAt).toISOString()} title={formatFull(doc.updatedAt)}>
                  {formatRelative(doc.updatedAt)}
                </time>
              </span>
            </span>
            <ChevronRight size={16} className="row-chevron" aria-hidden />
          </button>
        </li>
      ))}
    </ul>
  );
}
