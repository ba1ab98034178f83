// The prompt panel: prompt, negative prompt, model (with its kind) and device, steps, CFG,
// scheduler, size, seed (random or locked), how many images, an optional init image; Generate.
// A field's problem, from the shared schema here or from the host, shows right under it. On a
// short board the less-used settings (img-folded) fold behind "More settings" (image.css).
import { ArrowLeftRight, Dices, FileUp, Info, Lock, LockOpen, SlidersHorizontal, Sparkles, X } from 'lucide-react';
import { useId, useRef, type ReactNode } from 'react';
import { usePersistentState } from '../../app/usePersistentState';
import { IMAGE_SCHEDULERS, type ImageRecipe, type ImageScheduler, type ModelInfo } from '../../../shared/contract';
import { readsSetting, type IgnorableSetting } from '../../../shared/image-setting-use';
import { Button, IconButton } from '../../ui/Button';
import { DevicePicker } from '../../ui/DevicePicker';
import { InlineError } from '../../ui/InlineError';
import { pickerEmptyLabel } from '../models/pickerLabel';
import { THUMB_SIDE, useImage } from './imageCache';
import { MOD } from '../../ui/platformKeys';
import { NumberField } from './NumberField';
import { useSystemStatus } from '../status/useSystemStatus';
import { foldedIssue, foldedSummary } from './foldedSettings';
import { ganNote } from './ganNote';
import { deviceLabel } from './recipe';
import { KIND_LABELS, SCHEDULER_LABELS, isImageModel, type BoardForm, type FieldKey, type ImageModelKind, type Issues } from './settings';
import type { BoardVersion } from './useBoard';

export interface RestoreNotice {
  kind: 'notes' | 'no-recipe' | 'error';
  title: string;
  lines: string[];
}

interface PromptPanelProps {
  form: BoardForm;
  onChange(patch: Partial<BoardForm>): void;
  models: ModelInfo[] | null;
  modelsError: string | null;
  model: string;
  kind: ImageModelKind | null;
  issues: Issues;
  /** Why the last run failed, when it failed after it was queued. */
  runError: string | null;
  busy: boolean;
  /** The newest version made with the chosen model: its device and seed. */
  lastRecipe: ImageRecipe | null;
  init: BoardVersion | null;
  restoreNotice: RestoreNotice | null;
  onDismissNotice(): void;
  onPickFile(file: File): void;
  onGenerate(): void;
  promptRef: React.RefObject<HTMLTextAreaElement | null>;
}

