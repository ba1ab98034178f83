// system.status (and again after a reconnect): versions, execution providers, start-up notices.
import type { SystemStatus } from '../../../shared/contract';
import { useLiveQuery } from '../../app/useLiveQuery';

export function useSystemStatus(): { status: SystemStatus | null; error: string | null; reload(): Promise<void> } {
  const { data, error, reload } = useLiveQuery('system.status', (client) => client.call('system.status', {}));
  return { status: data, error, reload };
}
