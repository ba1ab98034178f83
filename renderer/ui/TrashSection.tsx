// One kind of thing on the Trash page: its name with the count, a line saying what it holds, the
// load error, "No … in the trash." once loaded and empty, else its rows.
import type { ReactNode } from 'react';
import { InlineError } from './InlineError';

interface TrashSectionProps {
  /** "Projects", "Documents": the heading, and (lower-cased) the empty line. */
  name: string;
  /** Test ids: <testId> (data-total, absent until the first load answers), <testId>-none, <testId>-error. */
  testId: string;
  /** null while the first load is under way. */
  total: number | null;
  note: string;
  error: string | null;
  children: ReactNode;
}

export function TrashSection({ name, testId, total, note, error, children }: TrashSectionProps) {
  return (
    <section className="trash-section" aria-labelledby={`${testId}-title`} data-testid={testId} data-total={total ?? undefined}>
      <div>
        <h2 id={`${testId}-title`} className="section-label">
          {name}
          {total ? ` (${total})` : ''}
        </h2>
        <p className="muted small">{note}</p>
      </div>
      <InlineError message={error} testId={`${testId}-error`} />
      {total === 0 && (
        <p className="muted small" data-testid={`${testId}-none`}>
          No {name.toLowerCase()} in the trash.
        </p>
      )}
      {total !== null && total > 0 && children}
    </section>
  );
}
