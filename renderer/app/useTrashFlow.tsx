// Moving something to the trash, the one way every kind does it: ask with the host's summary of
// what goes, trash it, then offer Undo in a toast. A TrashKind says how for one kind of thing;
// the hook returns the dialog to render and a function that starts the flow. An editor of this
// window whose document goes with it saves first, or the trash is refused (trashCovered.ts): the
// question says so when one holds unsaved changes (the host's count does not have them yet), and
// the confirm says "Saving your changes…" while it waits; Cancel then trashes nothing.
import { useContext, useState, type ReactNode } from 'react';
import type { Client } from '../../shared/client';
import type { TrashSummary } from '../../shared/contract';
import { HeldTextContext, type OpenTexts } from '../features/documents/heldText';
import { offerUnsaved, saveCovered, unsavedNote, unsavedTitles, type Coverage } from '../features/documents/trashCovered';
import { ConfirmDialog, type ConfirmProgress } from '../ui/ConfirmDialog';
import { focusNeighbourWhenGone, focusWhenShown } from '../ui/focusWhenDrawn';
import { useToast } from '../ui/Toast';
import { useClient } from './ClientContext';
import { errorMessage } from './errorMessage';

export interface TrashKind<T> {
  summary(client: Client, item: T): Promise<TrashSummary>;
  trash(client: Client, item: T): Promise<unknown>;
  /** The toast's Undo: brings the item back and answers it as it is now. */
  restore(client: Client, item: T): Promise<T>;
  /** The confirm question, naming exactly what goes. */
  question(summary: TrashSummary): string;
  /** Under the question: where to find it again. */
  whereAfter: string;
  /** Which open editors' documents go with it. */
  covers(item: T): Coverage;
  /** Selectors for the keyboard: every row of this kind, this item's row, and where focus goes when no row is left. */
  rows: string;
  row(item: T): string;
  noRows: string;
}

interface Options<T> {
  onTrashed(item: T): void;
  onRestored(item: T): void;
  /** Where to say that the summary could not be fetched (the dialog is not open yet). */
  onError(message: string): void;
  /** The open editors, where the caller provides them itself (else read from the context). */
  texts?: OpenTexts;
}

export function useTrashFlow<T>(kind: TrashKind<T>, { onTrashed, onRestored, onError, texts: given }: Options<T>): { ask(item: T): void; dialog: ReactNode } {
  const client = useClient();
  const texts = useContext(HeldTextContext) ?? given ?? null;
  const toast = useToast();
  const [pending, setPending] = useState<{ item: T; summary: TrashSummary; unsaved: string | null } | null>(null);

  function ask(item: T) {
    kind.summary(client, item).then(
      // Read once the count is in: a save that landed before it was made is counted, one still to come is named.
      (summary) => setPending({ item, summary, unsaved: texts ? unsavedNote(unsavedTitles(texts, kind.covers(item))) : null }),
      (err: unknown) => onError(errorMessage(err)),
    );
  }

  async function trash(item: T, summary: TrashSummary, progress: ConfirmProgress) {
    const coverage = kind.covers(item);
    if (texts) {
      if (unsavedTitles(texts, coverage).length > 0) progress.say('Saving your changes…');
      await saveCovered(texts, coverage);
    }
    if (progress.cancelled) return;
    await kind.trash(client, item);
    // Its row goes with the reload and would take the keyboard with it.
    focusNeighbourWhenGone(kind.rows, kind.row(item), kind.noRows);
    if (texts) offerUnsaved(texts, coverage);
    onTrashed(item);
    toast({
      message: `Moved '${summary.name}' to the trash.`,
      actionLabel: 'Undo',
      onAction: async () => {
        const restored = await kind.restore(client, item);
        onRestored(restored);
        focusWhenShown([kind.row(restored)]);
      },
    });
  }

  const dialog = pending && (
    <ConfirmDialog title="Move to trash" confirmLabel="Move to trash" danger onConfirm={(progress) => trash(pending.item, pending.summary, progress)} onClose={() => setPending(null)}>
      <p data-testid="confirm-message">{kind.question(pending.summary)}</p>
      {pending.unsaved && <p data-testid="confirm-unsaved">{pending.unsaved}</p>}
      <p className="muted">{kind.whereAfter}</p>
    </ConfirmDialog>
  );

  return { ask, dialog };
}
