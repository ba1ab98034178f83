// The elapsed time of a loading stage, ticking: the worker reports a stage once when it begins
// (creating a session is one native call that reports nothing until it ends), so the view adds
// the time since that report arrived.
import { useEffect, useState } from 'react';
import type { LoadStage } from '../../shared/contract';

export function useLoadElapsed(stage: LoadStage | null | undefined): number {
  const [arrived, setArrived] = useState(() => ({ stage, at: Date.now() }));
  const [now, setNow] = useState(() => Date.now());
  if (arrived.stage !== stage) setArrived({ stage, at: Date.now() });
  useEffect(() => {
    if (!stage) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [stage]);
  if (!stage) return 0;
  return stage.elapsedMs + Math.max(0, now - arrived.at);
}
