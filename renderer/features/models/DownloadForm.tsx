// Download a model from the Hugging Face Hub by repository id. The download runs as a queue job:
// resumable (HTTP Range) and verified (sha256) file by file, checked like an import at the end.
import { Download } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { DownloadModelRequest, Job } from '../../../shared/contract';
import { AtelierError } from '../../../shared/errors';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { fieldError } from '../../app/fieldError';
import { Button } from '../../ui/Button';
import { InlineError } from '../../ui/InlineError';

/** "onnx/model_q4.onnx, *.json" or one per line → the globs. */
export function parseGlobs(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function downloadError(err: unknown): string {
  if (!(err instanceof AtelierError) || err.code !== 'BAD_INPUT') return errorMessage(err);
  for (const [field, noun] of [
    ['repo', 'repository'],
    ['revision', 'revision'],
    ['include', 'file list'],
    ['name', 'name'],
  ] as const) {
    const worded = fieldError(err, field, noun);
    if (worded !== errorMessage(err)) return worded;
  }
  return errorMessage(err);
}

export function DownloadForm({ onStarted }: { onStarted(job: Job): void }) {
  const client = useClient();
  const ids = useId();
  const [repo, setRepo] = useState('');
  const [revision, setRevision] = useState('');
  const [include, setInclude] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const request: DownloadModelRequest = { repo: repo.trim() };
    if (revision.trim()) request.revision = revision.trim();
    const globs = parseGlobs(include);
    if (globs.length) request.include = globs;
    if (name.trim()) request.name = name.trim();
    try {
      const job = await client.call('models.download', request);
      onStarted(job);
      setRepo('');
      setRevision('');
      setInclude('');
      setName('');
    } catch (err) {
      setError(downloadError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="model-form" onSubmit={(e) => void submit(e)} data-testid="download-form" aria-label="Download from Hugging Face">
      <div className="field-row">
        <div className="field field-grow">
          <label htmlFor={`${ids}-repo`} className="field-label">
            Repository
          </label>
          <input
            id={`${ids}-repo`}
            className="input mono-input"
            value={repo}
            onChange={(e) => setRepo(e.target.value)}
            placeholder="owner/model-name-onnx"
            spellCheck={false}
            autoComplete="off"
            required
            aria-describedby={`${ids}-repo-hint`}
            aria-invalid={error ? true : undefined}
            data-testid="download-repo"
          />
        </div>
        <div className="field field-narrow">
          <label htmlFor={`${ids}-rev`} className="field-label">
            Revision
          </label>
          <input
            id={`${ids}-rev`}
            className="input mono-input"
            value={revision}
            onChange={(e) => setRevision(e.target.value)}
            placeholder="main"
            spellCheck={false}
            autoComplete="off"
            data-testid="download-revision"
          />
        </div>
      </div>
      <p className="field-hint" id={`${ids}-repo-hint`}>
        A Hugging Face repository with ONNX files, as in its address (huggingface.co/<span className="mono">owner/name</span>). Revision: a
        branch, tag or commit.
      </p>

      <div className="field-row">
        <div className="field field-grow">
          <label htmlFor={`${ids}-include`} className="field-label">
            Only these files <span className="muted">(optional)</span>
          </label>
          <input
            id={`${ids}-include`}
            className="input mono-input"
            value={include}
            onChange={(e) => setInclude(e.target.value)}
            placeholder="onnx/model_q4.onnx, *.json"
            spellCheck={false}
            autoComplete="off"
            aria-describedby={`${ids}-include-hint`}
            data-testid="download-include"
          />
        </div>
        <div className="field field-narrow">
          <label htmlFor={`${ids}-name`} className="field-label">
            Name <span className="muted">(optional)</span>
          </label>
          <input id={`${ids}-name`} className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="The repo's name" data-testid="download-name" />
        </div>
      </div>
      <p className="field-hint" id={`${ids}-include-hint`}>
        Comma-separated patterns. Leave empty for every file an ONNX model needs; choose one quantisation with e.g.{' '}
        <span className="mono">onnx/model_q4.onnx</span>.
      </p>

      <div className="form-actions">
        <Button type="submit" variant="primary" icon={<Download size={16} aria-hidden />} disabled={busy || !repo.trim()} data-testid="download-submit">
          {busy ? 'Starting…' : 'Download'}
        </Button>
        <span className="field-hint">Runs in the queue; pause and resume keep what was fetched, and every file is checked (sha256).</span>
      </div>
      <InlineError message={error} testId="download-error" />
    </form>
  );
}
