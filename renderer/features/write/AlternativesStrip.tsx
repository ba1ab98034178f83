// The alternatives side by side under the editor: each card streams, previews on hover, keeps on click or its number.
import { CornerDownLeft } from 'lucide-react';
import { notKept } from './keptRows';
import type { GenView } from './sessionTypes';
import { SHORT_STOP_LABELS } from './stopLabels';

export function AlternativesStrip({ gen, onPreview, onPick }: { gen: GenView; onPreview(row: number | null): void; onPick(row: number): void }) {
  const active = gen.status === 'starting' || gen.status === 'queued' || gen.status === 'running';
  return (
    <div
      className="alt-strip"
      data-testid="write-alternatives-strip"
      style={{ gridTemplateColumns: `repeat(${Math.min(gen.rows.length, 4)}, minmax(0, 1fr))` }}
      onMouseLeave={() => onPreview(null)}
    >
      {gen.rows.map((row, i) => (
        <button
          key={i}
          type="button"
          className={gen.previewRow === i ? 'alt-card alt-card-previewed' : 'alt-card'}
          data-testid="write-alt-card"
          data-row={i}
          data-state={active ? 'streaming' : notKept(gen, i) ? 'not-kept' : gen.status}
          onMouseEnter={() => onPreview(notKept(gen, i) ? null : i)}
          onFocus={() => onPreview(i)}
          onClick={() => onPick(i)}
          disabled={gen.accepting || notKept(gen, i)}
          aria-label={notKept(gen, i) ? `Alternative ${i + 1}: wrote nothing; not kept.` : `Alternative ${i + 1}: ${row.text.slice(0, 80)}. Press to keep it, or press ${i + 1}.`}
          aria-keyshortcuts={String(i + 1)}
        >
          <span className="alt-card-head">
            <span className="alt-num">{i + 1}</span>
            <span className="muted small">
              {row.tokens} tokens{row.stopReason ? ` · ${SHORT_STOP_LABELS[row.stopReason]}` : ''}
            </span>
            <CornerDownLeft size={14} className="alt-card-pick" aria-hidden />
          </span>
          <span className="alt-card-text">{notKept(gen, i) ? 'Wrote nothing — not kept' : row.text || (active ? '…' : '(nothing)')}</span>
        </button>
      ))}
    </div>
  );
}
