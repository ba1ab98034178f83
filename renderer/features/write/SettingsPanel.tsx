// The inspector for writing: which model (and device) runs, the document's memory, how many
// alternatives, every sampler, seed, stop strings and beams, with built-in and saved presets. A field's problem (from the shared
// schema here, or from the host) is shown right under it.
import { ArrowDown, ArrowUp, Dices, Lock, LockOpen, Save, X } from 'lucide-react';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import {
  SAMPLER_STAGES,
  type ModelInfo,
  type SamplerStage,
  type SystemStatus,
  type TextRecipe,
} from '../../../shared/contract';
import { Button, IconButton } from '../../ui/Button';
import { DevicePicker } from '../../ui/DevicePicker';
import { NameField } from '../../ui/NameField';
import { MODELS_LOADING } from '../models/pickerLabel';
import {
  BUILT_IN_PRESETS,
  DEFAULT_MODEL,
  MEMORY_MAX,
  PRESET_KEYS,
  applyPreset,
  matchingPreset,
  presetNameProblem,
  type Preset,
  type PresetValues,
  type WriteSettings,
} from './settings';

type Sampling = WriteSettings['sampling'];

const STAGE_LABELS: Record<SamplerStage, string> = {
  penalties: 'Penalties',
  'no-repeat-ngram': 'No-repeat n-gram',
  temperature: 'Temperature',
  'top-k': 'Top-K',
  'typical-p': 'Typical-P',
  'top-p': 'Top-P',
  'min-p': 'Min-P',
};

interface SettingsPanelProps {
  settings: WriteSettings;
  onChange(next: WriteSettings): void;
  /** The model the next run uses (the stored choice, or the default). */
  model: string | null;
  models: ModelInfo[] | null;
  modelsError: string | null;
  status: SystemStatus | null;
  /** The newest generated version's recipe for this model: its device and seed. */
  lastRecipe: TextRecipe | null;
  issues: Record<string, string>;
  userPresets: Preset[];
  onUserPresets(next: Preset[]): void;
}

export function SettingsPanel(props: SettingsPanelProps) {
  const { settings, onChange, issues } = props;
  const s = settings.sampling;
  const setSampling = (patch: Partial<Sampling>) => onChange({ ...settings, sampling: { ...s, ...patch } });
  const num = (key: keyof Sampling, label: string, opts: Omit<NumberFieldProps, 'label' | 'value' | 'onChange' | 'issue' | 'testId'>) => (
    <NumberField
      label={label}
      value={s[key] as number}
      onChange={(v) => setSampling({ [key]: v })}
      issue={issues[key] ?? null}
      testId={`write-${kebab(key)}`}
      {...opts}
    />
  );

  return (
    <div className="write-settings" data-testid="write-settings">
      <ModelSection {...props} />

      <Section title="Memory">
        <TextAreaField
          label="Instructions and background"
          hint="Sent with every generation: read before your text, or as the system message by instruct models. It is not part of the document."
          placeholder="e.g. A slow-burning ghost story, told by the house itself. Keep the tone quiet."
          value={settings.memory}
          onChange={(memory) => onChange({ ...settings, memory })}
          issue={issues.memory ?? null}
          testId="write-memory"
          rows={4}
          prose
          count={settings.memory.length > 0 ? `${settings.memory.length.toLocaleString('en-US')} / ${MEMORY_MAX.toLocaleString('en-US')}` : null}
        />
      </Section>

      <PresetSection {...props} />

      <Section title="Length">
        <NumberField
          label="Max new tokens"
          value={s.maxNewTokens}
          onChange={(v) => setSampling({ maxNewTokens: v })}
          issue={issues.maxNewTokens ?? null}
          testId="write-max-tokens"
          min={1}
          max={4096}
          step={16}
        />
        <NumberField
          label="Alternatives"
          hint="How many to write side by side with Alternatives (1–8)."
          value={settings.alternatives}
          onChange={(v) => onChange({ ...settings, alternatives: v })}
          issue={issues.alternatives ?? null}
          testId="write-alternatives"
          min={1}
          max={8}
          step={1}
        />
      </Section>

      <Section title="Sampling">
        {num('temperature', 'Temperature', { min: 0, max: 5, step: 0.05, slider: [0, 2], hint: '0 always picks the likeliest token.' })}
        {num('topK', 'Top-K', { min: 0, max: 1_000_000, step: 1, hint: '0 turns it off.' })}
        {num('topP', 'Top-P', { min: 0.01, max: 1, step: 0.01, slider: [0.01, 1] })}
        {num('minP', 'Min-P', { min: 0, max: 1, step: 0.01, slider: [0, 0.5] })}
        {num('typicalP', 'Typical-P', { min: 0.01, max: 1, step: 0.01 })}
      </Section>

      <Section title="Penalties">
        {num('repetitionPenalty', 'Repetition', { min: 0.1, max: 10, step: 0.05 })}
        {num('presencePenalty', 'Presence', { min: -5, max: 5, step: 0.1 })}
        {num('frequencyPenalty', 'Frequency', { min: -5, max: 5, step: 0.1 })}
        {num('penaltyWindow', 'Window (tokens)', { min: 0, max: 100_000, step: 64, hint: '0 looks at the whole text.' })}
        {num('noRepeatNgram', 'No-repeat n-gram', { min: 0, max: 16, step: 1, hint: '0 turns it off.' })}
      </Section>

      <SeedSection {...props} />

      <Section title="Stop strings">
        <TextAreaField
          label="Stop when the text contains"
          hint="One per line; \n is a line break."
          value={settings.stopText}
          onChange={(stopText) => onChange({ ...settings, stopText })}
          issue={issues.stop ?? null}
          testId="write-stop-strings"
        />
      </Section>

      <details className="write-details">
        <summary>Beam search</summary>
        <p className="muted small">More than one beam searches for the likeliest text; it is deterministic and skips the samplers (penalties still apply).</p>
        {num('beams', 'Beams', { min: 1, max: 16, step: 1 })}
        {num('lengthPenalty', 'Length penalty', { min: -5, max: 5, step: 0.1 })}
      </details>

      <details className="write-details">
        <summary>Sampler order</summary>
        <SamplerOrder order={s.samplerOrder} onChange={(samplerOrder) => setSampling({ samplerOrder })} issue={issues.samplerOrder ?? null} />
      </details>
    </div>
  );
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="write-section">
      <h3 className="section-label">{title}</h3>
      {children}
    </section>
  );
}

