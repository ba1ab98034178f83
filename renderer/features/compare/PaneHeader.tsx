// A pane's head: its letter, document title, the version as the tree names it, its recipe line, and Open.
import { ExternalLink } from 'lucide-react';
import { summarizeRecipe } from '../../../shared/compare/recipe-summary';
import { IconButton } from '../../ui/Button';
import { formatFull, formatRelative } from '../../ui/formatTime';
import { LETTERS, type CompareViewProps, type Item } from './compareTypes';

export function PaneHeader({ item, index, onOpen }: { item: Item; index: number; onOpen?: CompareViewProps['onOpenVersion'] }) {
  const summary = summarizeRecipe(item.it.recipe);
  return (
    <div className="cmp-pane-head">
      <span className="cmp-letter" aria-hidden>
        {LETTERS[index]}
      </span>
      <div className="cmp-pane-meta">
        <span className="cmp-pane-title" data-testid="compare-pane-title">
          {item.doc?.title ?? 'Version'}
          <span className="cmp-pane-version" data-testid="compare-pane-version">
            {item.version}
          </span>
          {index === 0 && <span className="cmp-tag">reference</span>}
        </span>
        <span className="muted small cmp-pane-sub" title={`${summary.line} · ${formatFull(item.it.createdAt)}`}>
          {summary.line} · {formatRelative(item.it.createdAt)}
        </span>
      </div>
      {onOpen && item.doc && (
        <IconButton
          small
          label="Open this version"
          icon={<ExternalLink size={14} />}
          data-testid="compare-open"
          onClick={() =>
            onOpen({ projectId: item.doc!.projectId, documentId: item.doc!.id, documentTitle: item.doc!.title, iterationId: item.it.id })
          }
        />
      )}
    </div>
  );
}
