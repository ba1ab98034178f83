// A document row's icon, title and "N versions · <what> <when>" line, as the project's list, its
// trash and the Trash page show it (the list says when it was updated, the trashes when it was
// trashed; the Trash page also names the project it belongs to).
import type { DocumentInfo } from '../../../shared/contract';
import { formatFull, formatRelative, plural } from '../../ui/formatTime';
import { DocumentKindIcon } from './DocumentKindIcon';

export function DocumentRowText({ doc, what, at, project }: { doc: DocumentInfo; what: string; at: number | null; project?: string }) {
  return (
    <>
      <span className="row-icon">
        <DocumentKindIcon kind={doc.kind} />
      </span>
      <span className="row-main">
        <span className="row-title">
          {doc.title}
          {project !== undefined && <span className="muted" data-testid="document-project"> · {project}</span>}
        </span>
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
