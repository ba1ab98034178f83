// The model library. Stable test ids (Playwright drives the UI by these; keep them when restyling):
//   open-models            top-bar button that opens this view
//   models-view / models-tab-library / models-tab-trash (data-count)
//   models-devices / models-provider (data-provider, data-available) / models-device-choice
//   open-import / import-form / import-path / import-mode-copy / import-mode-reference / import-name
//   import-kind / import-submit / import-error / import-error-message / import-problems
//   import-result / import-warnings
//   open-download / download-form / download-repo / download-revision / download-include
//   download-name / download-submit / download-error
//   download-item (data-status, data-job-id, data-repo) / download-progress / download-paused
//   download-pause / download-resume / download-retry / download-done / download-show-model
//   download-error-message
//   model-item (data-model-id, data-kind, data-starter, data-status) / model-name / model-starter
//   model-facts / model-size / model-licence / model-card-link / model-status (data-status)
//   model-fit (data-fit) / model-device / model-verify / model-verify-result (data-ok)
//   model-problems / model-warnings / model-details-toggle / model-details / model-dir / model-card
//   model-memory / model-detail-problems / model-detail-warnings / model-remove / model-restore
//   models-empty-trash     the empty state of the Trash tab
//   open-catalogue / catalogue / catalogue-item (data-entry, data-repo, data-installed) / catalogue-size /
//   catalogue-licence / catalogue-download / catalogue-downloading / catalogue-installed
//   settings-provider / settings-budget / settings-budget-save / settings-loaded (data-count) /
//   settings-loaded-item (data-label, data-provider) / settings-cache (data-entries)
//   model-runs-on (data-providers) / model-fit-provider / model-provider-choice / model-fallback
//   model-retry-devices / model-retry-devices-done (try this model's failed devices again)
//   model-delete-forever (trash rows) → confirm-dialog with delete-summary (data-bytes, data-removes-files)
import { Boxes, Download, FolderInput, Library, Trash2 } from 'lucide-react';
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { Job, LibraryModel, ModelDeleteSummary, ModelUsage } from '../../../shared/contract';
import { modelUsageSentence } from '../../../shared/model-usage-words';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { EmptyState } from '../../ui/EmptyState';
import { InlineError } from '../../ui/InlineError';
import { useToast } from '../../ui/Toast';
import { CatalogueList } from './CatalogueList';
import { DevicePanel } from './DevicePanel';
import { DownloadForm } from './DownloadForm';
import { DownloadList } from './DownloadList';
import { ImportForm } from './ImportForm';
import { ModelRow } from './ModelRow';
import { SOURCE_LABELS, formatBytes } from './format';
import { useLastDevices } from './useLastDevices';
import { useSystemStatus } from '../status/useSystemStatus';
import { useModels } from './useModels';
import './models.css';

type Tab = 'library' | 'trash';
type Panel = 'import' | 'download' | 'catalogue' | null;

const PANEL_TITLES = { import: 'Import a model folder', download: 'Download from Hugging Face', catalogue: 'Catalogue of known-good models' } as const;

interface ModelsViewProps {
  jobs: Job[];
  upsert(jobs: Job[]): void;
}

