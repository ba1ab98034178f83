// The shell's side of a document deleted for good elsewhere: when the open one goes, take what its
// editor holds (editors register in `held`), close it (`onClosed`: back to its project, or the first
// project when that went too) and show DocumentGoneDialog until the writer has dealt with the text.
import { useMemo, useState, type ReactNode } from 'react';
import type { DocumentInfo } from '../../../shared/contract';
import { DocumentGoneDialog, type GoneDocument } from './DocumentGoneDialog';
import type { TextHolder } from './heldText';
import { useDocumentGone } from './useDocumentGone';

interface Options {
  /** The open document (null: none), as the shell knows it now. */
  open: { id: string; title: string; kind: 'text' | 'image' | null } | null;
  /** The project a saved copy goes to, as shown after the close (null: none left). */
  projectId: string | null;
  onClosed(): void;
  /** The text was saved as a new document: open it. */
  onSaved(doc: DocumentInfo): void;
}

export function useDeletedElsewhere({ open, projectId, onClosed, onSaved }: Options): { held: Map<string, TextHolder>; dialog: ReactNode } {
  const held = useMemo(() => new Map<string, TextHolder>(), []);
  const [gone, setGone] = useState<GoneDocument | null>(null);

  useDocumentGone(open?.id ?? null, (id) => {
    if (!open || open.id !== id) return;
    // Read now: the editor unmounts with the close below.
    const text = held.get(id)?.() ?? null;
    setGone({ documentId: id, title: open.title, kind: open.kind ?? 'text', held: text });
    onClosed();
  });

  const dialog = gone && (
    <DocumentGoneDialog
      gone={gone}
      projectId={projectId}
      onClose={() => setGone(null)}
      onSaved={(doc) => {
        setGone(null);
        onSaved(doc);
      }}
    />
  );
  return { held, dialog };
}
