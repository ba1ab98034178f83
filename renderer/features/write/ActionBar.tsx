// The bar under the editor: Continue / alternatives / regenerate / rewrite when idle; Stop,
// Accept, Reject, More and the status line while a generation is shown.
import { BookMarked, Check, LoaderCircle, PenLine, RefreshCw, Rows3, Sparkles, Square, X } from 'lucide-react';
import type { ReactNode } from 'react';
import { loadStageLine } from '../../../shared/load-words';
import { Button } from '../../ui/Button';
import { MOD } from '../../ui/platformKeys';
import { useLoadElapsed } from '../../ui/useLoadElapsed';
import { Keys } from './Keys';
import { QueueWait } from './QueueWait';
import { stoppedStatus } from './keptRows';
import type { GenView } from './sessionTypes';
import { STOP_LABELS } from './stopLabels';

interface ActionBarProps {
  gen: GenView | null;
  model: string | null;
  alternatives: number;
  memory: string;
  canRegenerate: boolean;
  canRewrite: boolean;
  onContinue(): void;
  onAlternatives(): void;
  onRegenerate(): void;
  onRewrite(): void;
  onRewriteAgain(): void;
  onOpenMemory(): void;
  onStop(): void;
  onAccept(): void;
  onReject(): void;
  onMore(): void;
}

export function ActionBar(props: ActionBarProps) {
  const { gen, model } = props;
  const loadingElapsed = useLoadElapsed(gen?.loading);
  if (!gen) {
    return (
      <div className="action-bar" data-testid="write-actions">
        <Button variant="primary" small icon={<Sparkles size={14} />} onClick={props.onContinue} data-testid="write-continue" title={`Continue at the cursor (${MOD}+Enter)`}>
          Continue <Keys keys={[MOD, '↵']} />
        </Button>
        <Button small icon={<Rows3 size={14} />} onClick={props.onAlternatives} data-testid="write-alternatives-run" title={`Write alternatives side by side (${MOD}+Shift+Enter)`}>
          {props.alternatives} alternatives <Keys keys={[MOD, '⇧', '↵']} />
        </Button>
        {props.canRegenerate && (
          <Button
            small
            variant="ghost"
            icon={<RefreshCw size={14} />}
            onClick={props.onRegenerate}
            data-testid="write-regenerate"
            title="Save your edit, then let the model rewrite its text after the cursor"
          >
            Save &amp; regenerate
          </Button>
        )}
        {props.canRewrite && (
          <Button
            small
            icon={<PenLine size={14} />}
            // Keep the editor's selection: the click must not move the focus before the field opens.
            onMouseDown={(e) => e.preventDefault()}
            onClick={props.onRewrite}
            data-testid="write-rewrite"
            title={`Rewrite the selection as you say: needs an instruct model (${MOD}+Shift+E)`}
          >
            Rewrite… <Keys keys={[MOD, '⇧', 'E']} />
          </Button>
        )}
        <span className="action-bar-spacer" />
        {props.memory.trim() !== '' && <MemoryBadge memory={props.memory} onOpen={props.onOpenMemory} />}
        {model && (
          <span className="action-bar-model muted small" title="The model that writes (change it in Settings)">
            {model}
          </span>
        )}
      </div>
    );
  }

  const tokens = gen.rows.reduce((n, r) => n + r.tokens, 0);
  const active = gen.status === 'starting' || gen.status === 'queued' || gen.status === 'running';
  const many = gen.mode === 'alternatives';
  const rewriting = gen.mode === 'rewrite';
  let status: ReactNode;
  if (gen.status === 'starting') status = 'Starting…';
  else if (gen.status === 'queued') status = <QueueWait jobId={gen.jobId} />;
  // After a reload the text shown came back without its token count: none is given until the host's.
  else if (gen.status === 'running' && gen.catchingUp) status = 'Catching up…';
  else if (gen.status === 'running' && tokens === 0 && gen.loading) status = loadStageLine(gen.loading, loadingElapsed);
  else if (gen.status === 'running') status = tokens > 0 ? `${rewriting ? 'Rewriting' : 'Writing'}… ${tokens} tokens` : 'Working…';
  else if (gen.status === 'stopped') status = stoppedStatus(gen);
  else if (many) status = `${gen.rows.length} alternatives — click one or press its number to keep it`;
  else if (rewriting) status = `Rewrite ready: ${tokens} tokens · ${STOP_LABELS[gen.rows[0]?.stopReason ?? 'eos']} — Tab replaces the selection`;
  else status = `${tokens} tokens · ${STOP_LABELS[gen.rows[0]?.stopReason ?? 'eos']}`;

  return (
    <div className="action-bar action-bar-live" data-testid="write-actions">
      {active && (
        <Button small variant="danger" icon={<Square size={12} fill="currentColor" />} onClick={props.onStop} data-testid="write-stop" title="Stop (Esc): keeps what it wrote">
          Stop <Keys keys={['Esc']} />
        </Button>
      )}
      {!many && (
        <Button
          small
          variant={active ? 'quiet' : 'primary'}
          icon={<Check size={14} />}
          onClick={props.onAccept}
          disabled={gen.accepting}
          data-testid="write-accept"
          title={rewriting ? 'Replace the selection with it (Tab)' : active ? 'Stop here and keep it (Tab)' : 'Keep it (Tab)'}
        >
          Accept <Keys keys={['Tab']} />
        </Button>
      )}
      {!active && (
        <Button
          small
          icon={<X size={14} />}
          onClick={props.onReject}
          data-testid="write-reject"
          title={rewriting ? 'Keep the original (Esc): the rewrite stays in the version tree' : 'Reject (Esc): it stays in the version tree'}
        >
          {many ? 'Reject all' : 'Reject'} <Keys keys={['Esc']} />
        </Button>
      )}
      {many && !active && (
        <Button small variant="ghost" icon={<RefreshCw size={14} />} onClick={props.onMore} data-testid="write-more" title="Write another set of alternatives">
          More
        </Button>
      )}
      {rewriting && !active && (
        <Button small variant="ghost" icon={<RefreshCw size={14} />} onClick={props.onRewriteAgain} data-testid="write-rewrite-again" title="Reject this rewrite and try the same instruction again">
          Again
        </Button>
      )}
      <span className="action-bar-spacer" />
      <span className="gen-status" data-testid="write-gen-status" data-state={gen.status} data-mode={gen.mode} role="status" aria-live="polite">
        {active && <LoaderCircle size={14} className="spin" aria-hidden />}
        {status}
      </span>
    </div>
  );
}

function MemoryBadge({ memory, onOpen }: { memory: string; onOpen(): void }) {
  const preview = memory.trim().replace(/\s+/g, ' ');
  return (
    <button
      type="button"
      className="memory-badge"
      onClick={onOpen}
      data-testid="write-memory-badge"
      title={`Memory goes with every generation: “${preview.length > 120 ? `${preview.slice(0, 120)}…` : preview}” (edit it in Settings)`}
    >
      <BookMarked size={12} aria-hidden />
      Memory
    </button>
  );
}
