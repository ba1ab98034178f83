// The selected version under the tree: open it, star it, tag it, write a note, re-run it
// (Reproduce) or move it to the trash and back. Its reproduction records say how its re-runs
// went, or, for a re-run, which version it repeats and whether it matched.
//
// Test ids: history-inspector (data-iteration-id) / history-open / history-star (aria-pressed) /
//   history-tags / history-note / history-save-marks / history-marks-error / history-trash /
//   history-restore / history-trash-blocked / history-reproduce / history-reproduce-status /
//   history-reproduce-result (data-outcome) / history-reproduce-show / history-reproductions /
//   history-reproduction (data-outcome, data-role original|rerun)
import { ExternalLink, RotateCcw, Save, Star, Trash, Repeat, LoaderCircle } from 'lucide-react';
import { useEffect, useId, useState, type KeyboardEvent, type RefObject } from 'react';
import type { Iteration } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { useLiveQuery } from '../../app/useLiveQuery';
import { Button } from '../../ui/Button';
import { formatFull, formatRelative } from '../../ui/formatTime';
import { InlineError } from '../../ui/InlineError';
import { describe } from './describe';
import type { ReproduceState } from './useReproduce';
import { verdictText } from './verdict';

interface Props {
  it: Iteration;
  /** Alternative 1 of several (see firstAlternatives). */
  firstAlt?: boolean;
  isHead: boolean;
  /** Text documents keep their current version out of the trash (the editor shows it). */
  protectHead: boolean;
  reproduce: ReproduceState | null;
  tagsRef: RefObject<HTMLInputElement | null>;
  noteRef: RefObject<HTMLTextAreaElement | null>;
  onOpen(id: string): void;
  onToggleStar(id: string): void;
  onTrash(id: string): void;
  onRestore(id: string): void;
  onReproduce(id: string): void;
  onShow(id: string): void;
  onSaved(message: string): void;
  /** The tags or note field is done with (saved, or Esc): the keyboard goes back to the tree. */
  onMarksDone(): void;
}

const hasRecipe = (it: Iteration) => {
  const r = it.recipe as { kind?: string } | null;
  return r !== null && typeof r === 'object' && (r.kind === 'text' || r.kind === 'image');
};

