// The order the sampler stages run in: move a stage up or down, skip it, add it back.
import { ArrowDown, ArrowUp, X } from 'lucide-react';
import { SAMPLER_STAGES, type SamplerStage } from '../../../shared/contract';
import { Button, IconButton } from '../../ui/Button';

export const STAGE_LABELS: Record<SamplerStage, string> = {
  penalties: 'Penalties',
  'no-repeat-ngram': 'No-repeat n-gram',
  temperature: 'Temperature',
  'top-k': 'Top-K',
  'typical-p': 'Typical-P',
  'top-p': 'Top-P',
  'min-p': 'Min-P',
};

export function SamplerOrder({ order, onChange, issue }: { order: SamplerStage[]; onChange(next: SamplerStage[]): void; issue: string | null }) {
  const missing = SAMPLER_STAGES.filter((s) => !order.includes(s));
  const move = (i: number, by: -1 | 1) => {
    const next = [...order];
    const j = i + by;
    if (j < 0 || j >= next.length) return;
    [next[i], next[j]] = [next[j] as SamplerStage, next[i] as SamplerStage];
    onChange(next);
  };
  return (
    <>
      <p className="muted small">The order the stages shape the next-token choice. Leave one out to skip it.</p>
      <ol className="sampler-order" data-testid="write-sampler-order">
        {order.map((stage, i) => (
          <li key={stage}>
            <span className="sampler-order-index">{i + 1}</span>
            <span className="sampler-order-name">{STAGE_LABELS[stage]}</span>
            <IconButton small label={`Move ${STAGE_LABELS[stage]} up`} icon={<ArrowUp size={14} />} disabled={i === 0} onClick={() => move(i, -1)} />
            <IconButton
              small
              label={`Move ${STAGE_LABELS[stage]} down`}
              icon={<ArrowDown size={14} />}
              disabled={i === order.length - 1}
              onClick={() => move(i, 1)}
            />
            <IconButton small label={`Skip ${STAGE_LABELS[stage]}`} icon={<X size={14} />} onClick={() => onChange(order.filter((s) => s !== stage))} />
          </li>
        ))}
      </ol>
      {missing.length > 0 && (
        <div className="sampler-order-skipped">
          <span className="muted small">Skipped:</span>
          {missing.map((stage) => (
            <Button key={stage} small variant="ghost" onClick={() => onChange([...order, stage])}>
              + {STAGE_LABELS[stage]}
            </Button>
          ))}
        </div>
      )}
      {issue && <p className="field-issue">{issue}</p>}
    </>
  );
}
