// What a job's model loading is doing now: the stage, with bytes of total and a bar where known,
// else the elapsed time and an indeterminate bar.
import type { LoadStage } from '../../../shared/contract';
import { loadStageFraction, loadStageLine } from '../../../shared/load-words';
import { ProgressBar } from '../../ui/ProgressBar';
import { useLoadElapsed } from '../../ui/useLoadElapsed';

export function LoadingLine({ stage }: { stage: LoadStage }) {
  const elapsed = useLoadElapsed(stage);
  const line = loadStageLine(stage, elapsed);
  return (
    <div className="job-loading" data-testid="job-loading" data-stage={stage.stage}>
      <ProgressBar value={loadStageFraction(stage)} label={`Loading ${stage.model}`} />
      <span className="job-progress-text">{line}</span>
    </div>
  );
}
