// Everything the library knows about one model: where its files are, what the last check read
// (facts, ONNX files with opset and load time), the memory estimate behind "fits / may be slow /
// won't fit", and every problem and warning it found.
import { useEffect, useState } from 'react';
import type { ModelDetail } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { formatFull } from '../../ui/formatTime';
import { ProblemList } from './ProblemList';
import { FIT_LABELS, SOURCE_LABELS, STATUS_LABELS, formatBytes, sourceLabel } from './format';

const FACT_LABELS: Record<string, string> = {
  architecture: 'Architecture',
  onnxFile: 'ONNX file used',
  layers: 'Layers',
  vocabSize: 'Vocabulary (config)',
  tokenizerVocab: 'Vocabulary (tokenizer)',
  contextLength: 'Context length',
  kvHeads: 'KV heads',
  headDim: 'Head size',
  defaultSize: 'Default image size',
  latentChannels: 'Latent channels',
  latentDim: 'Latent size',
  classes: 'Classes',
  imageSize: 'Image size',
  scale: 'Scale',
};

function factLabel(key: string): string {
  if (FACT_LABELS[key]) return FACT_LABELS[key];
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function factValue(v: string | number | boolean | null): string {
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return v.toLocaleString();
  return v;
}

/** The model card text, fetched when the details open; shown as plain preformatted text. */
function CardText({ id }: { id: string }) {
  const client = useClient();
  const [card, setCard] = useState<{ file: string; text: string } | null | 'loading' | 'error'>('loading');
  useEffect(() => {
    let live = true;
    client.call('models.card', { id }).then(
      (c) => live && setCard(c),
      () => live && setCard('error'),
    );
    return () => {
      live = false;
    };
  }, [client, id]);
  if (card === 'loading') return <span className="muted">Reading the card…</span>;
  if (card === 'error' || card === null) return <span className="muted">The card could not be read</span>;
  return (
    <details>
      <summary>{card.file}</summary>
      <pre className="model-card-text" data-testid="model-card-text">
        {card.text}
      </pre>
    </details>
  );
}

export function ModelDetails({ detail }: { detail: ModelDetail }) {
  const pf = detail.preflightResult;
  const mem = pf?.memory ?? null;
  const from = sourceLabel(detail);
  const facts = pf ? Object.entries(pf.facts).filter(([, v]) => v !== null && v !== '') : [];

  return (
    <div className="details-grid">
      <dl className="facts details-facts">
        <dt>Stored</dt>
        <dd>{SOURCE_LABELS[detail.source]}</dd>
        <dt>Folder</dt>
        <dd className="mono selectable" data-testid="model-dir">
          {detail.dir}
        </dd>
        {from && (
          <>
            <dt>From</dt>
            <dd className="mono selectable">{from}</dd>
          </>
        )}
        {detail.createdAt !== null && (
          <>
            <dt>Added</dt>
            <dd>{formatFull(detail.createdAt)}</dd>
          </>
        )}
        <dt>Licence</dt>
        <dd>{detail.licence ?? 'Not stated in the folder'}</dd>
        <dt>Model card</dt>
        <dd data-testid="model-card">
          {detail.modelCard ? (
            <CardText id={detail.id} />
          ) : (
            'None in the folder'
          )}
        </dd>
        <dt>Check</dt>
        <dd>
          {pf ? (
            <>
              {STATUS_LABELS[pf.status]} · {formatFull(pf.checkedAt)} · {Math.max(1, Math.round(pf.durationMs))} ms in a separate process with
              onnxruntime {pf.ortVersion}
            </>
          ) : (
            'Not checked yet: press Verify.'
          )}
        </dd>
        {mem && (
          <>
            <dt>Memory</dt>
            <dd data-testid="model-memory">
              {pf?.fit ? `${FIT_LABELS[pf.fit]}: ` : ''}needs about {formatBytes(mem.totalBytes)} ({formatBytes(mem.weightsBytes)} weights +{' '}
              {formatBytes(mem.runtimeBytes)} working memory, {mem.basis}); {formatBytes(mem.freeBytes)} free of {formatBytes(mem.totalMemoryBytes)}
            </dd>
          </>
        )}
        {facts.map(([key, value]) => (
          <FactRow key={key} label={factLabel(key)} value={factValue(value)} />
        ))}
      </dl>

      {pf && pf.problems.length > 0 && (
        <div>
          <h3 className="section-label details-subhead">Problems</h3>
          <ProblemList problems={pf.problems} tone="problem" testId="model-detail-problems" />
        </div>
      )}
      {pf && pf.warnings.length > 0 && (
        <div>
          <h3 className="section-label details-subhead">Warnings</h3>
          <ProblemList problems={pf.warnings} tone="warning" testId="model-detail-warnings" />
        </div>
      )}

      {pf && pf.files.length > 0 && (
        <div>
          <h3 className="section-label details-subhead">ONNX files</h3>
          <table className="onnx-table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Size</th>
                <th scope="col">Opset</th>
                <th scope="col">Inputs</th>
                <th scope="col">Load</th>
              </tr>
            </thead>
            <tbody>
              {pf.files.map((f) => (
                <tr key={f.file}>
                  <td className="mono">{f.file}</td>
                  <td>{formatBytes(f.sizeBytes)}</td>
                  <td>{f.opset ?? '—'}</td>
                  <td className="mono onnx-inputs" title={f.inputs.map((i) => `${i.name} ${i.type} [${i.shape.join(', ')}]`).join('\n')}>
                    {f.inputs.length > 3 ? `${f.inputs.slice(0, 3).map((i) => i.name).join(', ')} +${f.inputs.length - 3}` : f.inputs.map((i) => i.name).join(', ')}
                  </td>
                  <td>{f.openMs === null ? '—' : `${Math.round(f.openMs)} ms`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function FactRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
