// useState that survives a reload, for layout choices (which drawer tab, is it open).
import { useEffect, useState } from 'react';

export function usePersistentState<T extends string | boolean>(key: string, initial: T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const stored = localStorage.getItem(`atelier.${key}`);
      if (stored !== null) {
        const parsed: unknown = JSON.parse(stored);
        if (typeof parsed === typeof initial) return parsed as T;
      }
    } catch {
      // Storage may be unavailable (private mode) or hold junk; the default is fine.
    }
    return initial;
  });
  useEffect(() => {
    try {
      localStorage.setItem(`atelier.${key}`, JSON.stringify(value));
    } catch {
      // Not being able to remember a layout choice is not worth bothering anyone about.
    }
  }, [key, value]);
  return [value, setValue];
}
