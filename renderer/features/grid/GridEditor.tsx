// A new grid: one or two axes picked from the recipe settings the host can sweep, their values as
// text (`0.2-1.0 (+0.2)`, `1-4`, `1,5,9`, `S/R: cat, dog`), and the plan (cell count, or the
// host's BAD_INPUT naming the axis) shown before anything starts.
import { Play } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import type { Grid, GridPlan, GridSpecInput } from '../../../shared/contract';
import { axisName } from '../../../shared/grids/axes';
import { useClient } from '../../app/ClientContext';
import { useLiveQuery } from '../../app/useLiveQuery';
import { errorMessage } from '../../app/errorMessage';
import { Button } from '../../ui/Button';
import { InlineError } from '../../ui/InlineError';
import { randomSeed } from '../image/settings';
import { defaultAxes, offeredAxes, type AxisDraft } from './axisChoices';
import type { GridBase } from './GridButton';
import { estimateGrid } from './estimate';
import { withVariationSeed } from './variationSeed';

/** What the values field suggests for each kind of setting. */
const EXAMPLES: Record<string, string> = {
  seed: '1,2,3',
  model: 'model-a, model-b',
  prompt: 'S/R: cat, dog, fox',
  temperature: '0.2-1.0 (+0.2)',
  topP: '0.8, 0.9, 1',
  minP: '0, 0.05, 0.1',
  topK: '0, 20, 40',
  typicalP: '0.8, 1',
  repetitionPenalty: '1-1.3 (+0.1)',
  maxNewTokens: '16, 32',
  steps: '1-4',
  cfg: '1, 4, 7.5',
  scheduler: 'euler, ddim',
  strength: '0.3-0.9 (+0.3)',
  width: '256, 512',
  height: '256, 512',
  variationStrength: '0-1 [5]',
};

/** The axis' name, as the host's errors say it too. */
export const fieldName = axisName;

interface Props {
  kind: 'text' | 'image';
  base: GridBase;
  onStarted(grid: Grid): void;
}

