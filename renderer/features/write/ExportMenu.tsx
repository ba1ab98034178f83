// The document's Export menu: Markdown (recipe in the front matter), Word, plain text.
import { Download } from 'lucide-react';
import { useRef } from 'react';

export type ExportKind = 'md' | 'docx' | 'txt';

export function ExportMenu({ onExport, disabled }: { onExport(kind: ExportKind): void; disabled: boolean }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const pick = (kind: ExportKind) => {
    onExport(kind);
    if (ref.current) ref.current.open = false;
    // The menu item goes with the menu: the focus goes back to the button that opened it.
    ref.current?.querySelector('summary')?.focus();
  };
  return (
    <details
      className="menu"
      ref={ref}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && ref.current?.open) {
          e.preventDefault();
          e.stopPropagation();
          ref.current.open = false;
          ref.current.querySelector('summary')?.focus();
        }
      }}
    >
      <summary className="btn btn-quiet btn-small" data-testid="export-menu" aria-disabled={disabled || undefined}>
        <Download size={14} aria-hidden />
        <span>Export</span>
      </summary>
      <div className="menu-list" role="menu">
        <button type="button" role="menuitem" className="menu-item" onClick={() => pick('md')} data-testid="export-markdown">
          <span>Markdown</span>
          <span className="menu-item-hint">with the recipe in its front matter</span>
        </button>
        <button type="button" role="menuitem" className="menu-item" onClick={() => pick('docx')} data-testid="export-docx">
          <span>Word (.docx)</span>
          <span className="menu-item-hint">headings and emphasis kept, the recipe in its properties</span>
        </button>
        <button type="button" role="menuitem" className="menu-item" onClick={() => pick('txt')} data-testid="export-text">
          <span>Plain text</span>
          <span className="menu-item-hint">just the words</span>
        </button>
      </div>
    </details>
  );
}