export function NodeInspector(props: Props) {
  const { it, reproduce } = props;
  const client = useClient();
  const id = useId();
  const { title, detail } = describe(it, props.firstAlt);
  const [tags, setTags] = useState((it.tags ?? []).join(', '));
  const [note, setNote] = useState(it.note ?? '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const trashed = it.deletedAt !== null;
  const mine = reproduce?.originalId === it.id ? reproduce : null;

  // Another version, or the same one changed elsewhere: show what is stored.
  const storedTags = (it.tags ?? []).join(', ');
  const storedNote = it.note ?? '';
  useEffect(() => {
    setTags(storedTags);
    setNote(storedNote);
    setError(null);
  }, [it.id, storedTags, storedNote]);

  // Reloaded when a re-run of this version finishes; a failed read shows no records.
  const doneKey = mine?.phase === 'done' ? mine.reproduction.iterationId : '';
  const { data: records } = useLiveQuery(`${it.id}:${doneKey}`, (c) => c.call('history.reproductions', { id: it.id }));

  const dirty = tags !== storedTags || note !== storedNote;

  async function save() {
    if (!dirty) return props.onMarksDone();
    setSaving(true);
    setError(null);
    try {
      const list = tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      await client.call('history.annotate', { id: it.id, tags: list, note: note.trim() ? note : null });
      props.onSaved(`Saved ${list.length === 1 ? '1 tag' : `${list.length} tags`}${note.trim() ? ' and the note' : ''}`);
      props.onMarksDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  const blocked = props.protectHead && props.isHead;

  // Esc in either field puts back what is stored and leaves the field, as a name field does.
  function cancelOnEscape(e: KeyboardEvent) {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    setTags(storedTags);
    setNote(storedNote);
    setError(null);
    props.onMarksDone();
  }

  return (
    <section className="history-inspector" aria-label={`Version: ${title}`} data-testid="history-inspector" data-iteration-id={it.id}>
      <header className="history-inspector-head">
        <div className="history-inspector-name">
          <strong>{title}</strong>
          <span className="muted small">
            {detail ? `${detail} · ` : ''}
            <time title={formatFull(it.createdAt)}>{formatRelative(it.createdAt)}</time>
          </span>
        </div>
        <Button
          small
          variant="ghost"
          icon={<Star size={14} fill={it.starred ? 'currentColor' : 'none'} />}
          aria-pressed={it.starred === true}
          onClick={() => props.onToggleStar(it.id)}
          data-testid="history-star"
          title="Star (S)"
        >
          {it.starred ? 'Starred' : 'Star'}
        </Button>
      </header>

      <div className="button-row history-actions">
        <Button small icon={<ExternalLink size={14} />} onClick={() => props.onOpen(it.id)} data-testid="history-open" title="Open (Enter)">
          Open
        </Button>
        {!trashed && (
          <Button
            small
            icon={<Repeat size={14} />}
            onClick={() => props.onReproduce(it.id)}
            disabled={reproduce?.phase === 'running' || !hasRecipe(it)}
            data-testid="history-reproduce"
            title={hasRecipe(it) ? 'Run it again with its exact recipe and check the result matches' : 'Written, not generated: there is no recipe to run again'}
          >
            Reproduce
          </Button>
        )}
        {trashed ? (
          <Button small icon={<RotateCcw size={14} />} onClick={() => props.onRestore(it.id)} data-testid="history-restore">
            Restore
          </Button>
        ) : (
          <Button
            small
            variant="ghost"
            icon={<Trash size={14} />}
            onClick={() => props.onTrash(it.id)}
            disabled={blocked}
            data-testid="history-trash"
            title={blocked ? 'This is the version the editor shows' : 'Move to trash (Delete)'}
          >
            Move to trash
          </Button>
        )}
      </div>
      {blocked && (
        <p className="muted small" data-testid="history-trash-blocked">
          The current version stays out of the trash: restore another version first.
        </p>
      )}

      {mine?.phase === 'running' && (
        <p className="history-reproduce-status small" role="status" data-testid="history-reproduce-status">
          <LoaderCircle size={14} className="spin" aria-hidden /> Re-running with the exact recipe…
        </p>
      )}
      {mine?.phase === 'failed' && <InlineError message={`Reproduce: ${mine.message}`} testId="history-reproduce-error" />}
      {mine?.phase === 'done' && (
        <div className={`history-verdict history-verdict-${mine.reproduction.outcome}`} role="status" data-testid="history-reproduce-result" data-outcome={mine.reproduction.outcome}>
          <span>
            Reproduced: <strong>{verdictText(mine.reproduction)}</strong>
          </span>
          <Button small variant="ghost" onClick={() => props.onShow(mine.reproduction.iterationId)} data-testid="history-reproduce-show">
            Show the re-run
          </Button>
        </div>
      )}
      {mine && mine.phase !== 'failed' && mine.notes.length > 0 && <p className="muted small">{mine.notes.join('. ')}</p>}

      {records && records.length > 0 && (
        <ul className="history-records small" data-testid="history-reproductions" aria-label="Reproductions">
          {records.map((r) => {
            const rerun = r.iterationId === it.id;
            return (
              <li key={r.iterationId} data-testid="history-reproduction" data-outcome={r.outcome} data-role={rerun ? 'rerun' : 'original'}>
                <button type="button" className="history-link" onClick={() => props.onShow(rerun ? r.originalId : r.iterationId)}>
                  {rerun ? 'Re-run of an earlier version' : 'Re-run'}
                </button>{' '}
                <time title={formatFull(r.createdAt)}>{formatRelative(r.createdAt)}</time>: {verdictText(r)}
              </li>
            );
          })}
        </ul>
      )}

      <form
        className="history-marks"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label className="field-label small" htmlFor={`${id}-tags`}>
          Tags <span className="muted">(comma-separated)</span>
        </label>
        <input
          id={`${id}-tags`}
          ref={props.tagsRef}
          className="input"
          value={tags}
          onChange={(e) => setTags(e.target.value)}
          onKeyDown={(e) => {
            // Nothing to save (the button is off, so the form would not submit): just leave.
            if (e.key === 'Enter' && !dirty) {
              e.preventDefault();
              props.onMarksDone();
            } else cancelOnEscape(e);
          }}
          placeholder="keeper, draft 2"
          data-testid="history-tags"
          autoComplete="off"
        />
        <label className="field-label small" htmlFor={`${id}-note`}>
          Note
        </label>
        <textarea
          id={`${id}-note`}
          ref={props.noteRef}
          className="input history-note"
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void save();
            } else cancelOnEscape(e);
          }}
          placeholder="Why this one?"
          data-testid="history-note"
        />
        <InlineError message={error} testId="history-marks-error" />
        <div className="button-row">
          <Button small type="submit" variant={dirty ? 'primary' : 'quiet'} icon={<Save size={14} />} disabled={saving || !dirty} data-testid="history-save-marks">
            Save tags and note
          </Button>
        </div>
      </form>
    </section>
  );
}