export function GridEditor({ kind, base, onStarted }: Props) {
  const client = useClient();
  const modelKind = base.ok ? base.modelKind : null;
  const fields = offeredAxes(kind, modelKind);
  const [x, setX] = useState<AxisDraft>(() => defaultAxes(kind, modelKind).x);
  const [y, setY] = useState<AxisDraft | null>(() => defaultAxes(kind, modelKind).y);
  // Picked once per editor, so the plan and the start agree.
  const [variationSeed] = useState(randomSeed);
  const [name, setName] = useState('');
  const [plan, setPlan] = useState<{ key: string; plan: GridPlan | null; error: string | null } | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  // Which cells are GAN runs (one pass), for the time estimate.
  const { data: models } = useLiveQuery('models', (c) => c.call('models.list', {}));

  const swept = [x.field, ...(y ? [y.field] : [])];
  const request = base.ok ? withVariationSeed(base.request, swept, variationSeed) : null;
  const addedSeed = request && request !== (base.ok ? base.request : null) ? variationSeed : null;
  const spec: GridSpecInput | null = request
    ? ({
        kind,
        ...(name.trim() ? { name: name.trim() } : {}),
        base: request,
        x: { field: x.field, values: x.values },
        y: y ? { field: y.field, values: y.values } : null,
      } as GridSpecInput)
    : null;
  const key = JSON.stringify(spec);

  // The plan follows the form (debounced); an empty values field is a local problem.
  useEffect(() => {
    if (!spec) return;
    const empty = [x, y].find((a) => a && a.values.trim() === '');
    if (empty) {
      setPlan({ key, plan: null, error: `${fieldName(empty.field)} axis: give at least one value` });
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      client.call('grids.plan', spec).then(
        (p) => live && setPlan({ key, plan: p, error: null }),
        (err: unknown) => live && setPlan({ key, plan: null, error: errorMessage(err) }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The key is the spec, serialized.
  }, [client, key]);

  const current = plan?.key === key ? plan : null;
  const p = current?.plan ?? null;

  async function start() {
    if (!spec || !p || starting) return;
    setStarting(true);
    setStartError(null);
    try {
      onStarted(await client.call('grids.start', spec));
    } catch (err) {
      setStartError(errorMessage(err));
    } finally {
      setStarting(false);
    }
  }

  return (
    <form
      className="grid-editor"
      data-testid="grid-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      {!base.ok && <InlineError message={base.message} testId="grid-base-error" />}
      <AxisRow label="X axis (columns)" axis={x} fields={fields} testId="grid-x" onChange={(a) => a && setX(a)} />
      <AxisRow label="Y axis (rows)" axis={y} fields={fields} testId="grid-y" optional onChange={setY} />
      {addedSeed !== null && (
        <p className="muted small" data-testid="grid-variation-seed">
          Variation strength blends each seed toward variation seed {addedSeed}.
        </p>
      )}
      <label className="grid-field">
        <span className="grid-field-label">Name</span>
        <input className="input" value={name} placeholder="Named after its axes when empty" maxLength={120} onChange={(e) => setName(e.target.value)} data-testid="grid-name" />
      </label>
      <div className="grid-plan" aria-live="polite">
        {current?.error ? (
          <InlineError message={current.error} testId="grid-plan-error" />
        ) : p ? (
          <p data-testid="grid-count" data-count={p.count}>
            <strong>
              {p.axes.x.values.length}
              {p.axes.y ? ` × ${p.axes.y.values.length}` : ''} = {p.count} cell{p.count === 1 ? '' : 's'}
            </strong>
            {request && <span className="muted"> · {estimateGrid(p, request, (m) => models?.find((x) => x.id === m)?.kind)}</span>}
            {p.models.length > 1 && <span className="muted"> · {p.models.length} models, each loaded once</span>}
          </p>
        ) : (
          <p className="muted">{base.ok ? 'Counting the cells…' : ''}</p>
        )}
      </div>
      <InlineError message={startError} testId="grid-start-error" />
      <div className="grid-editor-actions">
        <Button type="submit" variant="primary" icon={<Play size={14} />} disabled={!p || starting} data-testid="grid-start">
          {p ? `Start ${p.count} cell${p.count === 1 ? '' : 's'}` : 'Start'}
        </Button>
      </div>
    </form>
  );
}

function AxisRow({
  label,
  axis,
  fields,
  testId,
  optional,
  onChange,
}: {
  label: string;
  axis: AxisDraft | null;
  fields: string[];
  testId: string;
  optional?: boolean;
  onChange(a: AxisDraft | null): void;
}) {
  const id = useId();
  return (
    <fieldset className="grid-axis">
      <legend className="grid-field-label">{label}</legend>
      <select
        className="input grid-axis-field"
        id={`${id}-field`}
        aria-label={`${label}: setting`}
        value={axis?.field ?? ''}
        onChange={(e) => {
          const field = e.target.value;
          onChange(field ? { field, values: axis && axis.field === field ? axis.values : (EXAMPLES[field] ?? '') } : null);
        }}
        data-testid={`${testId}-field`}
      >
        {optional && <option value="">None (one row)</option>}
        {fields.map((f) => (
          <option key={f} value={f}>
            {fieldName(f)}
          </option>
        ))}
      </select>
      {axis && (
        <input
          className="input grid-axis-values"
          aria-label={`${label}: values`}
          value={axis.values}
          placeholder={EXAMPLES[axis.field] ?? '1,2,3'}
          spellCheck={false}
          onChange={(e) => onChange({ ...axis, values: e.target.value })}
          data-testid={`${testId}-values`}
        />
      )}
      {axis && <span className="grid-axis-hint muted small">e.g. {EXAMPLES[axis.field] ?? '1,2,3'}</span>}
    </fieldset>
  );
}