// ---------- model ----------

function ModelSection({ settings, onChange, model, models, modelsError, status, lastRecipe, issues }: SettingsPanelProps) {
  const id = useId();
  const info = models?.find((m) => m.id === model) ?? null;
  const missing = models !== null && model !== null && !info;
  const device = lastRecipe?.device ?? null;
  return (
    <Section title="Model">
      <label className="field-label" htmlFor={`${id}-model`}>
        Text model
      </label>
      <select
        id={`${id}-model`}
        className="input select"
        data-testid="write-model"
        value={model ?? ''}
        aria-invalid={(missing && models.length > 0) || undefined}
        onChange={(e) => onChange({ ...settings, model: e.target.value })}
      >
        {models === null && <option value={model ?? ''}>{MODELS_LOADING}</option>}
        {models !== null && models.length === 0 && <option value="">No text models installed</option>}
        {missing && <option value={model ?? ''}>{model} (not installed)</option>}
        {(models ?? []).map((m) => (
          <option key={m.id} value={m.id}>
            {m.starter ? `${m.id} — starter model` : m.id}
          </option>
        ))}
      </select>
      {modelsError && <p className="field-issue">{modelsError}</p>}
      {issues.model && <p className="field-issue">{issues.model}</p>}
      {missing && models.length > 0 && (
        <p className="field-issue" data-testid="write-model-error">
          No model &lsquo;{model}&rsquo; is installed here. Pick one of the installed models.
        </p>
      )}
      {models !== null && models.length === 0 && (
        <p className="field-hint">
          No text model is installed yet. The starter model &lsquo;{DEFAULT_MODEL}&rsquo; ships with Atelier; a model folder
          in Hugging Face ONNX layout works too.
        </p>
      )}
      {info?.starter && (
        <p className="field-hint" data-testid="write-starter-hint">
          A small starter model trained for Atelier: good for trying things out. Import a real model for better writing.
        </p>
      )}

      <label className="field-label" htmlFor={`${id}-provider`}>
        Device
      </label>
      <DevicePicker
        id={`${id}-provider`}
        testId="write-provider"
        value={settings.provider}
        providers={status?.executionProviders ?? null}
        onChange={(provider) => onChange({ ...settings, provider })}
      />
      {issues.provider && <p className="field-issue">{issues.provider}</p>}
      <p className="field-hint" data-testid="write-device">
        {device ? (
          <>
            Last run on <strong>{device.used.toUpperCase()}</strong>
            {device.requested !== device.used && device.requested !== 'auto' ? ` (asked for ${device.requested.toUpperCase()})` : ''}.
          </>
        ) : (
          'The device shows here after the first run.'
        )}
      </p>
      {device?.fallbackReason && (
        <p className="field-warning" data-testid="write-device-fallback">
          {device.fallbackReason}
        </p>
      )}
    </Section>
  );
}

