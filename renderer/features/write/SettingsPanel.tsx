// The inspector for writing: which model (and device) runs, the document's memory, how many
// alternatives, every sampler, seed, stop strings and beams, with built-in and saved presets. A field's problem (from the shared
// schema here, or from the host) is shown right under it.
import { MEMORY_MAX, type WriteSettings } from './settings';
import { ModelSection } from './ModelSection';
import { PresetSection } from './PresetSection';
import { SamplerOrder } from './SamplerOrder';
import { Section } from './Section';
import { SeedSection } from './SeedSection';
import { NumberField, type NumberFieldProps } from './NumberField';
import { TextAreaField } from './TextAreaField';
import type { SettingsPanelProps } from './settingsPanelProps';

type Sampling = WriteSettings['sampling'];

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
