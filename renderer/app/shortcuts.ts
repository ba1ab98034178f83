// The keyboard shortcuts this build implements; the sheet lists exactly these.
import { MOD } from '../ui/platformKeys';

export interface Shortcut {
  keys: string[];
  description: string;
}

export const SHORTCUTS: { group: string; items: Shortcut[] }[] = [
  {
    group: 'Anywhere',
    items: [
      { keys: ['?'], description: 'Show this list of shortcuts' },
      { keys: [MOD, 'K'], description: `Search every project (also ${MOD}+F outside the editor)` },
      { keys: ['N'], description: 'New project' },
      { keys: ['F2'], description: 'Rename the current project' },
      { keys: ['Delete'], description: 'Move the current project to the trash (asks first)' },
      { keys: ['Esc'], description: 'Close a dialog or cancel an edit; in a narrow window, close the queue floating over the page' },
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
    group: 'Document list',
    items: [
      { keys: ['Enter'], description: 'Open the focused document' },
      { keys: ['F2'], description: 'Rename the focused document' },
      { keys: ['Delete'], description: 'Move the focused document to the trash (asks first; Undo in the notice)' },
    ],
  },
  {
    group: 'Writing',
    items: [
      { keys: [MOD, 'Enter'], description: 'Continue at the cursor (streams as grey ghost text)' },
      { keys: [MOD, '⇧', 'Enter'], description: 'Write alternatives side by side (⇧ is Shift)' },
      { keys: ['Tab'], description: 'Accept the ghost text (or the highlighted alternative)' },
      { keys: ['1', '…', '8'], description: 'Keep that alternative (while alternatives are shown)' },
      { keys: ['Esc'], description: 'Stop while it streams; then reject (it stays in the version tree)' },
      { keys: [MOD, '.'], description: "Show the model's alternatives for the token at the cursor" },
      { keys: [MOD, '⇧', 'E'], description: 'Rewrite the selection as you say (instruct models)' },
      { keys: [MOD, 'S'], description: 'Save now (edits also save on their own after a pause)' },
      { keys: [MOD, 'Z'], description: 'Undo your edits (a generation enters the undo stack only when you accept it)' },
    ],
  },
  {
    group: 'Image board',
    items: [
      { keys: [MOD, 'Enter'], description: 'Generate with the prompt panel' },
      { keys: ['←', '→', '↑', '↓'], description: 'Move between images in the results grid' },
      { keys: ['Enter'], description: 'Open the focused image on the canvas' },
      { keys: ['Esc'], description: 'Back from the canvas to the board' },
      { keys: ['←', '→'], description: 'Canvas: previous / next image' },
      { keys: ['+', '−'], description: 'Canvas: zoom in / out (the mouse wheel zooms at the pointer)' },
      { keys: ['0'], description: 'Canvas: fit the image to the view' },
      { keys: ['1'], description: 'Canvas: show the image at 100%' },
      { keys: ['Shift', '↑'], description: 'Canvas: pan with Shift and the arrow keys (or drag)' },
      { keys: ['S'], description: 'Canvas: star or unstar the image' },
      { keys: ['Delete'], description: 'Move the focused or open image to the trash (Undo in the notice)' },
    ],
  },
  {
    group: 'Version tree (history)',
    items: [
      { keys: ['↑', '↓'], description: 'Parent / child (towards the current version)' },
      { keys: ['←', '→'], description: 'Previous / next sibling' },
      { keys: ['Home', 'End'], description: 'First / last version' },
      { keys: ['Enter'], description: 'Open the focused version' },
      { keys: ['S'], description: 'Star or unstar it' },
      { keys: ['T', 'N'], description: 'Edit its tags / its note' },
      { keys: ['Delete'], description: 'Move it to the trash (Undo in the notice)' },
    ],
  },
  {
    group: 'Compare',
    items: [
      { keys: ['+', '−'], description: 'Zoom every image pane in / out together (wheel zooms at the pointer, drag pans)' },
      { keys: ['0'], description: 'Fit the images again' },
      { keys: ['←', '→'], description: 'Slider view: move the wipe line (with the slider focused)' },
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
