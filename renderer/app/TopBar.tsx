// Where am I (Atelier ▸ project ▸ document) and how busy is the queue.
import { ChevronRight, Keyboard, PanelRightClose, PanelRightOpen } from 'lucide-react';
import type { ReactNode } from 'react';
import { IconButton } from '../ui/Button';
import { DRAWER_TOGGLE_ID } from './floatingDrawer';

export interface Crumb {
  label: string;
  onClick?: () => void;
}

interface TopBarProps {
  crumbs: Crumb[];
  queue: ReactNode;
  /** The way into the model library (with the device jobs run on). */
  models?: ReactNode;
  /** The search field (Ctrl/⌘+K). */
  search?: ReactNode;
  drawerOpen: boolean;
  onToggleDrawer(): void;
  onShortcuts(): void;
}

export function TopBar({ crumbs, queue, models, search, drawerOpen, onToggleDrawer, onShortcuts }: TopBarProps) {
  return (
    <header className="topbar">
      <nav aria-label="Breadcrumb" className="crumbs" data-testid="breadcrumb">
        <span className="brand">
          <span className="brand-mark" aria-hidden />
          <span className="brand-name">Atelier</span>
        </span>
        {crumbs.map((crumb, i) => (
          <span key={i} className="crumb">
            <ChevronRight size={14} aria-hidden className="crumb-sep" />
            {crumb.onClick && i < crumbs.length - 1 ? (
              <button type="button" className="crumb-link" onClick={crumb.onClick}>
                {crumb.label}
              </button>
            ) : (
              <span className="crumb-current" aria-current="location">
                {crumb.label}
              </span>
            )}
          </span>
        ))}
      </nav>
      <div className="topbar-actions">
        {search}
        {models}
        {queue}
        <IconButton
          label={drawerOpen ? 'Hide queue and status' : 'Show queue and status'}
          icon={drawerOpen ? <PanelRightClose size={16} /> : <PanelRightOpen size={16} />}
          onClick={onToggleDrawer}
          id={DRAWER_TOGGLE_ID}
          aria-pressed={drawerOpen}
          data-testid="toggle-drawer"
        />
        <IconButton label="Keyboard shortcuts (?)" icon={<Keyboard size={16} />} onClick={onShortcuts} data-testid="open-shortcuts" />
      </div>
    </header>
  );
}
