// One model in the library: what it is (kind, architecture, quantisation, size, licence), whether it
// passed its check and fits this machine's memory, where it last ran, and what can be done with it
// (verify, details, move to the trash or restore). Starters ship with Atelier and stay.
import { ChevronDown, ChevronRight, Image, Lock, Maximize2, RotateCcw, ShieldCheck, Sparkles, Trash2, Type } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ExecutionProviderInfo, LibraryModel, ModelDetail, ModelKind, ProviderChoice, VerifyResult } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { Button, IconButton } from '../../ui/Button';
import { DevicePicker } from '../../ui/DevicePicker';
import { formatFull, formatRelative } from '../../ui/formatTime';
import { InlineError } from '../../ui/InlineError';
import { FallbackNote } from './FallbackNote';
import { ModelDetails } from './ModelDetails';
import { ProblemList } from './ProblemList';
import { FIT_LABELS, KIND_LABELS, STATUS_LABELS, formatBytes, providerLabel } from './format';
import type { DeviceUse } from './useLastDevices';

const KIND_ICONS: Record<ModelKind, ReactNode> = {
  text: <Type size={16} />,
  diffusion: <Sparkles size={16} />,
  gan: <Image size={16} />,
  upscaler: <Maximize2 size={16} />,
};

const STATUS_TONE = { ok: 'good', warnings: 'warn', failed: 'bad', unchecked: 'neutral' } as const;
const FIT_TONE = { fits: 'good', 'may-be-slow': 'warn', 'wont-fit': 'bad' } as const;

export function Chip({ tone, children, testId, title, ...data }: { tone: 'good' | 'warn' | 'bad' | 'neutral' | 'accent'; children: ReactNode; testId?: string; title?: string; [data: `data-${string}`]: string }) {
  return (
    <span className={`chip chip-${tone}`} data-testid={testId} title={title} {...data}>
      <span className="chip-dot" aria-hidden />
      {children}
    </span>
  );
}

interface ModelRowProps {
  model: LibraryModel;
  trashed: boolean;
  device: DeviceUse | undefined;
  /** What this machine offers (null while unknown), for the model's own device picker. */
  providers: readonly ExecutionProviderInfo[] | null;
  /** Just imported or downloaded: scrolled into view and marked for a moment. */
  highlighted: boolean;
  onRemove(model: LibraryModel): void;
  onRestore(model: LibraryModel): Promise<void>;
  /** Trash only: asks to delete the model for good (the view confirms with what goes). */
  onDeleteForever?(model: LibraryModel): void;
}

