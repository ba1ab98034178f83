// Above a version opened from the tree (read-only): what it is, Restore, and the way back.
import { RotateCcw } from 'lucide-react';
import { Button } from '../../ui/Button';
import { formatFull, formatRelative } from '../../ui/formatTime';
import { describe, firstAlternatives } from '../history/describe';
import type { Snapshot } from './sessionTypes';

export function PreviewBanner({ snap, onRestore, onBack }: { snap: Snapshot; onRestore(id: string): void; onBack(): void }) {
  const it = snap.preview;
  if (!it) return null;
  const { title, detail } = describe(it, firstAlternatives(snap.graph?.iterations ?? []).has(it.id));
  const isHead = snap.doc?.headIterationId === it.id;
  return (
    <div className="preview-banner" data-testid="version-preview" role="region" aria-label="Viewing another version">
      <div className="preview-banner-text">
        <strong>Viewing: {title}</strong>
        <span className="muted">
          {detail ? `${detail} · ` : ''}
          <time title={formatFull(it.createdAt)}>{formatRelative(it.createdAt)}</time> · read-only
        </span>
      </div>
      <div className="button-row">
        {!isHead && (
          <Button small variant="primary" icon={<RotateCcw size={14} />} onClick={() => onRestore(it.id)} data-testid="version-restore">
            Restore this version
          </Button>
        )}
        <Button small onClick={onBack} data-testid="version-back">
          Back to my text <kbd>Esc</kbd>
        </Button>
      </div>
    </div>
  );
}
