// The settings panel's model part: which model writes, on which device, and why a fallback happened.
import { useId } from 'react';
import { DevicePicker } from '../../ui/DevicePicker';
import { MODELS_LOADING } from '../models/pickerLabel';
import { DEFAULT_MODEL } from './settings';
import { Section } from './Section';
import type { SettingsPanelProps } from './settingsPanelProps';

export function ModelSection({ settings, onChange, model, models, modelsError, status, lastRecipe, issues }: SettingsPanelProps) {
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
