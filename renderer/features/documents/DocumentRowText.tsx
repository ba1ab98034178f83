// A document row's icon, title and "N versions · <what> <when>" line, as the project's list and
// its trash both show it (the list says when it was updated, the trash when it was trashed).
import type { DocumentInfo } from '../../../shared/contract';
import { formatFull, formatRelative, plural } from '../../ui/formatTime';
import { DocumentKindIcon } from './DocumentKindIcon';

export function DocumentRowText({ doc, what, at }: { doc: DocumentInfo; what: string; at: number | null }) {
  return (
    <>
      <span className="row-icon">
        <DocumentKindIcon kind={doc.kind} />
      </span>
      <span className="row-main">
        <span className="row-title">{doc.title}</span>
        <span className="row-meta">
          {plural(doc.iterationCount, 'version')}
          {at !== null && (
            <>
              {` · ${what} `}
              <time dateTime={new Date(at).toISOString()} title={formatFull(at)}>
                {formatRelative(at)}
              </time>
            </>
          )}
        </span>
      </span>
    </>
  );
}
