// A modal built on <dialog>: the browser supplies the focus trap, Escape and the backdrop.
// Mount it to open it; unmounting closes it and gives focus back to where it came from.
// Large tool dialogs (the grid) ask for a header with a close button and lay out their own body.
import { X } from 'lucide-react';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { IconButton } from './Button';

interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
  wide?: boolean;
  /** Extra class on the <dialog> (its size). */
  className?: string;
  /** A header row with the title and an ✕ button named this. */
  closeLabel?: string;
  closeTestId?: string;
  /** The children fill the dialog as they are, without the padded body. */
  flush?: boolean;
}

export function Dialog({ title, onClose, children, footer, testId, wide, className, closeLabel, closeTestId, flush }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    // Escape fires 'cancel'; let React state decide when the dialog goes away.
    const onCancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const heading = (
    <h2 id={titleId} className="dialog-title">
      {title}
    </h2>
  );

  return (
    <dialog
      ref={ref}
      className={['dialog', wide ? 'dialog-wide' : '', className ?? ''].filter(Boolean).join(' ')}
      aria-labelledby={titleId}
      data-testid={testId}
      onClick={(e) => {
        // A click on the backdrop lands on the <dialog> itself.
        if (e.target === ref.current) onClose();
      }}
    >
      {closeLabel && (
        <header className="dialog-head">
          {heading}
          <IconButton small variant="ghost" label={closeLabel} icon={<X size={16} />} onClick={onClose} data-testid={closeTestId} />
        </header>
      )}
      {flush ? (
        children
      ) : (
        <div className="dialog-body">
          {!closeLabel && heading}
          {children}
        </div>
      )}
      {footer && <div className="dialog-footer">{footer}</div>}
    </dialog>
  );
}
