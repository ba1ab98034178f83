// The history of one document, the same for text and image documents: the tree (with picking
// versions to compare), the selected version's inspector (star, tags, note, reproduce, trash) and
// the document's trash. The host
// announces every change (history.changed), so the graph the caller passes in catches up on its own.
import { useRef, useState } from 'react';
import type { HistoryGraph } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { InlineError } from '../../ui/InlineError';
import { togglePick, useNavigation } from '../compare/navigation';
import { useToast } from '../../ui/Toast';
import { ComparePicker } from './ComparePicker';
import { describe, firstAlternatives } from './describe';
import { HistoryTree } from './HistoryTree';
import { NodeInspector } from './NodeInspector';
import { useReproduce } from './useReproduce';
import { verdictText } from './verdict';
import { VersionTrash } from './VersionTrash';
import './history.css';

interface Props {
  documentId: string;
  graph: HistoryGraph | null;
  headId: string | null;
  viewingId?: string | null;
  /** Text documents: a click shows the version at once, and the current version cannot be trashed. */
  kind: 'text' | 'image';
  onOpen(id: string): void;
}

export function HistoryPanel({ documentId, graph, headId, viewingId, kind, onOpen }: Props) {
  const client = useClient();
  const toast = useToast();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // A new object each time, so the same words said twice are said twice.
  const [announcement, setAnnouncement] = useState<{ text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tagsRef = useRef<HTMLInputElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  // The tree row T or N was pressed on: the tags and note fields hand the keyboard back to it.
  const marksOpener = useRef<HTMLElement | null>(null);
  const reproduce = useReproduce();
  const nav = useNavigation();
  const [picking, setPicking] = useState<string[] | null>(null);

  const byId = new Map((graph?.iterations ?? []).map((it) => [it.id, it]));
  const selected = (selectedId ? byId.get(selectedId) : undefined) ?? (headId ? byId.get(headId) : undefined) ?? null;
  const trashed = (graph?.iterations ?? []).filter((it) => it.deletedAt !== null);
  const firstAlts = firstAlternatives(graph?.iterations ?? []);
  const name = (id: string) => {
    const it = byId.get(id);
    return it ? describe(it, firstAlts.has(id)).title : 'Version';
  };
  const say = (text: string) => setAnnouncement({ text });
  // The button pressed goes when picking starts or ends; focus follows to what comes next (the
  // tree's row, to pick with Enter; the start button again), not to the top of the page.
  const focusAfterRender = (selector: string) =>
    requestAnimationFrame(() => panelRef.current?.querySelector<HTMLElement>(selector)?.focus());
  const nodeSelector = (id: string) => `[data-testid="version-node"][data-iteration-id="${CSS.escape(id)}"]`;

  function editMarks(field: 'tags' | 'note') {
    marksOpener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    (field === 'tags' ? tagsRef.current : noteRef.current)?.focus();
  }

  /** Back to the row the field was opened from, or (redrawn, or opened by a click) the version's row. */
  function marksDone(id: string) {
    const opener = marksOpener.current;
    marksOpener.current = null;
    if (opener?.isConnected) opener.focus();
    else focusAfterRender(nodeSelector(id));
  }

  async function act(what: () => Promise<unknown>) {
    setError(null);
    try {
      await what();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  const toggleStar = (id: string) =>
    act(async () => {
      const starred = !(byId.get(id)?.starred === true);
      await client.call('history.annotate', { id, starred });
      say(`${name(id)} ${starred ? 'starred' : 'unstarred'}`);
    });

  const restore = async (id: string) => {
    await client.call('history.restore', { id });
    say(`${name(id)} restored from the trash`);
  };

  const trash = (id: string) =>
    act(async () => {
      if (kind === 'text' && id === headId) {
        say('The current version stays out of the trash');
        setError('The current version stays out of the trash: restore another version first.');
        return;
      }
      await client.call('history.trash', { id });
      say(`${name(id)} moved to the trash`);
      toast({ message: `Moved '${name(id)}' to the trash`, actionLabel: 'Undo', onAction: () => restore(id) });
    });

  async function startReproduce(id: string) {
    say(`Re-running ${name(id)}`);
    const state = await reproduce.start(id);
    if (state.phase === 'done') say(`Reproduced: ${verdictText(state.reproduction)}`);
    else if (state.phase === 'failed') say(`Reproduce failed: ${state.message}`);
  }

  
  return (
    <div className="history-panel" data-testid="history-panel" data-document-id={documentId} ref={panelRef}>
      {nav && (graph?.iterations.length ?? 0) >= 2 && (
        <ComparePicker
          picking={picking}
          onStart={() => {
            setPicking([]);
            focusAfterRender('[data-testid="version-node"][tabindex="0"]');
          }}
          onCancel={() => {
            setPicking(null);
            focusAfterRender('[data-testid="version-compare-start"]');
          }}
          onCompare={() => picking && nav.openCompare(picking)}
        />
      )}
      <HistoryTree
        graph={graph}
        headId={headId}
        viewingId={viewingId}
        selectedId={selected?.id ?? null}
        picked={picking ?? undefined}
        openOnClick={kind === 'text'}
        onSelect={setSelectedId}
        onOpen={onOpen}
        onPick={(id) => setPicking((list) => (list ? togglePick(list, id) : list))}
        onToggleStar={(id) => void toggleStar(id)}
        onTrash={(id) => void trash(id)}
        onEditMarks={editMarks}
        announcement={announcement}
      />
      <InlineError message={error} testId="history-error" />
      {selected && !picking && (
        <NodeInspector
          key={selected.id}
          it={selected}
          firstAlt={firstAlts.has(selected.id)}
          isHead={selected.id === headId}
          protectHead={kind === 'text'}
          reproduce={reproduce.state}
          tagsRef={tagsRef}
          noteRef={noteRef}
          onOpen={onOpen}
          onToggleStar={(id) => void toggleStar(id)}
          onTrash={(id) => void trash(id)}
          onRestore={(id) => void act(() => restore(id))}
          onReproduce={(id) => void startReproduce(id)}
          onShow={(id) => {
            setSelectedId(id);
            requestAnimationFrame(() => document.querySelector<HTMLElement>(nodeSelector(id))?.focus());
          }}
          onSaved={say}
          onMarksDone={() => marksDone(selected.id)}
        />
      )}
      {graph && <VersionTrash documentId={documentId} trashed={trashed} onRestore={restore} />}
    </div>
  );
}
