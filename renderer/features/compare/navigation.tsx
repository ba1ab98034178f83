// How features ask the shell to open the compare view or a document at one version, without
// knowing the shell's routes (App provides these; outside it they are no-ops returning false).
import { createContext, useContext } from 'react';

export interface Navigation {
  /** Opens the compare view for 2–4 versions (texts or images). */
  openCompare(ids: string[]): void;
  /** Opens a document showing one of its versions (text: Versions preview; image: canvas). */
  openVersion(target: { projectId: string; documentId: string; documentTitle: string; iterationId: string }): void;
}

export const NavigationContext = createContext<Navigation | null>(null);

export function useNavigation(): Navigation | null {
  return useContext(NavigationContext);
}

export const MIN_COMPARE = 2;
export const MAX_COMPARE = 4;

/** Adds or removes an id from a pick list, keeping at most MAX_COMPARE (the oldest pick drops). */
export function togglePick(list: string[], id: string): string[] {
  if (list.includes(id)) return list.filter((x) => x !== id);
  const next = [...list, id];
  return next.length > MAX_COMPARE ? next.slice(next.length - MAX_COMPARE) : next;
}
