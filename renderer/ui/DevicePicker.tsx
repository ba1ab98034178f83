// The one device picker (writing settings, image prompt panel, Models view, a model's row): Auto
// first, then every execution provider; those that cannot run here are listed but disabled, with
// the reason on the option and, for keyboard and screen-reader users, in a note the select is
// described by. Choosing one that fails anyway still falls back to the CPU with the reason recorded.
import { useId } from 'react';
import { PROVIDERS, type ExecutionProviderInfo, type ProviderChoice } from '../../shared/contract';
import { providerLabel } from './providerLabel';

/** Providers onnxruntime ships only for another system: what to say when this build lacks them. */
const OTHER_SYSTEM: Record<string, string> = {
  dml: 'DirectML is part of onnxruntime on Windows only',
  coreml: 'CoreML is part of onnxruntime on macOS only',
};

export interface DeviceOption {
  value: ProviderChoice;
  label: string;
  available: boolean;
  reason: string | null;
}

/**
 * Every choice in order with whether it can be picked and why not. `providers` is what this
 * machine offers (null while unknown: nothing is disabled yet); `notFor` adds per-model reasons.
 */
export function deviceOptions(providers: readonly ExecutionProviderInfo[] | null, autoLabel = 'Auto', notFor: Readonly<Record<string, string>> = {}): DeviceOption[] {
  return PROVIDERS.map((p) => {
    if (p === 'auto') return { value: p, label: autoLabel, available: true, reason: null };
    const ep = providers?.find((x) => x.name === p);
    let reason: string | null = null;
    if (providers && p !== 'cpu') {
      if (!ep) reason = OTHER_SYSTEM[p] ?? 'not part of onnxruntime on this system';
      else if (!ep.available) reason = ep.reason ?? 'does not start on this machine';
    }
    reason ??= notFor[p] ?? null;
    return { value: p, label: providerLabel(p), available: reason === null, reason };
  });
}

interface DevicePickerProps {
  /** The select's id, for its label's htmlFor. */
  id: string;
  value: ProviderChoice;
  onChange(next: ProviderChoice): void;
  providers: readonly ExecutionProviderInfo[] | null;
  testId: string;
  autoLabel?: string;
  /** Providers this machine offers that the model cannot use, with why. */
  notFor?: Readonly<Record<string, string>>;
  className?: string;
  disabled?: boolean;
  /** Where many pickers sit in a list (a model's row): the reasons stay on the options and in the description only. */
  compact?: boolean;
  'aria-label'?: string;
}

export function DevicePicker({ id, value, onChange, providers, testId, autoLabel, notFor, className, disabled, compact, ...aria }: DevicePickerProps) {
  const noteId = `${useId()}-why`;
  const options = deviceOptions(providers, autoLabel, notFor);
  const off = options.filter((o) => !o.available);
  const chosenOff = off.some((o) => o.value === value);
  return (
    <>
      <select
        id={id}
        className={className ?? 'input select'}
        data-testid={testId}
        value={value}
        disabled={disabled}
        aria-label={aria['aria-label']}
        aria-describedby={off.length > 0 ? noteId : undefined}
        onChange={(e) => onChange(e.target.value as ProviderChoice)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={!o.available} title={o.reason ?? undefined}>
            {o.label}
            {o.available ? '' : ' — not available'}
          </option>
        ))}
      </select>
      {off.length > 0 && (
        <details className={compact ? 'visually-hidden' : 'device-why'} data-testid={`${testId}-why`}>
          <summary>
            {chosenOff ? `${providerLabel(value)} does not run here: jobs fall back to CPU. ` : ''}
            Not available: {off.map((o) => o.label).join(', ')}
          </summary>
          <ul id={noteId}>
            {off.map((o) => (
              <li key={o.value} data-testid={`${testId}-reason`} data-provider={o.value}>
                <strong>{o.label}</strong>: {o.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
