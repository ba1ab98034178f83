// What an empty document shows: the keys that write with the model.
import { MOD } from '../../ui/platformKeys';

export function EmptyHint({ alternatives }: { alternatives: number }) {
  return (
    <div className="write-empty" data-testid="write-empty-hint">
      <p className="write-empty-title">Write a line or two, then let the model carry on.</p>
      <ul className="write-empty-keys">
        <li>
          <kbd>{MOD}</kbd>
          <kbd>Enter</kbd> continues from the cursor, in grey while it streams
        </li>
        <li>
          <kbd>Tab</kbd> keeps it · <kbd>Esc</kbd> rejects it (it stays in the version tree)
        </li>
        <li>
          <kbd>{MOD}</kbd>
          <kbd>Shift</kbd>
          <kbd>Enter</kbd> writes {alternatives} alternatives side by side; <kbd>1</kbd>–<kbd>{Math.min(Math.max(alternatives, 1), 8)}</kbd> keeps one
        </li>
        <li>Hover model text for the words it almost chose, and branch from any of them</li>
        <li>
          Select text, then <kbd>{MOD}</kbd>
          <kbd>Shift</kbd>
          <kbd>E</kbd> rewrites it as you say (instruct models)
        </li>
      </ul>
    </div>
  );
}
