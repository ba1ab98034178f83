// What a board shows in this tab — the image open on the canvas and the filter (All, Starred,
// Trash, History) — kept in sessionStorage, so a reload comes back to it. Per tab, like the shell's
// place (renderer/app/tabView.ts); the prompt panel itself is kept per board in localStorage.
export const BOARD_VIEWS = ['all', 'starred', 'trash', 'history'] as const;
export type BoardView = (typeof BOARD_VIEWS)[number];

export interface BoardTab {
  selected: string | null;
  view: BoardView;
}

const key = (documentId: string) => `atelier.image.tab.${documentId}`;

export function loadBoardTab(documentId: string): BoardTab {
  try {
    const o = JSON.parse(sessionStorage.getItem(key(documentId)) ?? 'null') as Partial<Record<keyof BoardTab, unknown>> | null;
    const selected = typeof o?.selected === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(o.selected) ? o.selected : null;
    const view = (BOARD_VIEWS as readonly unknown[]).includes(o?.view) ? (o?.view as BoardView) : 'all';
    return { selected, view };
  } catch {
    return { selected: null, view: 'all' };
  }
}

export function saveBoardTab(documentId: string, tab: BoardTab): void {
  try {
    sessionStorage.setItem(key(documentId), JSON.stringify(tab));
  } catch {
    // No storage: a reload shows the board, as before.
  }
}