export function ModelRow({ model, trashed, device, providers, highlighted, onRemove, onRestore, onDeleteForever }: ModelRowProps) {
  const client = useClient();
  const ref = useRef<HTMLLIElement>(null);
  const [open, setOpen] = useState(false);
  const [detail, setDetail] = useState<ModelDetail | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verified, setVerified] = useState<VerifyResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const detailsId = `model-details-${model.id}`;

  useEffect(() => {
    if (!highlighted) return;
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    ref.current?.scrollIntoView({ block: 'nearest', behavior: still ? 'auto' : 'smooth' });
  }, [highlighted]);

  // The details follow the stored check: reload them when a verify (here or elsewhere) changes it.
  const checkedAt = model.preflight.checkedAt;
  useEffect(() => {
    if (!open) return;
    let live = true;
    client.call('models.get', { id: model.id }).then(
      (d) => live && setDetail(d),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [client, model.id, open, checkedAt]);

  async function verify() {
    setVerifying(true);
    setError(null);
    try {
      setVerified(await client.call('models.verify', { id: model.id }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setVerifying(false);
    }
  }

  async function chooseProvider(provider: ProviderChoice) {
    setError(null);
    try {
      await client.call('models.setProvider', { id: model.id, provider });
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function restore() {
    setBusy(true);
    setError(null);
    try {
      await onRestore(model);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  const pf = model.preflight;
  const facts = [
    KIND_LABELS[model.kind],
    model.architecture,
    model.quantisation,
    formatBytes(model.sizeBytes),
    `${model.fileCount} ${model.fileCount === 1 ? 'file' : 'files'}`,
  ].filter((f): f is string => Boolean(f));

  return (
    <li
      ref={ref}
      className={highlighted ? 'model-row model-row-new' : 'model-row'}
      data-testid="model-item"
      data-model-id={model.id}
      data-kind={model.kind}
      data-starter={String(model.starter)}
      data-status={pf.status}
    >
      <span className="row-icon model-icon" aria-hidden>
        {KIND_ICONS[model.kind]}
      </span>

      <div className="model-head">
        <span className="model-name" data-testid="model-name">
          {model.name}
        </span>
        {model.starter && (
          <span className="tag" data-testid="model-starter" title="Ships with Atelier; it cannot be removed">
            <Lock size={12} aria-hidden />
            Starter
          </span>
        )}
        {model.source === 'reference' && (
          <span className="tag tag-quiet" title="Read from where it was imported; the folder must stay there">
            In place
          </span>
        )}
        {model.sourcePath?.startsWith('hf://') && (
          <span className="tag tag-quiet" title={model.sourcePath}>
            Hugging Face
          </span>
        )}
        {model.name !== model.id && <span className="model-id mono">{model.id}</span>}
      </div>

      <div className="model-actions">
        {!trashed && (
          <Button
            small
            icon={<ShieldCheck size={14} aria-hidden />}
            disabled={verifying}
            onClick={() => void verify()}
            aria-label={`Verify ${model.name}`}
            title="Re-hash the files and run the check again"
            data-testid="model-verify"
          >
            {verifying ? 'Verifying…' : 'Verify'}
          </Button>
        )}
        <Button
          small
          variant="ghost"
          icon={open ? <ChevronDown size={14} aria-hidden /> : <ChevronRight size={14} aria-hidden />}
          aria-expanded={open}
          aria-controls={detailsId}
          aria-label={`Details of ${model.name}`}
          onClick={() => setOpen(!open)}
          data-testid="model-details-toggle"
        >
          Details
        </Button>
        {trashed ? (
          <>
            <Button small icon={<RotateCcw size={14} aria-hidden />} disabled={busy} onClick={() => void restore()} aria-label={`Restore ${model.name}`} data-testid="model-restore">
              Restore
            </Button>
            <Button
              small
              icon={<Trash2 size={14} aria-hidden />}
              disabled={busy}
              onClick={() => onDeleteForever?.(model)}
              aria-label={`Delete ${model.name} for good`}
              data-testid="model-delete-forever"
            >
              Delete…
            </Button>
          </>
        ) : model.starter || model.source === 'folder' ? null : (
          <IconButton small label={`Move ${model.name} to the trash`} icon={<Trash2 size={14} />} onClick={() => onRemove(model)} data-testid="model-remove" />
        )}
      </div>

      <p className="model-facts" data-testid="model-facts">
        <span className="model-facts-line">
        {facts.map((f, i) => (
          <span key={i} className="model-fact" data-testid={f === formatBytes(model.sizeBytes) ? 'model-size' : undefined}>
            {f}
          </span>
        ))}
        <span className="model-fact" data-testid="model-licence">
          {model.licence ? `Licence: ${model.licence}` : 'Licence not stated'}
        </span>
        {model.modelCard && (
          <button type="button" className="link-button model-fact" onClick={() => setOpen(true)} aria-controls={detailsId} data-testid="model-card-link">
            Model card
          </button>
        )}
        </span>
      </p>

      <div className="model-chips">
        {model.missing ? (
          <Chip tone="bad" testId="model-status" data-status="missing" title={model.dir}>
            Folder missing
          </Chip>
        ) : (
          <Chip tone={STATUS_TONE[pf.status]} testId="model-status" data-status={pf.status} title={pf.checkedAt ? `Checked ${formatFull(pf.checkedAt)}` : undefined}>
            {STATUS_LABELS[pf.status]}
            {pf.problems > 0 && ` · ${pf.problems} ${pf.problems === 1 ? 'problem' : 'problems'}`}
          </Chip>
        )}
        {pf.fit && !model.missing && (
          <Chip tone={FIT_TONE[pf.fit]} testId="model-fit" data-fit={pf.fit}>
            {FIT_LABELS[pf.fit]}
          </Chip>
        )}
        {!trashed && (
          <Chip
            tone={device ? (device.fallbackReason ? 'warn' : 'accent') : 'neutral'}
            testId="model-device"
            title={device ? `Ended ${formatFull(device.at)}` : 'No finished job in the queue history has used this model'}
          >
            {device ? `Last ran on ${providerLabel(device.used)}` : 'Not run yet'}
            {/* A pipeline whose one part fell back ran where asked otherwise: no "asked for" then. */}
            {device?.fallbackReason && device.used !== device.requested && ` (asked for ${providerLabel(device.requested)})`}
          </Chip>
        )}
        {trashed && model.deletedAt !== null && (
          <span className="model-when">
            Trashed <time title={formatFull(model.deletedAt)}>{formatRelative(model.deletedAt)}</time>
          </span>
        )}
      </div>

      {!trashed && (
        <div className="model-runs-on">
          <span data-testid="model-runs-on" data-providers={model.providers.filter((p) => p.ok).map((p) => p.provider).join(',')}>
            Can run on{' '}
            {model.providers.map((p, i) => (
              <span key={p.provider} title={p.reason ?? undefined} className={p.ok ? undefined : 'muted'} data-testid="model-fit-provider" data-provider={p.provider} data-ok={String(p.ok)}>
                {i > 0 ? ', ' : ''}
                {providerLabel(p.provider)}
                {p.ok ? '' : ' (not for this model)'}
              </span>
            ))}
          </span>
          <label htmlFor={`model-provider-${model.id}`}>Use</label>
          <DevicePicker
            id={`model-provider-${model.id}`}
            className="input"
            value={model.provider}
            providers={providers}
            autoLabel="Auto (the global choice)"
            notFor={Object.fromEntries(model.providers.filter((p) => !p.ok && p.reason).map((p) => [p.provider, p.reason as string]))}
            onChange={(provider) => void chooseProvider(provider)}
            aria-label={`Execution provider for ${model.name}`}
            testId="model-provider-choice"
            compact
          />
        </div>
      )}

      {model.missing && (
        <p className="model-note" data-testid="model-missing">
          The folder <span className="mono">{model.dir}</span> is gone (moved or deleted), so this model cannot run. Put the folder back, or
          move this model to the trash and import the folder from where it is now.
        </p>
      )}
      {!trashed && device?.fallbackReason && <FallbackNote modelId={model.id} modelName={model.name} device={device} />}

      {verified && (
        <div className={verified.ok ? 'verify-result verify-ok' : 'verify-result verify-bad'} role="status" data-testid="model-verify-result" data-ok={String(verified.ok)}>
          <p className="outcome-headline">
            {verified.ok
              ? `Verified: every file matches and the check passed${verified.preflight ? ` (${Math.max(1, Math.round(verified.preflight.durationMs))} ms)` : ''}.`
              : `Verify found ${verified.problems.length} ${verified.problems.length === 1 ? 'problem' : 'problems'}.`}
          </p>
          <ProblemList problems={verified.problems} tone="problem" testId="model-problems" />
          <ProblemList problems={verified.warnings} tone="warning" testId="model-warnings" />
        </div>
      )}

      <InlineError message={error} />

      {open && (
        <div className="model-details" id={detailsId} data-testid="model-details">
          {detail ? <ModelDetails detail={detail} /> : <p className="muted small">Loading…</p>}
        </div>
      )}
    </li>
  );
}
