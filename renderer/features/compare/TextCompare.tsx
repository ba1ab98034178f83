// Texts side by side: a word diff against the first, the shared start and end collapsed.
import { useMemo, useState } from 'react';
import { compareTexts, type DiffSegment, type TextDiff } from '../../../shared/compare/text-diff';
import type { CompareViewProps, Item } from './compareTypes';
import { PaneHeader } from './PaneHeader';

export function TextCompare({ items, onOpen }: { items: Item[]; onOpen?: CompareViewProps['onOpenVersion'] }) {
  const diffs = useMemo(() => compareTexts(items.map((x) => x.it.text ?? '')), [items]);
  const [expanded, setExpanded] = useState(false);
  return (
    <div className={`cmp-columns cmp-cols-${items.length}`}>
      {items.map((item, i) => {
        // The reference shows what the first other version removed; the others show their diff against it.
        const diff = i === 0 ? diffs[0] : diffs[i - 1];
        return (
          <article key={item.it.id} className="cmp-pane" data-testid="compare-pane" data-iteration-id={item.it.id} data-index={i}>
            <PaneHeader item={item} index={i} onOpen={onOpen} />
            {diff && (
              <>
                <div className="cmp-text" data-testid="compare-text">
                  {diff.prefix.chars > 0 &&
                    (expanded ? (
                      <span className="diff-same">{diff.prefix.text}</span>
                    ) : (
                      <button type="button" className="cmp-collapsed" data-testid="compare-prefix" onClick={() => setExpanded(true)}>
                        … {diff.prefix.chars.toLocaleString()} shared characters
                      </button>
                    ))}
                  {diff.segments.map((s, j) => (
                    <Segment key={j} segment={s} side={i === 0 ? (items.length === 2 ? 'a' : 'plain') : 'b'} />
                  ))}
                  {diff.suffix.chars > 0 &&
                    (expanded ? (
                      <span className="diff-same">{diff.suffix.text}</span>
                    ) : (
                      <button type="button" className="cmp-collapsed" data-testid="compare-suffix" onClick={() => setExpanded(true)}>
                        {diff.suffix.chars.toLocaleString()} shared characters …
                      </button>
                    ))}
                </div>
                {i > 0 && <DiffStats diff={diff} />}
              </>
            )}
          </article>
        );
      })}
    </div>
  );
}

/** `a`: the reference beside one other text (its words the other lacks marked); `plain`: the
 *  reference beside several (each other pane marks its own differences); `b`: a compared text. */
function Segment({ segment, side }: { segment: DiffSegment; side: 'a' | 'b' | 'plain' }) {
  if (segment.type === 'same') return <span className="diff-same">{segment.text}</span>;
  if (side !== 'b') {
    if (segment.type === 'added') return null;
    if (side === 'plain') return <span className="diff-same">{segment.text}</span>;
    return (
      <mark className="diff-removed diff-only-a" data-testid="diff-removed" title="Only in A">
        {segment.text}
      </mark>
    );
  }
  if (segment.type === 'removed') {
    return (
      <del className="diff-removed" data-testid="diff-removed">
        {segment.text}
      </del>
    );
  }
  return (
    <ins className="diff-added" data-testid="diff-added">
      {segment.text}
    </ins>
  );
}

function DiffStats({ diff }: { diff: TextDiff }) {
  return (
    <p className="cmp-stats muted small" data-testid="compare-stats">
      {diff.identical ? (
        'Identical to A'
      ) : (
        <>
          vs A: <span className="cmp-stat-added">+{diff.stats.added}</span> <span className="cmp-stat-removed">−{diff.stats.removed}</span> words,{' '}
          {diff.stats.same} the same{diff.coarse ? ' (too different to diff word by word)' : ''}
        </>
      )}
    </p>
  );
}
