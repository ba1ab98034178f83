// The keyboard shortcuts this build implements; the sheet lists exactly these.
export interface Shortcut {
  keys: string[];
  description: string;
}

export const SHORTCUTS: { group: string; items: Shortcut[] }[] = [
  {
    group: 'Anywhere',
    items: [
      { keys: ['?'], description: 'Show this list of shortcuts' },
      { keys: ['N'], description: 'New project' },
      { keys: ['F2'], description: 'Rename the current project' },
      { keys: ['Delete'], description: 'Move the current project to the trash (asks first)' },
      { keys: ['Esc'], description: 'Close a dialog or cancel an edit' },
    ],
  },
  {
    group: 'Project list',
    items: [
      { keys: ['↑', '↓'], description: 'Move between projects' },
      { keys: ['Enter'], description: 'Open the focused project' },
    ],
  },
  {
    group: 'Name fields',
    items: [
      { keys: ['Enter'], description: 'Save' },
      { keys: ['Esc'], description: 'Cancel' },
    ],
  },
];

/** True when a key press belongs to a text field or an open dialog, not to the app. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}
