// A thin banner while the browser has lost the host; calls fail fast meanwhile, and every list
// reloads when the connection comes back.
import { LoaderCircle, WifiOff } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useConnectionState } from './ClientContext';

/** A first connection that is merely slow should not flash a banner. */
const CONNECTING_GRACE_MS = 1500;

export function ConnectionBanner() {
  const state = useConnectionState();
  const [graceOver, setGraceOver] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setGraceOver(true), CONNECTING_GRACE_MS);
    return () => clearTimeout(timer);
  }, []);

  let content = null;
  if (state === 'reconnecting' || (state === 'connecting' && graceOver)) {
    content = (
      <>
        <LoaderCircle size={14} className="spin" aria-hidden />
        <span>{state === 'reconnecting' ? 'Connection lost — reconnecting…' : 'Connecting to the Atelier host…'}</span>
      </>
    );
  } else if (state === 'unauthorized') {
    content = (
      <>
        <WifiOff size={14} aria-hidden />
        <span>The Atelier host refused this window. Open the address that “atelier serve” printed, including its token.</span>
      </>
    );
  }
  return (
    <div role="status" aria-live="polite" className={content ? 'banner' : 'banner-empty'} data-testid="connection-banner">
      {content}
    </div>
  );
}
