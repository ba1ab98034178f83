// "Compare versions…" above the tree: pick 2–4 rows (a click or Enter picks while picking), then
// open them side by side in the compare view.
//
// Test ids: version-compare-start / version-compare (data-count) / version-compare-cancel
import { GitCompareArrows } from 'lucide-react';
import { Button } from '../../ui/Button';
import { MIN_COMPARE } from '../compare/navigation';

interface Props {
  picking: string[] | null;
  onStart(): void;
  onCancel(): void;
  onCompare(): void;
}

export function ComparePicker({ picking, onStart, onCancel, onCompare }: Props) {
  if (!picking) {
    return (
      <div className="vtree-compare">
        <Button small variant="ghost" icon={<GitCompareArrows size={14} />} onClick={onStart} data-testid="version-compare-start">
          Compare versions…
        </Button>
      </div>
    );
  }
  return (
    <div className="vtree-compare vtree-compare-active" role="group" aria-label="Pick versions to compare">
      <span className="small muted">{picking.length === 0 ? 'Pick 2–4 versions' : `${picking.length} picked`}</span>
      <Button small variant="primary" disabled={picking.length < MIN_COMPARE} onClick={onCompare} data-testid="version-compare" data-count={picking.length}>
        Compare
      </Button>
      <Button small variant="ghost" onClick={onCancel} data-testid="version-compare-cancel">
        Cancel
      </Button>
    </div>
  );
}
