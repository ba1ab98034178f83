// The curated catalogue (shared/catalogue.ts): known-good ONNX models with their size, licence and
// what each is good for; one click queues the usual Hub download job with the entry's file filter.
// An entry already in the library, or being downloaded, says so instead of offering the button.
import { Download } from 'lucide-react';
import { useState } from 'react';
import { CATALOGUE, hubSourcePrefix, type CatalogueEntry } from '../../../shared/catalogue';
import type { Job, LibraryModel } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { Button } from '../../ui/Button';
import { InlineError } from '../../ui/InlineError';
import { KIND_LABELS, formatBytes } from './format';

interface CatalogueListProps {
  live: LibraryModel[] | null;
  jobs: Job[];
  onStarted(job: Job): void;
  onShowModel(id: string): void;
}

const ACTIVE = new Set(['queued', 'running']);

export function CatalogueList({ live, jobs, onStarted, onShowModel }: CatalogueListProps) {
  const client = useClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function get(entry: CatalogueEntry) {
    setBusy(entry.id);
    setError(null);
    try {
      onStarted(await client.call('models.download', { repo: entry.repo, revision: entry.revision, include: entry.include, name: entry.name }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="catalogue" data-testid="catalogue">
      <p className="muted small">
        Models known to work with Atelier. Sizes are approximate (the Hub&apos;s listing when the entry was written); the download checks the
        disk space it really needs and verifies every file.
      </p>
      <InlineError message={error} />
      <ul className="catalogue-list">
        {CATALOGUE.map((entry) => {
          const installed = live?.find((m) => m.sourcePath?.startsWith(hubSourcePrefix(entry.repo)));
          const downloading = jobs.some((j) => j.kind === 'download-model' && ACTIVE.has(j.status) && (j.payload as { repo?: string }).repo === entry.repo);
          return (
            <li key={entry.id} className="catalogue-item" data-testid="catalogue-item" data-entry={entry.id} data-repo={entry.repo} data-installed={String(Boolean(installed))}>
              <div className="catalogue-head">
                <span className="model-name">{entry.name}</span>
                <span className="tag tag-quiet">{KIND_LABELS[entry.kind]}</span>
                <span className="model-id mono">{entry.repo}</span>
              </div>
              <p className="catalogue-good">{entry.goodFor}</p>
              <p className="model-facts">
                <span className="model-facts-line">
                  <span className="model-fact" data-testid="catalogue-size">
                    ≈ {formatBytes(entry.approxBytes)}
                  </span>
                  <span className="model-fact">{entry.quantisation}</span>
                  <span className="model-fact" data-testid="catalogue-licence">
                    Licence: {entry.licence}
                  </span>
                </span>
              </p>
              {entry.note && <p className="model-note">{entry.note}</p>}
              <div className="catalogue-actions">
                {installed ? (
                  <Button small variant="ghost" onClick={() => onShowModel(installed.id)} data-testid="catalogue-installed">
                    In the library as {installed.id}
                  </Button>
                ) : downloading ? (
                  <span className="muted small" data-testid="catalogue-downloading">
                    Downloading…
                  </span>
                ) : (
                  <Button small icon={<Download size={14} aria-hidden />} disabled={busy !== null} onClick={() => void get(entry)} aria-label={`Download ${entry.name}`} data-testid="catalogue-download">
                    Download
                  </Button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
