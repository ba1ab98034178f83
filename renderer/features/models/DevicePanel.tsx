// "Is my GPU used?" answered up front: the execution providers this machine's onnxruntime offers,
// and which one a job set to Auto will try first.
import { CircleCheck, CircleMinus, Cpu } from 'lucide-react';
import type { SystemStatus } from '../../../shared/contract';
import { InlineError } from '../../ui/InlineError';
import { providerLabel } from './format';

/** The GPU provider Auto tries first on each platform (the engine's order; CPU always follows). */
const PLATFORM_GPU: Record<string, string> = { linux: 'cuda', win32: 'dml', darwin: 'coreml' };

export function autoOrder(status: SystemStatus): string[] {
  const gpu = PLATFORM_GPU[status.platform];
  const has = gpu !== undefined && status.executionProviders.some((p) => p.name === gpu && p.available);
  return has ? [gpu, 'cpu'] : ['cpu'];
}

export function DevicePanel({ status, error }: { status: SystemStatus | null; error: string | null }) {
  if (error) return <InlineError message={`Could not read this machine's devices: ${error}`} />;
  if (!status) return null;
  const order = autoOrder(status);
  return (
    <section className="device-panel" aria-labelledby="device-title" data-testid="models-devices">
      <div className="device-head">
        <Cpu size={16} aria-hidden />
        <h2 id="device-title" className="device-title">
          Devices
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
      <p className="device-note" data-testid="models-device-choice">
        Jobs use <strong>Auto</strong>: {order.map(providerLabel).join(', then ')}
        {order.length > 1 ? ', with the reason recorded when it falls back' : ''}. Choosing a device yourself (for all jobs or per model) is
        not available yet.
      </p>
    </section>
  );
}
