// The right-hand drawer: Queue and Status as tabs (arrow keys switch, as in any tab list).
import { Activity, ListOrdered } from 'lucide-react';
import type { KeyboardEvent, ReactNode } from 'react';

export type DrawerTab = 'queue' | 'status';

const TABS: { id: DrawerTab; label: string; icon: ReactNode }[] = [
  { id: 'queue', label: 'Queue', icon: <ListOrdered size={14} aria-hidden /> },
  { id: 'status', label: 'Status', icon: <Activity size={14} aria-hidden /> },
];

interface DrawerProps {
  tab: DrawerTab;
  onTab(tab: DrawerTab): void;
  /** Esc inside the drawer; true when it closed the drawer (only where it floats over the page). */
  onEscape(): boolean;
  queue: ReactNode;
  status: ReactNode;
  queueBadge: number;
}

export function Drawer({ tab, onTab, onEscape, queue, status, queueBadge }: DrawerProps) {
  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const next = tab === 'queue' ? 'status' : 'queue';
    onTab(next);
    e.currentTarget.querySelector<HTMLButtonElement>(`#drawer-tab-${next}`)?.focus();
  }

  return (
    <aside
      className="drawer"
      aria-label="Queue and status"
      onKeyDown={(e) => {
        // A control inside that uses Esc itself (a menu, a field) has said so with preventDefault.
        if (e.key === 'Escape' && !e.defaultPrevented && onEscape()) e.preventDefault();
      }}
    >
      <div className="tabs" role="tablist" aria-label="Drawer" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`drawer-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`drawer-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className="tab"
            data-testid={`tab-${t.id}`}
            onClick={() => onTab(t.id)}
          >
            {t.icon}
            {t.label}
            {t.id === 'queue' && queueBadge > 0 && <span className="badge">{queueBadge}</span>}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`drawer-panel-${tab}`}
        aria-labelledby={`drawer-tab-${tab}`}
        className="drawer-body"
      >
        {tab === 'queue' ? queue : status}
      </div>
    </aside>
  );
}
