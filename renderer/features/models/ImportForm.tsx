// Import a model folder from this computer: where it is, copy or use in place, an optional name
// and kind. The host checks it in a separate process before anything joins the library; a refusal
// is shown here, with every problem the check found, and nothing in the library changes.
import { FolderInput } from 'lucide-react';
import { useId, useRef, useState, type FormEvent } from 'react';
import type { ImportModelRequest, ModelDetail, ModelKind, PreflightProblem } from '../../../shared/contract';
import { AtelierError } from '../../../shared/errors';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { fieldError } from '../../app/fieldError';
import { Button } from '../../ui/Button';
import { ProgressBar } from '../../ui/ProgressBar';
import { ProblemList } from './ProblemList';
import { FIT_LABELS, KIND_LABELS, STATUS_LABELS, formatBytes } from './format';

interface Refusal {
  headline: string;
  message: string;
  problems: PreflightProblem[];
}

const HEADLINES: Record<string, string> = {
  MODEL_INVALID: 'This folder cannot be used as a model. Nothing was added to the library.',
  BAD_INPUT: 'Atelier cannot import from this path.',
  CONFLICT: 'This folder is already in the library.',
  NOT_FOUND: 'Atelier cannot find this folder.',
};

function refusal(err: unknown): Refusal {
  const code = err instanceof AtelierError ? err.code : 'INTERNAL';
  const details = err instanceof AtelierError ? (err.details as { problems?: unknown } | undefined) : undefined;
  const problems = Array.isArray(details?.problems) ? (details.problems as PreflightProblem[]) : [];
  return {
    headline: HEADLINES[code] ?? 'The import did not finish.',
    message: code === 'BAD_INPUT' ? fieldError(err, 'path', 'path') : errorMessage(err),
    problems,
  };
}

export function ImportForm({ onImported }: { onImported(model: ModelDetail): void }) {
  const client = useClient();
  const ids = useId();
  const [path, setPath] = useState('');
  const [mode, setMode] = useState<'copy' | 'reference'>('copy');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ModelKind | ''>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Refusal | null>(null);
  const [done, setDone] = useState<ModelDetail | null>(null);
  const pathRef = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    const request: ImportModelRequest = { path: path.trim(), mode };
    if (name.trim()) request.name = name.trim();
    if (kind) request.kind = kind;
    try {
      const model = await client.call('models.import', request);
      setDone(model);
      setPath('');
      setName('');
      onImported(model);
    } catch (err) {
      setError(refusal(err));
    } finally {
      setBusy(false);
      // The submit button pressed from the keyboard was disabled while the check ran, which drops
      // focus to the page's start; the path field (described by the outcome) is where to go on.
      requestAnimationFrame(() => {
        if (!document.activeElement || document.activeElement === document.body) pathRef.current?.focus();
      });
    }
  }

  const hintId = `${ids}-hint`;
  const errorId = `${ids}-error`;
  const warnings = done?.preflightResult?.warnings ?? [];

  return (
    <form className="model-form" onSubmit={(e) => void submit(e)} data-testid="import-form" aria-label="Import a model folder">
      <div className="field">
        <label htmlFor={`${ids}-path`} className="field-label">
          Model folder
        </label>
        <input
          id={`${ids}-path`}
          ref={pathRef}
          className="input mono-input"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="/home/you/models/my-model-onnx"
          spellCheck={false}
          autoComplete="off"
          required
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          aria-invalid={error ? true : undefined}
          data-testid="import-path"
        />
        <p className="field-hint" id={hintId}>
          The full path of the folder on this computer, as your file manager shows it: the whole folder with the .onnx files and, for
          a text model, config.json and tokenizer.json.
        </p>
      </div>

      <fieldset className="field choice-group">
        <legend className="field-label">Keep the files</legend>
        <label className="choice">
          <input type="radio" name={`${ids}-mode`} checked={mode === 'copy'} onChange={() => setMode('copy')} data-testid="import-mode-copy" />
          <span>
            <span className="choice-title">Copy into the library</span>
            <span className="choice-hint">Safe if the original is moved or deleted; uses disk space.</span>
          </span>
        </label>
        <label className="choice">
          <input
            type="radio"
            name={`${ids}-mode`}
            checked={mode === 'reference'}
            onChange={() => setMode('reference')}
            data-testid="import-mode-reference"
          />
          <span>
            <span className="choice-title">Use in place</span>
            <span className="choice-hint">No copy; the folder must stay where it is.</span>
          </span>
        </label>
      </fieldset>

      <div className="field-row">
        <div className="field">
          <label htmlFor={`${ids}-name`} className="field-label">
            Name <span className="muted">(optional)</span>
          </label>
          <input
            id={`${ids}-name`}
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="The folder's name"
            data-testid="import-name"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-kind`} className="field-label">
            Kind
          </label>
          <select id={`${ids}-kind`} className="input" value={kind} onChange={(e) => setKind(e.target.value as ModelKind | '')} data-testid="import-kind">
            <option value="">Detect from the files</option>
            {(Object.keys(KIND_LABELS) as ModelKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
      </div>

      <div className="form-actions">
        <Button type="submit" variant="primary" icon={<FolderInput size={16} aria-hidden />} disabled={busy || !path.trim()} data-testid="import-submit">
          {busy ? 'Importing…' : 'Import and check'}
        </Button>
      </div>

      {busy && (
        <div className="form-busy" role="status">
          <ProgressBar value={null} label="Import progress" />
          <p className="field-hint">
            {mode === 'copy' ? 'Copying and hashing the files, then' : 'Hashing the files, then'} opening every ONNX file in a separate process…
          </p>
        </div>
      )}

      {error && (
        <div className="form-outcome form-outcome-error" role="alert" id={errorId} data-testid="import-error">
          <p className="outcome-headline">{error.headline}</p>
          <p className="outcome-message" data-testid="import-error-message">
            {error.message}
          </p>
          {error.problems.length > 1 && <ProblemList problems={error.problems} tone="problem" testId="import-problems" />}
        </div>
      )}

      {done && (
        <div className="form-outcome form-outcome-ok" role="status" data-testid="import-result">
          <p className="outcome-headline">
            Imported “{done.name}” as {KIND_LABELS[done.kind].toLowerCase()} model <span className="mono">{done.id}</span>
          </p>
          <p className="outcome-message">
            {formatBytes(done.sizeBytes)} in {done.fileCount} files · {STATUS_LABELS[done.preflight.status]}
            {done.preflight.fit && ` · ${FIT_LABELS[done.preflight.fit]}`}
          </p>
          {warnings.length > 0 && <ProblemList problems={warnings} tone="warning" testId="import-warnings" />}
        </div>
      )}
    </form>
  );
}
