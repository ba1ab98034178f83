// One titled group of the writing settings.
import type { ReactNode } from 'react';

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="write-section">
      <h3 className="section-label">{title}</h3>
      {children}
    </section>
  );
}
