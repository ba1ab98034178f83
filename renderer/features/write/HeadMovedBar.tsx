// What the writer sees when another window (or program) moved the document's head. With edits of
// their own: a bar that stays until they choose (Show it offers to save the edits first; Keep
// editing stays on this window's version and saves them as a branch). Without: a brief notice that
// the editor followed. Both sit in the dock above the action bar, where a toast would cover them.
// Test ids: head-moved-bar (data-state ask|confirm) / head-moved-show / head-moved-keep /
// head-moved-save-show / head-moved-cancel / head-moved-error / head-followed / head-followed-close.
import { ArrowRightLeft, GitBranch, Save, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Button, IconButton } from '../../ui/Button';
import type { Followed, HeadMoved } from './sessionTypes';

/** Long enough to read; the tree keeps the way back for good. */
const NOTICE_MS = 12_000;

/** "Updated to version … from another window", for a while (give it key={followed.seq}). */
export function FollowedNotice({ followed }: { followed: Followed }) {
  const [open, setOpen] = useState(true);
  useEffect(() => {
    const timer = setTimeout(() => setOpen(false), NOTICE_MS);
    return () => clearTimeout(timer);
  }, []);
  if (!open) return null;
  return (
    <div className="head-followed" data-testid="head-followed" data-iteration-id={followed.id}>
      <p className="head-moved-text" role="status" aria-live="polite">
        <ArrowRightLeft size={14} aria-hidden />
        <span>{followed.message}</span>
      </p>
      <IconButton small label="Dismiss" icon={<X size={14} />} onClick={() => setOpen(false)} data-testid="head-followed-close" />
    </div>
  );
}

export function HeadMovedBar({ moved, onShow, onKeep, onCancel }: { moved: HeadMoved; onShow(): void; onKeep(): void; onCancel(): void }) {
  const bar = useRef<HTMLDivElement>(null);
  // The offer to save takes the focus, so Enter answers it from the keyboard.
  useEffect(() => {
    if (moved.confirming) bar.current?.querySelector<HTMLButtonElement>('[data-testid="head-moved-save-show"]')?.focus();
  }, [moved.confirming]);
  return (
    <div ref={bar} className="head-moved-bar" role="region" aria-label="The document moved elsewhere" data-testid="head-moved-bar" data-state={moved.confirming ? 'confirm' : 'ask'}>
      <p className="head-moved-text" role="status" aria-live="polite">
        <ArrowRightLeft size={14} aria-hidden />
        <span>
          {moved.confirming ? 'Your edits here are not saved in a version yet. Save them (they stay in the tree), then show the other version?' : moved.message}
        </span>
      </p>
      <div className="button-row">
        {moved.confirming ? (
          <>
            <Button small variant="primary" icon={<Save size={14} />} onClick={onShow} disabled={moved.working} data-testid="head-moved-save-show">
              Save mine, then show it
            </Button>
            <Button small onClick={onCancel} disabled={moved.working} data-testid="head-moved-cancel">
              Back
            </Button>
          </>
        ) : (
          <>
            <Button small variant="primary" onClick={onShow} disabled={moved.working} data-testid="head-moved-show">
              Show it
            </Button>
            <Button small icon={<GitBranch size={14} />} onClick={onKeep} disabled={moved.working} data-testid="head-moved-keep" title="Stay on this window's version: your edits save as a branch from it">
              Keep editing here
            </Button>
          </>
        )}
      </div>
      {moved.error && (
        <p className="inline-error" role="alert" data-testid="head-moved-error">
          {moved.error}
        </p>
      )}
    </div>
  );
}