export function PromptPanel(props: PromptPanelProps) {
  const { form, onChange, issues, kind, model, models } = props;
  const gan = kind === 'gan';
  // A control for a setting the model does not read is greyed out.
  const unused = (field: IgnorableSetting) => !readsSetting(kind, field);
  const id = useId();
  // Which devices start here, so the picker says so before a run would fall back.
  const providers = useSystemStatus().status?.executionProviders ?? null;
  const fileRef = useRef<HTMLInputElement>(null);
  const imageModels = (models ?? []).filter(isImageModel);
  const installed = imageModels.some((m) => m.id === model);
  const batch = Number(form.batch);
  const initBlocked = gan && props.init !== null;
  const issue = (field: FieldKey) => issues[field] ?? null;
  const describedBy = (field: FieldKey) => (issues[field] ? `${id}-${field}-error` : undefined);
  const invalid = (field: FieldKey) => (issues[field] ? true : undefined);
  const lastSeed = props.lastRecipe?.seed;
  // Only read where the board is short (image.css); a problem in a folded field unfolds them.
  const [unfolded, setUnfolded] = usePersistentState<boolean>('image.moreSettings', false);
  const showFolded = unfolded || foldedIssue(issues);

  return (
    <form
      className={showFolded ? 'img-panel img-panel-unfolded' : 'img-panel'}
      noValidate
      aria-label="Prompt and settings"
      data-testid="image-panel"
      onSubmit={(e) => {
        e.preventDefault();
        props.onGenerate();
      }}
    >
      <div className="img-field">
        <label className="img-label" htmlFor={`${id}-prompt`}>
          Prompt
        </label>
        <textarea
          id={`${id}-prompt`}
          ref={props.promptRef}
          className="input img-textarea"
          rows={2}
          data-testid="image-prompt"
          placeholder={gan ? (model === 'starter-gan' ? 'Name a garment, e.g. “a sneaker” or “red dress”' : 'Describe the image') : 'Describe the image, e.g. a lighthouse on a cliff at dawn'}
          value={form.prompt}
          aria-invalid={invalid('prompt')}
          aria-describedby={describedBy('prompt')}
          onChange={(e) => onChange({ prompt: e.target.value })}
        />
        <InlineError message={issue('prompt')} id={`${id}-prompt-error`} testId="image-prompt-error" />
      </div>
      <div className="img-field img-folded">
        <label className="img-label" htmlFor={`${id}-negative`}>
          Negative prompt
        </label>
        <input
          id={`${id}-negative`}
          className="input"
          data-testid="image-negative"
          placeholder={gan ? 'Not used by GAN models' : 'What to keep out, e.g. blurry, text'}
          value={form.negativePrompt}
          disabled={unused('negativePrompt')}
          aria-invalid={invalid('negativePrompt')}
          onChange={(e) => onChange({ negativePrompt: e.target.value })}
        />
        <InlineError message={issue('negativePrompt')} testId="image-negative-error" />
      </div>

      {props.init && (
        <InitImage
          version={props.init}
          strength={form.strength}
          issue={issue('strength')}
          blocked={initBlocked}
          onStrength={(strength) => onChange({ strength })}
          onClear={() => {
            onChange({ initIterationId: null });
            // The clear button goes with the init image: the keyboard goes back to the prompt.
            props.promptRef.current?.focus();
          }}
        />
      )}

      <div className="img-controls">
        <Control label="Model" htmlFor={`${id}-model`} issue={issue('model')} testId="image-model-error" wide>
          <div className="img-inline">
            <select
              id={`${id}-model`}
              className="input img-select"
              data-testid="image-model"
              value={model}
              disabled={imageModels.length === 0}
              aria-invalid={invalid('model')}
              onChange={(e) => onChange({ model: e.target.value })}
            >
              {!installed && <option value={model}>{pickerEmptyLabel(models, imageModels.length, model, 'No image models', props.modelsError)}</option>}
              {imageModels.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.id}
                  {m.starter ? ' (starter)' : ''}
                </option>
              ))}
            </select>
            {kind && (
              <span className="img-kind" data-testid="image-model-kind" title={gan ? 'A one-pass generator' : 'A Stable Diffusion–style denoising model'}>
                {KIND_LABELS[kind]}
              </span>
            )}
          </div>
        </Control>
        <Control label="Steps" htmlFor={`${id}-steps`} issue={issue('steps')} testId="image-steps-error" folded>
          <NumberField
            id={`${id}-steps`}
            width="xs"
            min={1}
            max={150}
            testId="image-steps"
            value={form.steps}
            disabled={unused('steps')}
            invalid={invalid('steps')}
            aria-describedby={describedBy('steps')}
            onValue={(steps) => onChange({ steps })}
          />
        </Control>
        <Control label="CFG" htmlFor={`${id}-cfg`} issue={issue('cfg')} testId="image-cfg-error" folded>
          <NumberField
            id={`${id}-cfg`}
            width="xs"
            min={0}
            max={30}
            step={0.5}
            testId="image-cfg"
            value={form.cfg}
            disabled={unused('cfg')}
            invalid={invalid('cfg')}
            aria-describedby={describedBy('cfg')}
            onValue={(cfg) => onChange({ cfg })}
          />
        </Control>
        <Control label="Scheduler" htmlFor={`${id}-scheduler`} folded>
          <select
            id={`${id}-scheduler`}
            className="input img-select img-w-sched"
            data-testid="image-scheduler"
            value={form.scheduler}
            disabled={unused('scheduler')}
            onChange={(e) => onChange({ scheduler: e.target.value as ImageScheduler })}
          >
            {IMAGE_SCHEDULERS.map((s) => (
              <option key={s} value={s}>
                {SCHEDULER_LABELS[s]}
              </option>
            ))}
          </select>
        </Control>
        <Control label="Size" htmlFor={`${id}-width`} issue={issue('width') ?? issue('height')} testId={issue('width') ? 'image-width-error' : 'image-height-error'} folded>
          <div className="img-inline img-size">
            <NumberField
              id={`${id}-width`}
              width="sm"
              min={64}
              max={2048}
              step={8}
              aria-label="Width in pixels"
              testId="image-width"
              value={form.width}
              disabled={unused('width')}
              invalid={invalid('width')}
              onValue={(width) => onChange({ width })}
            />
            <span className="muted" aria-hidden>
              ×
            </span>
            <NumberField
              width="sm"
              min={64}
              max={2048}
              step={8}
              aria-label="Height in pixels"
              testId="image-height"
              value={form.height}
              disabled={unused('height')}
              invalid={invalid('height')}
              onValue={(height) => onChange({ height })}
            />
            <IconButton
              small
              label="Swap width and height"
              icon={<ArrowLeftRight size={14} />}
              disabled={unused('width')}
              onClick={() => onChange({ width: form.height, height: form.width })}
            />
          </div>
        </Control>
        <Control label="Seed" htmlFor={`${id}-seed`} issue={issue('seed')} testId="image-seed-error" folded>
          <div className="img-inline">
            <IconButton
              small
              className={form.seedLocked ? 'img-toggle-on' : undefined}
              label={form.seedLocked ? 'Seed locked: every run uses this seed (click for a random seed each run)' : 'Random seed each run (click to lock a seed)'}
              aria-pressed={form.seedLocked}
              data-testid="image-seed-lock"
              icon={form.seedLocked ? <Lock size={14} /> : <LockOpen size={14} />}
              onClick={() => {
                if (form.seedLocked) onChange({ seedLocked: false });
                else onChange({ seedLocked: true, seed: form.seed.trim() || String(lastSeed ?? randomSeedText()) });
              }}
            />
            <NumberField
              id={`${id}-seed`}
              width="seed"
              min={0}
              max={4294967295}
              testId="image-seed"
              placeholder="Random"
              title={lastSeed !== undefined ? `The last run used seed ${lastSeed}; the lock reuses it` : undefined}
              value={form.seedLocked ? form.seed : ''}
              invalid={invalid('seed')}
              aria-describedby={describedBy('seed')}
              onValue={(seed) => onChange({ seed, seedLocked: seed.trim() !== '' })}
            />
            <IconButton
              small
              label="New random seed (locked)"
              icon={<Dices size={14} />}
              data-testid="image-seed-dice"
              onClick={() => onChange({ seedLocked: true, seed: randomSeedText() })}
            />
          </div>
        </Control>
        <Control label="Images" htmlFor={`${id}-batch`} issue={issue('batch')} testId="image-batch-error">
          <NumberField
            id={`${id}-batch`}
            width="xs"
            min={1}
            max={8}
            testId="image-batch"
            value={form.batch}
            invalid={invalid('batch')}
            aria-describedby={describedBy('batch')}
            onValue={(batch) => onChange({ batch })}
          />
        </Control>
      </div>

      {gan && (
        <p className="img-note" data-testid="image-gan-note">
          <Info size={14} aria-hidden />
          <span>{ganNote(model)}</span>
        </p>
      )}
      {props.modelsError && <InlineError message={`Could not list the models: ${props.modelsError}`} testId="image-models-error" />}
      {models && imageModels.length === 0 && (
        <InlineError
          message="No image model is installed. The starter GAN ships with the app; a Stable Diffusion ONNX folder can be added from a models folder."
          testId="image-no-models"
        />
      )}
      {props.restoreNotice && <Notice notice={props.restoreNotice} onDismiss={props.onDismissNotice} />}

      <div className="img-panel-foot">
        <div className="img-fold">
          <Button
            small
            variant="ghost"
            icon={<SlidersHorizontal size={14} />}
            aria-expanded={showFolded}
            onClick={() => setUnfolded(!showFolded)}
            data-testid="image-more"
          >
            {showFolded ? 'Fewer settings' : 'More settings'}
          </Button>
          {!showFolded && (
            <span className="img-fold-summary muted" data-testid="image-more-summary">
              {foldedSummary(form, kind)}
            </span>
          )}
        </div>
        <div className="img-device img-folded">
          <label className="img-label" htmlFor={`${id}-provider`}>
            Device
          </label>
          <DevicePicker
            id={`${id}-provider`}
            className="input img-select img-w-device"
            testId="image-provider"
            value={form.provider}
            providers={providers}
            onChange={(provider) => onChange({ provider })}
          />
          <span data-testid="image-device">
            {props.lastRecipe ? (
              <>
                Last run on <strong>{deviceLabel(props.lastRecipe.device)}</strong>
              </>
            ) : (
              <span className="muted">The device used shows here after the first run.</span>
            )}
          </span>
        </div>
        <div className="img-panel-actions">
          <input
            ref={fileRef}
            type="file"
            accept="image/png,image/jpeg,image/webp,.png,.jpg,.jpeg,.webp"
            hidden
            data-testid="image-restore-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) props.onPickFile(file);
            }}
          />
          <Button
            small
            variant="ghost"
            className="img-folded"
            icon={<FileUp size={14} />}
            onClick={() => fileRef.current?.click()}
            data-testid="image-restore-open"
            title="Read the recipe of a PNG, or of a JPEG or WebP that AUTOMATIC1111 saved"
          >
            Restore from image…
          </Button>
          <Button
            type="submit"
            variant="primary"
            icon={<Sparkles size={16} />}
            disabled={props.busy || initBlocked || (models !== null && imageModels.length === 0) || (models === null && !props.modelsError)}
            data-testid="image-generate"
            title={`Generate (${MOD}+Enter)`}
          >
            {props.busy ? 'Queuing…' : `Generate${Number.isInteger(batch) && batch > 1 ? ` ×${batch}` : ''}`}
          </Button>
        </div>
      </div>
      {props.lastRecipe?.device.fallbackReason && (
        <p className="img-warning" data-testid="image-device-fallback">
          {props.lastRecipe.device.fallbackReason}
        </p>
      )}
      <InlineError message={issues.general ?? props.runError} testId="image-generate-error" />
    </form>
  );
}

