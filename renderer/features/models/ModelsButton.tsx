// The top bar's way into the model library, with the device Auto runs jobs on next to it
// ("Models · CPU"), so "is my GPU used?" is answered without opening anything. Until the host has
// said which devices it has (seconds on a busy machine), the badge says so instead of vanishing.
import { Boxes } from 'lucide-react';
import { autoOrder } from './DevicePanel';
import { providerLabel } from './format';
import { useSystemStatus } from '../status/useSystemStatus';
import './models.css';

export function ModelsButton({ open, onOpen }: { open: boolean; onOpen(): void }) {
  const { status, error } = useSystemStatus();
  const device = status ? providerLabel(autoOrder(status)[0] ?? 'cpu') : null;
  const loading = status === null && error === null;
  return (
    <button
      type="button"
      className={open ? 'models-button models-button-open' : 'models-button'}
      aria-current={open ? 'page' : undefined}
      onClick={onOpen}
      title={device ? `Model library · jobs run on ${device} (Auto)` : loading ? 'Model library · checking devices…' : 'Model library'}
      data-testid="open-models"
    >
      <Boxes size={16} aria-hidden />
      <span>Models</span>
      {(device || loading) && (
        <span className="models-button-device" data-testid="models-button-device" data-loading={loading || undefined}>
          {device ?? '…'}
        </span>
      )}
    </button>
  );
}
