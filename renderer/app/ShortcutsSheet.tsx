// The `?` sheet: every shortcut in one place.
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { SHORTCUTS } from './shortcuts';

export function ShortcutsSheet({ onClose }: { onClose(): void }) {
  return (
    <Dialog
      title="Keyboard shortcuts"
      onClose={onClose}
      testId="shortcuts-sheet"
      footer={
        <Button autoFocus onClick={onClose}>
          Close
        </Button>
      }
    >
      {SHORTCUTS.map(({ group, items }) => (
        <section key={group} className="shortcut-group">
          <h3 className="section-label">{group}</h3>
          <dl className="shortcuts">
            {items.map((s) => (
              <div key={s.description} className="shortcut">
                <dt>
                  {s.keys.map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </dt>
                <dd>{s.description}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </Dialog>
  );
}
