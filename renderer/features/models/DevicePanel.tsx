// "Is my GPU used?" answered up front, and the runtime settings beside it: the execution providers
// that really start on this machine, which one jobs use (Auto or a named one, persisted), how much
// memory loaded models may keep, what is loaded now, and the optimised-graph cache on disk.
import { CircleCheck, CircleMinus, Cpu } from 'lucide-react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ProviderChoice, SystemStatus } from '../../../shared/contract';
import { MAX_BUDGET_BYTES, MIN_BUDGET_BYTES } from '../../../shared/contract/settings';
import { GPU_PREFERENCE } from '../../../shared/providers';
import { errorMessage } from '../../app/errorMessage';
import { Button } from '../../ui/Button';
import { DevicePicker } from '../../ui/DevicePicker';
import { InlineError } from '../../ui/InlineError';
import { KIND_LABELS, formatBytes, providerLabel } from './format';
import { useRuntime } from './useRuntime';

/** What Auto tries: the best accelerator that starts here, then CPU (the engine's order). */
export function autoOrder(status: SystemStatus): string[] {
  const gpu = GPU_PREFERENCE.find((g) => status.executionProviders.some((p) => p.name === g && p.available));
  return gpu ? [gpu, 'cpu'] : ['cpu'];
}

const GIB = 2 ** 30;

export function DevicePanel({ status, error }: { status: SystemStatus | null; error: string | null }) {
  const ids = useId();
  const runtime = useRuntime();
  const [budget, setBudget] = useState('');
  const [saveError, setSaveError] = useState<string | null>(null);
  const saved = runtime.state?.settings.memoryBudgetBytes;

  useEffect(() => {
    if (saved !== undefined) setBudget(String(Math.round((saved / GIB) * 100) / 100));
  }, [saved]);

  if (error) return <InlineError message={`Could not read this machine's devices: ${error}`} />;
  if (!status) return null;
  const order = autoOrder(status);
  const state = runtime.state;

  async function change(provider: ProviderChoice) {
    setSaveError(null);
    try {
      await runtime.save({ provider });
    } catch (err) {
      setSaveError(errorMessage(err));
    }
  }

  async function saveBudget(e: FormEvent) {
    e.preventDefault();
    setSaveError(null);
    const gib = Number(budget);
    const bytes = Math.round(gib * GIB);
    if (!Number.isFinite(gib) || bytes < MIN_BUDGET_BYTES || bytes > MAX_BUDGET_BYTES) {
      setSaveError(`The memory budget must be a number of GiB from ${MIN_BUDGET_BYTES / GIB} to ${MAX_BUDGET_BYTES / GIB}`);
      return;
    }
    try {
      await runtime.save({ memoryBudgetBytes: bytes });
    } catch (err) {
      setSaveError(errorMessage(err));
    }
  }

  return (
    <section className="device-panel" aria-labelledby="device-title" data-testid="models-devices">
      <div className="device-head">
        <Cpu size={16} aria-hidden />
        <h2 id="device-title" className="device-title">
          Devices and memory
        </h2>
        <ul className="device-list">
          {status.executionProviders.map((ep) => (
            <li
              key={ep.name}
              className={ep.available ? 'device device-on' : 'device'}
              data-testid="models-provider"
              data-provider={ep.name}
              data-available={String(ep.available)}
              title={ep.reason ?? (ep.available ? 'Available' : 'Not available')}
            >
              {ep.available ? <CircleCheck size={14} aria-hidden /> : <CircleMinus size={14} aria-hidden />}
              {providerLabel(ep.name)}
              <span className="visually-hidden">{ep.available ? ' (available)' : ` (not available${ep.reason ? `: ${ep.reason}` : ''})`}</span>
            </li>
          ))}
        </ul>
      </div>

      <div className="runtime-row">
        <label className="runtime-label" htmlFor={`${ids}-provider`}>
          Run jobs on
        </label>
        <DevicePicker
          id={`${ids}-provider`}
          className="input runtime-select"
          value={state?.settings.provider ?? 'auto'}
          disabled={!state}
          providers={status.executionProviders}
          onChange={(provider) => void change(provider)}
          testId="settings-provider"
        />
        <p className="device-note" data-testid="models-device-choice">
          <strong>Auto</strong> tries {order.map(providerLabel).join(', then ')}. A model can have its own choice (in its row); a provider that fails to
          start or fails its first run falls back to the next, and the recipe records why. That model then skips it until Atelier restarts
          or you try again on its row (only that model; the others keep skipping what failed for them).
        </p>
      </div>

      {/* noValidate: our own check words the range; the browser's would block a valid 1.5 over a step rule. */}
      <form className="runtime-row" noValidate onSubmit={(e) => void saveBudget(e)}>
        <label className="runtime-label" htmlFor={`${ids}-budget`}>
          Keep models loaded up to
        </label>
        <input
          id={`${ids}-budget`}
          className="input runtime-budget"
          type="number"
          inputMode="decimal"
          step="any"
          min={MIN_BUDGET_BYTES / GIB}
          max={MAX_BUDGET_BYTES / GIB}
          value={budget}
          disabled={!state}
          onChange={(e) => setBudget(e.target.value)}
          data-testid="settings-budget"
        />
        <span className="runtime-unit">GiB</span>
        <Button small type="submit" disabled={!state || Math.round(Number(budget) * GIB) === saved} data-testid="settings-budget-save">
          Save
        </Button>
        {state && (
          <span className="device-note" data-testid="settings-budget-note">
            Default {formatBytes(state.defaultBudgetBytes)}; above the budget the least recently used model is unloaded.
          </span>
        )}
      </form>
      <InlineError message={saveError ?? runtime.error} />

      {state && (
        <div className="runtime-loaded" data-testid="settings-loaded" data-count={state.loaded.length} data-bytes={state.loadedBytes}>
          <p className="device-note">
            Loaded now: {state.loaded.length === 0 ? 'nothing' : `${state.loaded.length} ${state.loaded.length === 1 ? 'model' : 'models'}, ${formatBytes(state.loadedBytes)}`} of{' '}
            {formatBytes(state.settings.memoryBudgetBytes)}.
          </p>
          {state.loaded.length > 0 && (
            <ul className="runtime-loaded-list">
              {state.loaded.map((m) => (
                <li key={`${m.kind}:${m.label}:${m.provider}`} className="runtime-loaded-item" data-testid="settings-loaded-item" data-label={m.label} data-provider={m.provider ?? ''}>
                  <span className="mono">{m.label}</span>
                  <span>{KIND_LABELS[m.kind as keyof typeof KIND_LABELS] ?? m.kind}</span>
                  <span>{m.provider ? providerLabel(m.provider) : 'loading…'}</span>
                  <span>{formatBytes(m.bytes)}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="device-note" data-testid="settings-cache" data-entries={state.cache.entries}>
            Optimised-graph cache: {state.cache.entries} {state.cache.entries === 1 ? 'graph' : 'graphs'}, {formatBytes(state.cache.bytes)} in{' '}
            <span className="mono selectable">{state.cache.dir}</span> (second loads skip onnxruntime's graph optimisation).
          </p>
        </div>
      )}
    </section>
  );
}