export function ModelsView({ jobs, upsert }: ModelsViewProps) {
  const client = useClient();
  const toast = useToast();
  const { live, trashed, error, reload } = useModels();
  const { status, error: statusError } = useSystemStatus();
  const devices = useLastDevices(jobs);
  const [tab, setTab] = useState<Tab>('library');
  const [panel, setPanel] = useState<Panel>(null);
  const [removing, setRemoving] = useState<{ model: LibraryModel; usage: ModelUsage } | null>(null);
  const [deleting, setDeleting] = useState<ModelDeleteSummary | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);

  useEffect(() => {
    if (!highlight) return;
    const timer = setTimeout(() => setHighlight(null), 4000);
    return () => clearTimeout(timer);
  }, [highlight]);

  function show(id: string) {
    setTab('library');
    setHighlight(id);
  }

  async function restore(model: LibraryModel) {
    await client.call('models.restore', { id: model.id });
    await reload();
    toast({ message: `Restored “${model.name}” to the library` });
  }

  async function remove(model: LibraryModel) {
    await client.call('models.remove', { id: model.id });
    await reload();
    toast({
      message: `Moved “${model.name}” to the trash`,
      actionLabel: 'Undo',
      onAction: async () => {
        await client.call('models.restore', { id: model.id });
        await reload();
      },
    });
  }

  /** Asks the host how many versions were made with the model first, so the confirm counts them. */
  async function askRemove(model: LibraryModel) {
    setActionError(null);
    try {
      setRemoving({ model, usage: await client.call('models.usage', { id: model.id }) });
    } catch (err) {
      setActionError(errorMessage(err));
    }
  }

  /** Asks the host what deleting would remove first, so the confirm names files and bytes. */
  async function askDelete(model: LibraryModel) {
    setActionError(null);
    try {
      setDeleting(await client.call('models.deleteSummary', { id: model.id }));
    } catch (err) {
      setActionError(errorMessage(err));
    }
  }

  async function deleteForever(summary: ModelDeleteSummary) {
    const done = await client.call('models.deleteForever', { id: summary.id });
    await reload();
    toast({ message: done.removesFiles ? `Deleted “${done.name}”: ${formatBytes(done.bytesFreed)} freed` : `Forgot “${done.name}”; its folder was left as it is` });
  }

  const models = tab === 'library' ? live : trashed;
  const sorted = models
    ? tab === 'trash'
      ? [...models].sort((a, b) => (b.deletedAt ?? 0) - (a.deletedAt ?? 0))
      : // Starters first (always there), then the user's models, newest first.
        [...models].sort((a, b) => Number(b.starter) - Number(a.starter) || (b.createdAt ?? 0) - (a.createdAt ?? 0) || a.name.localeCompare(b.name))
    : null;

  function onTabKey(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const next: Tab = tab === 'library' ? 'trash' : 'library';
    setTab(next);
    e.currentTarget.querySelector<HTMLButtonElement>(`#models-tab-${next}`)?.focus();
  }

  return (
    <section className="page models-page" aria-labelledby="models-title" data-testid="models-view">
      <header className="page-header">
        <div className="page-header-main">
          <h1 id="models-title" className="page-title page-title-icon">
            <Boxes size={22} aria-hidden />
            Models
          </h1>
          <p className="page-subtitle">Each model is checked in its own process before first use.</p>
        </div>
        <div className="button-row">
          <Button
            icon={<FolderInput size={16} aria-hidden />}
            variant={panel === 'import' ? 'primary' : 'quiet'}
            aria-expanded={panel === 'import'}
            aria-controls="models-add-panel"
            onClick={() => setPanel(panel === 'import' ? null : 'import')}
            data-testid="open-import"
          >
            Import a folder
          </Button>
          <Button
            icon={<Download size={16} aria-hidden />}
            variant={panel === 'download' ? 'primary' : 'quiet'}
            aria-expanded={panel === 'download'}
            aria-controls="models-add-panel"
            onClick={() => setPanel(panel === 'download' ? null : 'download')}
            data-testid="open-download"
          >
            Download
          </Button>
          <Button
            icon={<Library size={16} aria-hidden />}
            variant={panel === 'catalogue' ? 'primary' : 'quiet'}
            aria-expanded={panel === 'catalogue'}
            aria-controls="models-add-panel"
            onClick={() => setPanel(panel === 'catalogue' ? null : 'catalogue')}
            data-testid="open-catalogue"
          >
            Catalogue
          </Button>
        </div>
      </header>

      <DevicePanel status={status} error={statusError} />

      {panel && (
        <section className="add-panel" id="models-add-panel" aria-label={PANEL_TITLES[panel]}>
          <h2 className="add-panel-title">{PANEL_TITLES[panel]}</h2>
          {panel === 'import' ? (
            <ImportForm onImported={(m) => show(m.id)} />
          ) : panel === 'catalogue' ? (
            <CatalogueList live={live} jobs={jobs} onStarted={(job) => upsert([job])} onShowModel={show} />
          ) : (
            <DownloadForm
              onStarted={(job) => {
                upsert([job]);
                // Out of the way, so the download's progress is what the user sees next.
                setPanel(null);
              }}
            />
          )}
        </section>
      )}

      <DownloadList jobs={jobs} upsert={upsert} onShowModel={show} />

      <section className="models-section" aria-label="Models">
        <div className="models-tabs" role="tablist" aria-label="Library or trash" onKeyDown={onTabKey}>
          {(['library', 'trash'] as const).map((t) => {
            const count = (t === 'library' ? live : trashed)?.length;
            return (
              <button
                key={t}
                type="button"
                role="tab"
                id={`models-tab-${t}`}
                className="models-tab"
                aria-selected={tab === t}
                aria-controls="models-tabpanel"
                tabIndex={tab === t ? 0 : -1}
                onClick={() => setTab(t)}
                data-testid={`models-tab-${t}`}
                data-count={count ?? ''}
              >
                {t === 'library' ? 'Library' : 'Trash'}
                {count !== undefined && <span className="models-tab-count">{count}</span>}
              </button>
            );
          })}
        </div>
        <div id="models-tabpanel" role="tabpanel" aria-labelledby={`models-tab-${tab}`}>
          <InlineError message={error ?? actionError} />
          {sorted && sorted.length === 0 && tab === 'trash' && (
            <div data-testid="models-empty-trash">
              <EmptyState icon={<Trash2 size={24} />} title="No models in the trash">
                Imported and downloaded models you remove wait here, files and all, until you restore them. Starter models cannot be removed.
              </EmptyState>
            </div>
          )}
          {sorted && sorted.length === 0 && tab === 'library' && (
            <EmptyState icon={<Boxes size={24} />} title="No models yet" actions={<Button variant="primary" onClick={() => setPanel('import')}>Import a folder</Button>}>
              Import a model folder from this computer or download one from Hugging Face.
            </EmptyState>
          )}
          {sorted && sorted.length > 0 && (
            <ul className="model-list">
              {sorted.map((m) => (
                <ModelRow
                  key={m.id}
                  model={m}
                  trashed={tab === 'trash'}
                  device={devices.get(m.id)}
                  providers={status?.executionProviders ?? null}
                  highlighted={highlight === m.id}
                  onRemove={(m) => void askRemove(m)}
                  onRestore={restore}
                  onDeleteForever={(m) => void askDelete(m)}
                />
              ))}
            </ul>
          )}
        </div>
      </section>

      {removing && (
        <ConfirmDialog
          title={`Move “${removing.model.name}” to the trash?`}
          confirmLabel="Move to trash"
          danger
          onConfirm={() => remove(removing.model)}
          onClose={() => setRemoving(null)}
        >
          <p>
            “{removing.model.name}” ({formatBytes(removing.model.sizeBytes)}, {SOURCE_LABELS[removing.model.source].toLowerCase()}) leaves the library and the
            model pickers. Its files stay on disk.
          </p>
          <p data-testid="model-usage">{modelUsageSentence(removing.usage)}</p>
          <p className="muted">Restore it any time from the Trash tab.</p>
        </ConfirmDialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete “${deleting.name}” for good?`}
          confirmLabel={deleting.removesFiles ? `Delete and free ${formatBytes(deleting.bytesFreed)}` : 'Forget it'}
          danger
          onConfirm={() => deleteForever(deleting)}
          onClose={() => setDeleting(null)}
        >
          <div data-testid="delete-summary" data-bytes={deleting.bytesFreed} data-removes-files={String(deleting.removesFiles)}>
            {deleting.removesFiles ? (
              <p>
                Removes {deleting.files} {deleting.files === 1 ? 'file' : 'files'} ({formatBytes(deleting.bytesFreed)}) from <span className="mono">{deleting.dir}</span>. This
                cannot be undone.
              </p>
            ) : deleting.missing ? (
              <p>
                Its folder <span className="mono">{deleting.dir}</span> is gone already (moved or deleted): Atelier only forgets “{deleting.name}”. No disk space is
                freed.
              </p>
            ) : (
              <p>
                “{deleting.name}” was read in place: Atelier forgets it, and your folder <span className="mono">{deleting.dir}</span> and its files stay as they are. No
                disk space is freed.
              </p>
            )}
            <p className="muted">Versions made with it keep their recipes.</p>
          </div>
        </ConfirmDialog>
      )}
    </section>
  );
}