// ---------- presets ----------

function PresetSection({ settings, onChange, userPresets, onUserPresets }: SettingsPanelProps) {
  const id = useId();
  const [naming, setNaming] = useState(false);
  const select = useRef<HTMLSelectElement>(null);
  const all = [...BUILT_IN_PRESETS, ...userPresets];
  const active = matchingPreset(all, settings.sampling);
  /** The name field closed (saved or cancelled): the focus goes back to the presets, not to the page. */
  const doneNaming = () => {
    setNaming(false);
    requestAnimationFrame(() => select.current?.focus());
  };
  return (
    <Section title="Preset">
      <div className="field-row">
        <select
          ref={select}
          id={`${id}-preset`}
          aria-label="Preset"
          className="input select"
          data-testid="write-preset"
          value={active?.name ?? ''}
          onChange={(e) => {
            const preset = all.find((p) => p.name === e.target.value);
            if (preset) onChange(applyPreset(settings, preset));
          }}
        >
          {!active && <option value="">Custom</option>}
          <optgroup label="Built in">
            {BUILT_IN_PRESETS.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </optgroup>
          {userPresets.length > 0 && (
            <optgroup label="Yours">
              {userPresets.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
        {active && !active.builtIn ? (
          <IconButton
            small
            label={`Delete preset '${active.name}'`}
            icon={<X size={14} />}
            onClick={() => onUserPresets(userPresets.filter((p) => p.name !== active.name))}
            data-testid="write-delete-preset"
          />
        ) : (
          <IconButton small label="Save these settings as a preset" icon={<Save size={14} />} onClick={() => setNaming(true)} data-testid="write-save-preset" />
        )}
      </div>
      {naming && (
        <NameField
          label="Preset name"
          placeholder="Preset name"
          saveLabel="Save preset"
          testId="write-preset-name"
          field={{ key: 'name', noun: 'name' }}
          onCancel={doneNaming}
          onSubmit={async (raw) => {
            const problem = presetNameProblem(raw, settings.sampling, userPresets);
            if (problem) throw new Error(problem);
            const name = raw.trim();
            const values = Object.fromEntries(PRESET_KEYS.map((k) => [k, settings.sampling[k]])) as PresetValues;
            onUserPresets([...userPresets.filter((p) => p.name !== name), { name, builtIn: false, values }]);
            doneNaming();
          }}
        />
      )}
    </Section>
  );
}

// ---------- seed ----------

function SeedSection({ settings, onChange, lastRecipe, issues }: SettingsPanelProps) {
  const last = lastRecipe?.seed ?? null;
  // What is typed but not a number yet (empty, "-"): said here, as the other number fields do.
  const [draftIssue, setDraftIssue] = useState<string | null>(null);
  const issue = settings.seedLocked ? (draftIssue ?? issues.seed ?? null) : null;
  return (
    <Section title="Seed">
      <div className="field-row">
        <Button
          small
          variant={settings.seedLocked ? 'primary' : 'quiet'}
          icon={settings.seedLocked ? <Lock size={14} /> : <LockOpen size={14} />}
          aria-pressed={settings.seedLocked}
          data-testid="write-seed-lock"
          onClick={() => onChange({ ...settings, seedLocked: !settings.seedLocked })}
        >
          {settings.seedLocked ? 'Locked' : 'Random'}
        </Button>
        {settings.seedLocked && (
          <>
            <NumberInput
              label="Seed"
              value={settings.seedValue}
              onChange={(v) => onChange({ ...settings, seedValue: v })}
              onDraftIssue={setDraftIssue}
              min={0}
              max={4_294_967_295}
              step={1}
              testId="write-seed"
              invalid={!!issue}
              wide
            />
            <IconButton
              small
              label="New random seed"
              icon={<Dices size={14} />}
              onClick={() => onChange({ ...settings, seedValue: Math.floor(Math.random() * 4_294_967_295) })}
            />
          </>
        )}
      </div>
      {issue && <p className="field-issue" data-testid="write-seed-error">{issue}</p>}
      <p className="field-hint">
        {settings.seedLocked ? 'The same seed and settings write the same text.' : 'Each run picks a fresh seed; the recipe keeps it.'}
        {last !== null && (
          <>
            {' '}
            Last run: <span className="mono">{last}</span>
            {(!settings.seedLocked || settings.seedValue !== last) && (
              <>
                {' '}
                <button type="button" className="link-button" onClick={() => onChange({ ...settings, seedLocked: true, seedValue: last })}>
                  Lock it
                </button>
              </>
            )}
          </>
        )}
      </p>
    </Section>
  );
}

// ---------- sampler order ----------

function SamplerOrder({ order, onChange, issue }: { order: SamplerStage[]; onChange(next: SamplerStage[]): void; issue: string | null }) {
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

// ---------- fields ----------

interface NumberFieldProps {
  label: string;
  value: number;
  onChange(value: number): void;
  issue: string | null;
  testId: string;
  min: number;
  max: number;
  step: number;
  hint?: string;
  /** Show a slider over this part of the range. */
  slider?: [number, number];
}

function NumberField({ label, value, onChange, issue, testId, min, max, step, hint, slider }: NumberFieldProps) {
  const id = useId();
  const [draftIssue, setDraftIssue] = useState<string | null>(null);
  const shown = draftIssue ?? issue;
  return (
    <div className="field">
      <div className="field-line">
        <label className="field-label" htmlFor={id}>
          {label}
        </label>
        <NumberInput
          id={id}
          label={label}
          value={value}
          onChange={onChange}
          onDraftIssue={setDraftIssue}
          min={min}
          max={max}
          step={step}
          testId={testId}
          invalid={!!shown}
          describedBy={shown ? `${id}-issue` : undefined}
        />
      </div>
      {slider && (
        <input
          type="range"
          className="field-slider"
          aria-label={`${label} slider`}
          tabIndex={-1}
          min={slider[0]}
          max={slider[1]}
          step={step}
          value={Math.min(slider[1], Math.max(slider[0], value))}
          onChange={(e) => onChange(Number(e.target.value))}
        />
      )}
      {shown ? (
        <p className="field-issue" id={`${id}-issue`} data-testid={`${testId}-error`}>
          {shown}
        </p>
      ) : (
        hint && <p className="field-hint">{hint}</p>
      )}
    </div>
  );
}

interface NumberInputProps {
  id?: string;
  label: string;
  value: number;
  onChange(value: number): void;
  onDraftIssue?(issue: string | null): void;
  min: number;
  max: number;
  step: number;
  testId: string;
  invalid: boolean;
  describedBy?: string;
  wide?: boolean;
}

/** A number box that lets people type freely ("0.", "-") and reports only whole numbers upward. */
function NumberInput({ id, label, value, onChange, onDraftIssue, min, max, step, testId, invalid, describedBy, wide }: NumberInputProps) {
  const [draft, setDraft] = useState(String(value));
  useEffect(() => {
    // A preset or another control changed the value: show it, unless the draft already means it.
    setDraft((d) => (d.trim() !== '' && Number(d) === value ? d : String(value)));
  }, [value]);
  return (
    <input
      id={id}
      type="number"
      inputMode="decimal"
      className={wide ? 'input input-number input-number-wide' : 'input input-number'}
      aria-label={id ? undefined : label}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      data-testid={testId}
      min={min}
      max={max}
      step={step}
      value={draft}
      onChange={(e) => {
        const text = e.target.value;
        setDraft(text);
        const n = text.trim() === '' ? NaN : Number(text);
        if (Number.isFinite(n)) {
          onDraftIssue?.(null);
          onChange(n);
        } else {
          onDraftIssue?.('Enter a number');
        }
      }}
      onBlur={() => {
        if (!Number.isFinite(Number(draft)) || draft.trim() === '') {
          setDraft(String(value));
          onDraftIssue?.(null);
        }
      }}
    />
  );
}

function TextAreaField({
  label,
  hint,
  value,
  onChange,
  issue,
  testId,
  rows = 2,
  prose = false,
  placeholder,
  count = null,
}: {
  label: string;
  hint: string;
  value: string;
  onChange(v: string): void;
  issue: string | null;
  testId: string;
  rows?: number;
  /** Words rather than codes: the text font, spell-checked. */
  prose?: boolean;
  placeholder?: string;
  /** A length shown under the field, e.g. "120 / 100,000". */
  count?: string | null;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <textarea
        id={id}
        className={prose ? 'input textarea textarea-prose' : 'input textarea'}
        rows={rows}
        spellCheck={prose}
        placeholder={placeholder}
        data-testid={testId}
        aria-invalid={issue ? true : undefined}
        aria-describedby={`${id}-note`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {issue ? (
        <p className="field-issue" id={`${id}-note`} data-testid={`${testId}-error`}>
          {issue}
        </p>
      ) : (
        <p className="field-hint" id={`${id}-note`}>
          {hint}
        </p>
      )}
      {count && (
        <p className="field-hint field-count" data-testid={`${testId}-count`}>
          {count}
        </p>
      )}
    </div>
  );
}
