// What start-up had to do to the database (restored a backup, started fresh, could not back up)
// or to files a crash left behind (moved to recovered/), shown once as a banner until dismissed,
// and always listed in the status panel. The text comes from the host and names the files, so the
// user knows exactly where their data went; the recovered/ folders stay listed after later starts.

import { DatabaseBackup, TriangleAlert } from 'lucide-react';
import type { RecoveredFolder, StartupNotice } from '../../../shared/contract';
import { usePersistentState } from '../../app/usePersistentState';
import { Button } from '../../ui/Button';
import { RecoveredFolders } from './RecoveredFolders';
import { useSystemStatus } from './useSystemStatus';

const TITLES: Record<StartupNotice['kind'], string> = {
  restored: 'Your database was damaged and has been restored from a backup',
  fresh: 'Your database was damaged and no backup could be used',
  'backup-failed': 'The daily backup could not be written',
  'files-recovered': 'Files left by an interrupted save or import were set aside',
};

export function noticeTitle(n: StartupNotice): string {
  return TITLES[n.kind] ?? 'Start-up notice';
}

function useStartupNotices(): StartupNotice[] {
  // The status panel shows why status failed; the banner just stays away.
  return useSystemStatus().status?.notices ?? [];
}

export function StartupNoticeBanner() {
  const notices = useStartupNotices();
  // The newest notice time the user dismissed: a later recovery shows again.
  const [dismissed, setDismissed] = usePersistentState<string>('startupNoticesSeen', '0');
  const shown = notices.filter((n) => n.at > Number(dismissed));
  if (shown.length === 0) return null;
  return (
    <div role="alert" className="banner banner-notice" data-testid="startup-notice">
      <div className="banner-notice-items">
        {shown.map((n, i) => (
          <div key={`${n.kind}-${n.at}-${i}`} className="banner-notice-item">
            {n.kind === 'backup-failed' ? <TriangleAlert size={16} aria-hidden /> : <DatabaseBackup size={16} aria-hidden />}
            <div>
              <strong>{noticeTitle(n)}.</strong> <span className="selectable">{n.message}</span>
            </div>
          </div>
        ))}
      </div>
      <Button small onClick={() => setDismissed(String(Math.max(...shown.map((n) => n.at))))}>
        Dismiss
      </Button>
    </div>
  );
}

/**
 * The same notices, kept in the status panel for as long as this host runs, and every folder in
 * recovered/ (from this start or an earlier one) with its path, how much it holds and its size.
 */
export function StartupNoticeList({
  notices,
  recovered = [],
  onRecoveredChanged,
}: {
  notices: StartupNotice[];
  recovered?: RecoveredFolder[];
  onRecoveredChanged?: () => Promise<void> | void;
}) {
  if (notices.length === 0 && recovered.length === 0) return null;
  return (
    <>
      <h3 className="section-label panel-subhead">At start-up</h3>
      {notices.length > 0 && (
        <ul className="startup-notices" data-testid="status-notices">
          {notices.map((n, i) => (
            <li key={`${n.kind}-${n.at}-${i}`}>
              <strong>{noticeTitle(n)}</strong>
              <p className="small selectable">{n.message}</p>
            </li>
          ))}
        </ul>
      )}
      <RecoveredFolders recovered={recovered} onChanged={onRecoveredChanged} />
    </>
  );
}
