// What this install is running on, so "is my GPU used?" has a plain answer and bug reports carry
// the versions that matter.
import { CircleCheck, CircleMinus, RefreshCw } from 'lucide-react';
import type { SystemStatus } from '../../../shared/contract';
import { loadSummary } from '../../../shared/load-words';
import { IconButton } from '../../ui/Button';
import { InlineError } from '../../ui/InlineError';
import { StartupNoticeList } from './StartupNotices';
import { useSystemStatus } from './useSystemStatus';

const TRANSPORT_LABELS: Record<SystemStatus['transport'], string> = {
  electron: 'Desktop app (IPC)',
  'browser-host': 'Browser (local host, WebSocket)',
  cli: 'Command line',
};

const LAST_KIND_LABELS: Record<string, string> = { text: 'Text', image: 'Image', upscale: 'Enhance' };

export function StatusPanel() {
  const { status, error, reload } = useSystemStatus();

  return (
    <div className="panel" data-testid="status-panel">
      <div className="panel-toolbar">
        <p className="muted small">This installation and the devices it can run models on.</p>
        <IconButton small label="Refresh status" icon={<RefreshCw size={14} />} onClick={() => void reload()} />
      </div>
      <InlineError message={error} />
      {status && (
        <>
          <dl className="facts">
            <dt>Atelier</dt>
            <dd data-testid="status-app-version">{status.appVersion}</dd>
            <dt>Node.js</dt>
            <dd>{status.nodeVersion}</dd>
            <dt>ONNX Runtime</dt>
            <dd>{status.ortVersion}</dd>
            <dt>Platform</dt>
            <dd>
              {status.platform} / {status.arch}
            </dd>
            <dt>Connection</dt>
            <dd>{TRANSPORT_LABELS[status.transport] ?? status.transport}</dd>
            <dt>Data folder</dt>
            <dd className="mono selectable">{status.dataDir}</dd>
          </dl>
          <StartupNoticeList notices={status.notices ?? []} recovered={status.recovered ?? []} onRecoveredChanged={reload} />
          <h3 className="section-label panel-subhead">Execution providers</h3>
          <ul className="providers">
            {status.executionProviders.map((ep) => (
              <li key={ep.name} className={ep.available ? 'provider provider-on' : 'provider'} data-testid="execution-provider">
                {ep.available ? <CircleCheck size={16} aria-hidden /> : <CircleMinus size={16} aria-hidden />}
                <span className="provider-name">{ep.name}</span>
                <span className="provider-state">{ep.available ? 'Available' : 'Not available'}</span>
                {ep.reason && <span className="provider-reason">{ep.reason}</span>}
              </li>
            ))}
          </ul>
          <h3 className="section-label panel-subhead">Last job of each kind ran on</h3>
          {status.lastDevices.length === 0 ? (
            <p className="muted small" data-testid="status-last-devices-empty">
              No finished job yet.
            </p>
          ) : (
            <ul className="providers">
              {status.lastDevices.map((d) => (
                <li key={d.kind} className="provider provider-on" data-testid="status-last-device" data-kind={d.kind} data-used={d.used} data-requested={d.requested}>
                  <span className="provider-name">{LAST_KIND_LABELS[d.kind] ?? d.kind}</span>
                  <span className="provider-state">
                    {d.used}
                    {d.requested !== d.used && d.requested !== 'auto' ? ` (asked for ${d.requested})` : ''} · {d.modelId}
                  </span>
                  {d.fallbackReason && <span className="provider-reason">Fell back: {d.fallbackReason}</span>}
                  {d.load && loadSummary(d.load) && (
                    <span className="provider-reason" data-testid="status-last-load">
                      {loadSummary(d.load)}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
