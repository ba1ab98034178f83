// Where the keyboard goes when an inline editor closes: back to the control that opened it, so
// Esc (or a save) never drops focus to the page's start, where a keyboard user loses their place.
import { useEffect, useState } from 'react';

/**
 * Remembers what had focus when the caller first rendered (before its own autoFocus) and, once it
 * unmounts, focuses that again — or `fallback()` when the opener left the page with it (a row
 * replaced by its rename field) — unless something else has taken focus meanwhile (a save that
 * focuses what it made).
 */
export function useFocusReturn(fallback?: () => HTMLElement | null): void {
  const [opener] = useState(() => document.activeElement);
  const [onClose] = useState(() => fallback);
  useEffect(
    () => () => {
      // After the parent has drawn what replaces the editor.
      requestAnimationFrame(() => {
        const active = document.activeElement;
        if (active && active !== document.body) return;
        const target = opener instanceof HTMLElement && opener.isConnected ? opener : onClose?.();
        target?.focus();
      });
    },
    [opener, onClose],
  );
}
