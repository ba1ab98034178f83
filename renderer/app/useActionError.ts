// Error state for an action, forgotten when the connection reopens: "not connected" and
// "connection lost" stop being true the moment the host is back.
import { useState } from 'react';
import { useConnectionEpoch } from './ClientContext';

export function useActionError(): [string | null, (message: string | null) => void] {
  const epoch = useConnectionEpoch();
  const [state, setState] = useState<{ epoch: number; message: string | null }>({ epoch, message: null });
  // Derived during render rather than reset in an effect, so a stale message never flashes.
  const message = state.epoch === epoch ? state.message : null;
  return [message, (next) => setState({ epoch, message: next })];
}
