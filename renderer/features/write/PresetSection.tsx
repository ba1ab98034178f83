// Built-in and saved presets: pick one, save the current settings under a name, delete your own.
import { Save, X } from 'lucide-react';
import { useId, useRef, useState } from 'react';
import { IconButton } from '../../ui/Button';
import { NameField } from '../../ui/NameField';
import { BUILT_IN_PRESETS, PRESET_KEYS, applyPreset, matchingPreset, presetNameProblem, type PresetValues } from './settings';
import { Section } from './Section';
import type { SettingsPanelProps } from './settingsPanelProps';

export function PresetSection({ settings, onChange, userPresets, onUserPresets }: SettingsPanelProps) {
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
