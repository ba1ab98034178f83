// Short-lived notices at the bottom of the window, with an optional action such as Undo.
// One at a time: a new toast replaces the old, which keeps Undo tied to the latest action.
import { X } from 'lucide-react';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { errorMessage } from '../app/errorMessage';
import { IconButton } from './Button';

export interface ToastOptions {
  message: string;
  actionLabel?: string;
  onAction?(): Promise<void> | void;
}

interface ToastState extends ToastOptions {
  key: number;
  error?: string;
}

const ToastContext = createContext<(toast: ToastOptions) => void>(() => {});

/** Long enough to read the message and reach Undo with the keyboard. */
const VISIBLE_MS = 10_000;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toast, setToast] = useState<ToastState | null>(null);
  const [paused, setPaused] = useState(false);
  const show = useCallback((options: ToastOptions) => setToast({ ...options, key: Date.now() }), []);

  useEffect(() => {
    if (!toast || paused) return;
    const timer = setTimeout(() => setToast(null), VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [toast, paused]);

  async function runAction(current: ToastState) {
    try {
      await current.onAction?.();
      setToast(null);
    } catch (err) {
      setToast({ ...current, actionLabel: undefined, error: errorMessage(err) });
    }
  }

  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toast-region" role="status" aria-live="polite">
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

export function useToast(): (toast: ToastOptions) => void {
  return useContext(ToastContext);
}
