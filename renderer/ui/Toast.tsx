// Short-lived notices at the bottom of the window, with an optional action such as Undo.
// One at a time: a new toast replaces the old, which keeps Undo tied to the latest action.
// After its action the keyboard goes back to where it was before that action (the toast's
// button disappears under it), or to the main region when that element is gone.
import { X } from 'lucide-react';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { errorMessage } from '../app/errorMessage';
import { IconButton } from './Button';
import { focusMain } from './focusMain';

export interface ToastOptions {
  message: string;
  actionLabel?: string;
  onAction?(): Promise<void> | void;
}

interface ToastState extends ToastOptions {
  key: number;
  error?: string;
  /** What had the keyboard when the action that showed this toast happened. */
  returnFocus: HTMLElement | null;
}

const ToastContext = createContext<(toast: ToastOptions) => void>(() => {});

/** Long enough to read the message and reach Undo with the keyboard. */
const VISIBLE_MS = 10_000;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toast, setToast] = useState<ToastState | null>(null);
  const [paused, setPaused] = useState(false);
  const region = useRef<HTMLDivElement>(null);
  // The last element outside the toast that had focus: the action (a Delete key, a button) may
  // already have removed it or moved focus to the body by the time the toast shows.
  const lastFocus = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const onFocus = (e: FocusEvent) => {
      const t = e.target;
      if (t instanceof HTMLElement && !region.current?.contains(t)) lastFocus.current = t;
    };
    document.addEventListener('focusin', onFocus);
    return () => document.removeEventListener('focusin', onFocus);
  }, []);
  const show = useCallback((options: ToastOptions) => {
    const active = document.activeElement;
    const returnFocus = active instanceof HTMLElement && active !== document.body && !region.current?.contains(active) ? active : lastFocus.current;
    setToast({ ...options, key: Date.now(), returnFocus });
  }, []);

  useEffect(() => {
    if (!toast || paused) return;
    const timer = setTimeout(() => setToast(null), VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [toast, paused]);

  async function runAction(current: ToastState) {
    try {
      await current.onAction?.();
      setToast(null);
      requestAnimationFrame(() => giveFocusBack(current.returnFocus, region.current));
    } catch (err) {
      setToast({ ...current, actionLabel: undefined, error: errorMessage(err) });
    }
  }

  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toast-region" role="status" aria-live="polite" ref={region}>
        {toast && (
          <div
            className="toast"
            key={toast.key}
            data-testid="toast"
            onMouseEnter={() => setPaused(true)}
            onMouseLeave={() => setPaused(false)}
            onFocus={() => setPaused(true)}
            onBlur={() => setPaused(false)}
          >
            <span className="toast-message">{toast.error ?? toast.message}</span>
            {toast.actionLabel && (
              <button type="button" className="toast-action" data-testid="toast-action" onClick={() => void runAction(toast)}>
                {toast.actionLabel}
              </button>
            )}
            <IconButton label="Dismiss" icon={<X size={16} />} small onClick={() => setToast(null)} className="toast-close" />
          </div>
        )}
      </div>
    </ToastContext.Provider>
  );
}

/** Unless the action put focus somewhere itself, back to `to` if still in the page, else to <main>. */
function giveFocusBack(to: HTMLElement | null, region: HTMLElement | null): void {
  const active = document.activeElement;
  if (active && active !== document.body && !region?.contains(active)) return;
  if (to?.isConnected) {
    to.focus();
    if (document.activeElement === to) return;
  }
  focusMain();
}

export function useToast(): (toast: ToastOptions) => void {
  return useContext(ToastContext);
}