function randomSeedText(): string {
  const buf = new Uint32Array(1);
  crypto.getRandomValues(buf);
  return String(buf[0] ?? 0);
}

function Control({
  label,
  htmlFor,
  issue,
  testId,
  wide,
  folded,
  children,
}: {
  label: string;
  htmlFor: string;
  issue?: string | null;
  testId?: string;
  wide?: boolean;
  /** One of the less-used settings that fold away on a short board. */
  folded?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={['img-control', wide ? 'img-control-wide' : '', folded ? 'img-folded' : ''].filter(Boolean).join(' ')}>
      <label className="img-label" htmlFor={htmlFor}>
        {label}
      </label>
      {children}
      {issue && <InlineError message={issue} id={`${htmlFor}-error`} testId={testId} />}
    </div>
  );
}

function InitImage(props: {
  version: BoardVersion;
  strength: string;
  issue: string | null;
  blocked: boolean;
  onStrength(value: string): void;
  onClear(): void;
}) {
  const { image } = useImage(props.version.it.id, THUMB_SIDE);
  const id = useId();
  const value = Number(props.strength);
  return (
    <div className="img-init" data-testid="image-init" data-iteration-id={props.version.it.id}>
      <div className="img-init-thumb" aria-hidden>
        {image && <img src={image.dataUrl} alt="" />}
      </div>
      <div className="img-init-main">
        <p>
          <strong>Starting from #{props.version.number}</strong>
          <span className="muted"> · image to image</span>
        </p>
        <div className="img-inline">
          <label htmlFor={id} className="img-label">
            Strength
          </label>
          <input
            id={id}
            type="range"
            min={0.05}
            max={1}
            step={0.05}
            className="img-range"
            data-testid="image-strength"
            value={Number.isFinite(value) ? value : 0.6}
            onChange={(e) => props.onStrength(e.target.value)}
          />
          <output htmlFor={id} className="img-range-value">
            {Number.isFinite(value) ? value.toFixed(2) : '—'}
          </output>
          <span className="muted small">how much is re-imagined</span>
        </div>
        {props.issue && <InlineError message={props.issue} testId="image-strength-error" />}
        {props.blocked && (
          <InlineError message="A GAN can’t start from an image: pick a diffusion model, or clear the init image." testId="image-init-blocked" />
        )}
      </div>
      <IconButton small label="Stop using this init image" icon={<X size={14} />} onClick={props.onClear} data-testid="image-init-clear" />
    </div>
  );
}

function Notice({ notice, onDismiss }: { notice: RestoreNotice; onDismiss(): void }) {
  return (
    <div className={notice.kind === 'notes' ? 'img-notice' : 'img-notice img-notice-warn'} role="status" data-testid={notice.kind === 'notes' ? 'image-restore-notes' : 'image-drop-message'}>
      <div>
        <p className="img-notice-title">{notice.title}</p>
        {notice.lines.length > 0 && (
          <ul className="img-notice-lines">
            {notice.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        )}
      </div>
      <IconButton small label="Dismiss" icon={<X size={14} />} onClick={onDismiss} />
    </div>
  );
}
