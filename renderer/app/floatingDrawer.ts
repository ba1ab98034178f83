// In a narrow window the Queue/Status drawer floats over the page (theme.css) instead of taking a
// column, so, left open, it hid the page's own controls (the Trash page's Restore buttons) and
// pressing the page did nothing about it. There a press on the page outside it closes it (as the
// writing view's floating inspector does) and so does Esc inside it. In a wide window it is a
// column beside the page and stays until its toggle is pressed.

/** Where the drawer floats over the workspace (theme.css's breakpoint, same width). */
export const NARROW_WINDOW = '(max-width: 900px)';

export const drawerFloats = (): boolean => window.matchMedia(NARROW_WINDOW).matches;

/** Whether a press at `target` is on the page beside a floating drawer, not in the drawer itself. */
export function pressClosesDrawer(target: EventTarget | null): boolean {
  return drawerFloats() && !(target instanceof Element && target.closest('.drawer'));
}

/** The top bar's toggle, where focus goes back when Esc closes the drawer from inside it. */
export const DRAWER_TOGGLE_ID = 'drawer-toggle';
