// The search field in the top bar: Ctrl/⌘+K or Ctrl/⌘+F focuses it, Enter opens the results, Esc
// leaves it for where the keyboard was before the shortcut (else the main region).
import { Search } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { focusMain } from '../../ui/focusMain';
import { IS_MAC, MOD } from '../../ui/platformKeys';

export function SearchBox({ query, onSearch }: { query: string; onSearch(q: string): void }) {
  const ref = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState(query);
  // What had focus when the shortcut brought the keyboard here; forgotten when it leaves otherwise.
  const before = useRef<HTMLElement | null>(null);
  useEffect(() => setDraft(query), [query]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      if (e.key !== 'k' && e.key !== 'K' && e.key !== 'f' && e.key !== 'F') return;
      // Inside the editor, Ctrl+F stays the editor's own find.
      if ((e.key === 'f' || e.key === 'F') && e.target instanceof HTMLElement && e.target.closest('.cm-editor')) return;
      e.preventDefault();
      const active = document.activeElement;
      if (active !== ref.current) before.current = active instanceof HTMLElement && active !== document.body ? active : null;
      ref.current?.focus();
      ref.current?.select();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <form
      className="search-box"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        if (draft.trim()) onSearch(draft.trim());
      }}
    >
      <Search size={14} aria-hidden />
      <input
        ref={ref}
        type="search"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            const back = before.current;
            before.current = null;
            if (back?.isConnected) back.focus();
            if (document.activeElement === ref.current) focusMain();
          }
        }}
        onBlur={() => {
          before.current = null;
        }}
        // Short enough for the narrow top bar (96 px at 800 px); the shortcut is in the tooltip,
        // the shortcuts sheet and aria-keyshortcuts.
        placeholder="Search"
        title={`Search every project (${MOD}+K)`}
        aria-keyshortcuts={IS_MAC ? 'Meta+K' : 'Control+K'}
        aria-label="Search every project"
        data-testid="search-input"
      />
    </form>
  );
}
