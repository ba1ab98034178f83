// In-betweens: while two images are being picked on the board, this bar says which two, how many
// images to make between them, and queues images.interpolate. The host explains a pair it refuses
// (different garments, different sizes, an enhanced copy); the reason shows right here.
import { Waypoints } from 'lucide-react';
import { useId, useState } from 'react';
import type { Job, ProviderChoice } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { Button } from '../../ui/Button';
import { InlineError } from '../../ui/InlineError';
import { NumberField } from './NumberField';
import type { Board } from './useBoard';

export const INTERPOLATE_PICKS = 2;

/** Keeps the last two picks (a third click drops the oldest); a picked image unpicks. */
export function togglePair(list: string[], id: string): string[] {
  if (list.includes(id)) return list.filter((x) => x !== id);
  return [...list, id].slice(-INTERPOLATE_PICKS);
}

interface InterpolateBarProps {
  picked: string[];
  board: Board;
  provider: ProviderChoice;
  onQueued(job: Job, label: string): void;
  onCancel(): void;
}

export function InterpolateBar({ picked, board, provider, onQueued, onCancel }: InterpolateBarProps) {
  const client = useClient();
  const id = useId();
  const [count, setCount] = useState('4');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const n = Number(count);
  const countOk = Number.isInteger(n) && n >= 1 && n <= 8;
  const names = picked.map((p) => `#${board.byId.get(p)?.number ?? '?'}`);

  async function queue() {
    if (picked.length !== INTERPOLATE_PICKS || !countOk || busy) return;
    setBusy(true);
    setError(null);
    try {
      const job = await client.call('images.interpolate', { fromId: picked[0] as string, toId: picked[1] as string, count: n, provider });
      onQueued(job, `${n} in-between${n === 1 ? '' : 's'} of ${names.join(' and ')}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="img-pickbar" role="group" aria-label="Images between two images">
      <span className="small muted" data-testid="image-interpolate-picked">
        {picked.length === 0 ? 'Pick two images' : picked.length === 1 ? `From ${names[0]}: pick one more` : `From ${names[0]} to ${names[1]}`}
      </span>
      <label className="img-label" htmlFor={id}>
        Images between
      </label>
      <NumberField
        id={id}
        width="xs"
        min={1}
        max={8}
        testId="image-interpolate-count"
        value={count}
        invalid={!countOk}
        onValue={(v) => {
          setCount(v);
          setError(null);
        }}
      />
      <Button
        small
        variant="primary"
        icon={<Waypoints size={14} />}
        disabled={picked.length !== INTERPOLATE_PICKS || !countOk || busy}
        onClick={() => void queue()}
        data-testid="image-interpolate"
        data-count={picked.length}
      >
        {busy ? 'Queuing…' : 'Make in-betweens'}
      </Button>
      <Button small variant="ghost" onClick={onCancel} data-testid="image-interpolate-cancel">
        Cancel
      </Button>
      {!countOk && <InlineError message="Make 1 to 8 images at a time." testId="image-interpolate-count-error" />}
      <InlineError message={error} testId="image-interpolate-error" />
    </div>
  );
}
