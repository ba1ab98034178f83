// Why a model's last run fell back, and a way to try the failed device again for this model only:
// the worker remembers a failed accelerator per model (skipped until Atelier restarts), so the
// other models keep going straight to the device that works for them.
import { RotateCcw } from 'lucide-react';
import { useState } from 'react';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { Button } from '../../ui/Button';
import { InlineError } from '../../ui/InlineError';
import { providerLabel } from './format';
import type { DeviceUse } from './useLastDevices';

export function FallbackNote({ modelId, modelName, device }: { modelId: string; modelName: string; device: DeviceUse }) {
  const client = useClient();
  const [retried, setRetried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const asked = providerLabel(device.requested);

  async function retry() {
    setError(null);
    try {
      await client.call('settings.retryDevices', { modelId });
      setRetried(true);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <div className="model-note model-fallback-note" data-testid="model-fallback-note">
      <p data-testid="model-fallback">Fell back: {device.fallbackReason}</p>
      <Button small variant="ghost" icon={<RotateCcw size={14} aria-hidden />} onClick={() => void retry()} title={`Only ${modelName}: other models keep skipping the devices that failed for them`} data-testid="model-retry-devices">
        Try {device.requested === 'auto' ? 'the failed device' : asked} again for this model
      </Button>
      {retried && (
        <span className="device-note" role="status" data-testid="model-retry-devices-done">
          The next job with this model tries every device again; other models still skip the ones that failed for them.
        </span>
      )}
      <InlineError message={error} />
    </div>
  );
}
