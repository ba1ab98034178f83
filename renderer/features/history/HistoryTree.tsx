// Every version of a document, text or image, as one navigable tree (an ARIA tree with a roving
// focus): the path to the current version highlighted; on each row a thumbnail or a line of text
// (the first line, or what the version adds to its parent), its star, tags and note. The keys
// follow the graph (treeNav.ts): arrows move to the parent, child and siblings, Enter opens,
// S stars, Delete moves to the trash, T and N go to the tags and the note. Moves are announced.
// Only the rows in view (plus a margin) and the focused row are drawn (treeWindow.ts), each with
// its aria-level/posinset/setsize, so a tree of 10,000 versions opens and moves like a short one.
//
// Test ids: version-tree (data-count) / version-count / version-tree-empty / history-announce /
//   (data-rendered: rows drawn now) / version-node (data-iteration-id, data-source, data-status, data-trashed, data-head, data-on-path,
//   data-picked, data-starred, data-tags, data-has-note, aria-selected) / version-node-thumb /
//   version-node-rerun (data-outcome: a re-run's badge) /
//   version-node-line / version-node-tag / version-node-note
import { CircleStop, GitBranch, Image as ImageIcon, PenLine, Repeat, Sparkles, Star, StickyNote, UserPen } from 'lucide-react';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { HistoryGraph, Iteration } from '../../../shared/contract';
import { formatFull, formatRelative, plural } from '../../ui/formatTime';
import { useImage } from '../image/imageCache';
import { describe, firstAlternatives } from './describe';
import { spokenRow } from './spoken';
import { relayout, type TreeLayout, type TreeRow } from './treeLayout';
import { isNavKey, navTarget, treeLinks } from './treeNav';
import { estimateRowHeight } from './treeWindow';
import { useRowLine, useSeen } from './useRowLine';
import { useTreeWindow } from './useTreeWindow';

export interface HistoryTreeProps {
  graph: HistoryGraph | null;
  headId: string | null;
  /** The version shown in the document (text preview, image on the canvas). */
  viewingId?: string | null;
  /** The version the inspector shows; the tree's focus starts there. */
  selectedId: string | null;
  /** While picking versions to compare: the picked ones (a click then picks). */
  picked?: string[];
  /** A click also opens the version (text: the preview is cheap); otherwise Enter opens. */
  openOnClick?: boolean;
  onSelect(id: string): void;
  onOpen(id: string): void;
  onPick?(id: string): void;
  onToggleStar(id: string): void;
  onTrash(id: string): void;
  /** T / N: go to the inspector's tags or note field. */
  onEditMarks?(field: 'tags' | 'note'): void;
  /** Set by the panel after an action, so the live region says what happened. */
  announcement?: { text: string } | null;
}

function SourceIcon({ it }: { it: Iteration }) {
  if (it.status === 'stopped') return <CircleStop size={14} aria-hidden />;
  if (it.kind === 'image') return <ImageIcon size={14} aria-hidden />;
  if (it.source === 'model') return <Sparkles size={14} aria-hidden />;
  if (it.source === 'mixed') return <UserPen size={14} aria-hidden />;
  return <PenLine size={14} aria-hidden />;
}

const NO_ROWS: TreeRow[] = [];

export function HistoryTree(props: HistoryTreeProps) {
  const { graph, headId, selectedId, picked } = props;
  // A reload that changed only marks keeps the layout (and the links and ids drawn from it).
  const last = useRef<TreeLayout | null>(null);
  const layout = useMemo(() => (graph ? (last.current = relayout(last.current, graph, headId)) : null), [graph, headId]);
  const rows = layout?.rows ?? NO_ROWS;
  const shape = layout?.shape ?? NO_ROWS;
  const links = useMemo(() => treeLinks(shape), [shape]);
  const firstAlts = useMemo(() => firstAlternatives(graph?.iterations ?? []), [graph]);
  const listRef = useRef<HTMLUListElement | null>(null);
  const [scroller, setScroller] = useState<HTMLUListElement | null>(null);
  const setList = useCallback((el: HTMLUListElement | null) => {
    listRef.current = el;
    setScroller(el);
  }, []);
  const [spoken, setSpoken] = useState('');
  // Side branches off a version; several first versions are not branches of anything.
  const branches = rows.filter((r) => r.branchStart && r.iteration.parentIds.length > 0).length;
  // Trashed versions stay in the tree (greyed); the count says so, as the image board's header does.
  const inTrash = rows.filter((r) => r.iteration.deletedAt !== null).length;
  const ids = useMemo(() => shape.map((r) => r.iteration.id), [shape]);
  const indexOf = useMemo(() => new Map(ids.map((id, i) => [id, i])), [ids]);
  const estimates = useMemo(() => rows.map((r) => estimateRowHeight(r.iteration)), [rows]);
  const win = useTreeWindow(scroller, ids, estimates);
  // The one row in the tab order: the selection, else the current version, else the first row.
  const focusId = (selectedId && indexOf.has(selectedId) ? selectedId : null) ?? (headId && indexOf.has(headId) ? headId : null) ?? rows[0]?.iteration.id ?? null;

  // Row clicks go through a ref, so the rows' handlers never change and memo holds.
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  const onRowClick = useCallback((id: string) => {
    const p = latest.current;
    p.onSelect(id);
    if (p.picked && p.onPick) p.onPick(id);
    else if (p.openOnClick) p.onOpen(id);
  }, []);
  const onRowDoubleClick = useCallback((id: string) => {
    const p = latest.current;
    if (!p.picked && !p.openOnClick) p.onOpen(id);
  }, []);

  // Keep the current version in sight when the tree grows (it may not be drawn yet).
  // (Not on every reload: a star or a tag must not scroll the list away from where the user is.)
  const latestWin = useRef({ win, indexOf });
  useEffect(() => {
    latestWin.current = { win, indexOf };
  });
  useEffect(() => {
    const at = headId ? latestWin.current.indexOf.get(headId) : undefined;
    if (at !== undefined) latestWin.current.win.reveal(at);
  }, [headId, rows.length, scroller]);

  // A keyboard move focuses its row once it is drawn (right after the render it causes).
  const focusAfter = useRef<string | null>(null);
  useLayoutEffect(() => {
    const id = focusAfter.current;
    if (!id) return;
    const el = rowEl(id);
    if (!el) return;
    focusAfter.current = null;
    el.focus({ preventScroll: true });
  });

  useEffect(() => {
    if (props.announcement) setSpoken(props.announcement.text);
  }, [props.announcement]);

  function rowEl(id: string): HTMLElement | null {
    return listRef.current?.querySelector<HTMLElement>(`[data-iteration-id="${CSS.escape(id)}"]`) ?? null;
  }

  function speak(id: string) {
    const row = rows[indexOf.get(id) ?? -1];
    if (!row) return;
    const place = links.place.get(id) ?? { position: 1, of: 1 };
    setSpoken(spokenRow(row, place.position, place.of, links.children.get(id)?.length ?? 0, firstAlts.has(id)));
  }

  function moveTo(id: string) {
    const at = indexOf.get(id);
    if (at !== undefined) win.reveal(at);
    focusAfter.current = id;
    props.onSelect(id);
    speak(id);
    // Already drawn: focus now (the layout effect covers rows drawn by this move).
    const el = rowEl(id);
    if (el) {
      focusAfter.current = null;
      el.focus({ preventScroll: true });
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLUListElement>) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = (e.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    const from = target?.dataset.iterationId;
    if (!from) return;
    const it = rows[indexOf.get(from) ?? -1]?.iteration;
    if (isNavKey(e.key)) {
      e.preventDefault();
      const to = navTarget(rows, links, from, e.key);
      if (to) moveTo(to);
      else setSpoken(e.key === 'ArrowUp' ? 'No parent: this is a first version' : e.key === 'ArrowDown' ? 'No children' : 'No more siblings this way');
      return;
    }
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (picked && props.onPick) props.onPick(from);
      else props.onOpen(from);
    } else if (e.key === 's' || e.key === 'S') {
      e.preventDefault();
      props.onToggleStar(from);
    } else if (e.key === 'Delete') {
      e.preventDefault();
      if (it && it.deletedAt === null) props.onTrash(from);
      else setSpoken('Already in the trash');
    } else if ((e.key === 't' || e.key === 'T') && props.onEditMarks) {
      e.preventDefault();
      props.onEditMarks('tags');
    } else if ((e.key === 'n' || e.key === 'N') && props.onEditMarks) {
      e.preventDefault();
      props.onEditMarks('note');
    }
  }

  // The rows in view, and the focused row wherever it is (it holds the tree's tab stop).
  const drawn: number[] = [];
  for (let i = win.start; i < win.end; i++) drawn.push(i);
  const focusIndex = focusId ? indexOf.get(focusId) : undefined;
  if (focusIndex !== undefined && (focusIndex < win.start || focusIndex >= win.end)) {
    drawn.push(focusIndex);
    drawn.sort((a, b) => a - b);
  }

  if (!graph) return <p className="muted small history-pad">Loading versions…</p>;
  if (rows.length === 0) {
    return (
      <p className="muted small history-pad" data-testid="version-tree-empty">
        No versions yet. What you make is saved as a version here; nothing is ever overwritten.
      </p>
    );
  }

  return (
    <div className="vtree-wrap">
      <p className="vtree-summary muted small" data-testid="version-count">
        {plural(rows.length - inTrash, 'version')}
        {inTrash > 0 && ` · ${inTrash} in trash`}
        {branches > 0 && (
          <>
            {' · '}
            <GitBranch size={12} aria-hidden /> {plural(branches, 'branch', 'branches')}
          </>
        )}
      </p>
      <ul
        className="vtree"
        role="tree"
        aria-label="Versions"
        aria-describedby="history-keys"
        data-testid="version-tree"
        data-count={rows.length}
        data-rendered={drawn.length}
        ref={setList}
        onKeyDown={onKeyDown}
      >
        <li role="none" aria-hidden className="vtree-sizer" style={{ height: win.offsets[rows.length] }} />
        {drawn.map((index) => {
          const row = rows[index] as TreeRow;
          const id = row.iteration.id;
          const place = links.place.get(id) ?? { position: 1, of: 1 };
          return (
            <NodeRow
              key={id}
              row={row}
              level={row.depth + 1}
              position={place.position}
              siblings={place.of}
              firstAlt={firstAlts.has(id)}
              focusable={id === focusId}
              selected={id === selectedId}
              viewing={id === props.viewingId}
              picked={picked ? picked.includes(id) : undefined}
              top={win.offsets[index] as number}
              observe={win.observe}
              onClick={onRowClick}
              onDoubleClick={onRowDoubleClick}
            />
          );
        })}
      </ul>
      <p id="history-keys" className="vtree-keys muted small">
        Arrows: parent, child, siblings · Enter opens · S stars · T tags · N note · Delete to trash
      </p>
      <p className="visually-hidden" aria-live="polite" data-testid="history-announce">
        {spoken}
      </p>
    </div>
  );
}

interface NodeRowProps {
  row: TreeRow;
  /** Alternative 1 of several: labelled 'alt 1' like its siblings. */
  firstAlt: boolean;
  level: number;
  position: number;
  siblings: number;
  focusable: boolean;
  selected: boolean;
  viewing: boolean;
  picked: boolean | undefined;
  /** Its place in the list (px from the top). */
  top: number;
  observe(el: HTMLElement): () => void;
  onClick(id: string): void;
  onDoubleClick(id: string): void;
}

// Memoised with stable click handlers: moving the selection re-renders two rows, not thousands.
const NodeRow = memo(function NodeRow({ row, firstAlt, level, position, siblings, focusable, selected, viewing, picked, top, observe, onClick, onDoubleClick }: NodeRowProps) {
  const it = row.iteration;
  const { title, detail } = describe(it, firstAlt);
  const ref = useRef<HTMLLIElement>(null);
  const seen = useSeen(ref);
  useEffect(() => (ref.current ? observe(ref.current) : undefined), [observe]);
  const trashed = it.deletedAt !== null;
  const classes = [
    'vnode',
    `vnode-${it.source}`,
    it.status === 'stopped' ? 'vnode-stopped' : '',
    row.onPath ? 'vnode-path' : '',
    row.isHead ? 'vnode-head' : '',
    viewing ? 'vnode-viewing' : '',
    selected ? 'vnode-selected' : '',
    row.branchStart ? 'vnode-branch' : '',
    picked ? 'vnode-picked' : '',
    trashed ? 'vnode-trashed' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <li
      ref={ref}
      role="treeitem"
      tabIndex={focusable ? 0 : -1}
      aria-level={level}
      aria-posinset={position}
      aria-setsize={siblings}
      aria-selected={selected}
      aria-checked={picked}
      aria-current={row.isHead ? 'true' : undefined}
      className={classes}
      style={{ top, left: Math.min(row.depth, 8) * 12 }}
      data-testid="version-node"
      data-iteration-id={it.id}
      data-source={it.source}
      data-status={it.status}
      data-trashed={trashed}
      data-head={row.isHead}
      data-on-path={row.onPath}
      data-picked={picked}
      data-starred={it.starred === true}
      data-tags={(it.tags ?? []).join(',')}
      data-has-note={Boolean(it.note)}
      title={`${title}${detail ? ` — ${detail}` : ''} · ${formatFull(it.createdAt)}`}
      onClick={() => onClick(it.id)}
      onDoubleClick={() => onDoubleClick(it.id)}
    >
      <span className="vnode-icon">
        <SourceIcon it={it} />
      </span>
      <span className="vnode-main">
        <span className="vnode-title">
          {title}
          {row.isHead && <span className="vnode-tag">current</span>}
          {trashed && <span className="vnode-tag vnode-tag-quiet">in trash</span>}
          {it.reproduces && (
            <span
              className={`vnode-tag vnode-rerun vnode-rerun-${it.reproduces.outcome}`}
              data-testid="version-node-rerun"
              data-outcome={it.reproduces.outcome}
              title={it.reproduces.outcome === 'identical' ? 'A re-run of its original: the same output' : 'A re-run of its original: the output differs'}
            >
              <Repeat size={10} aria-hidden /> {it.reproduces.outcome === 'identical' ? 'identical' : 'differs'}
            </span>
          )}
          {it.starred && <Star size={12} className="vnode-star" fill="currentColor" aria-label="starred" />}
          {it.note && <StickyNote size={12} className="vnode-note-icon" aria-hidden data-testid="version-node-note" />}
        </span>
        {detail && <span className="vnode-detail">{detail}</span>}
        {it.kind === 'text' && <RowLine id={seen ? it.id : null} parentId={it.parentIds[0] ?? null} />}
        {(it.tags?.length ?? 0) > 0 && (
          <span className="vnode-tags">
            {it.tags?.map((t) => (
              <span key={t} className="vnode-chip" data-testid="version-node-tag">
                {t}
              </span>
            ))}
          </span>
        )}
        {it.note && <span className="vnode-note">{it.note.split('\n')[0]}</span>}
      </span>
      {it.kind === 'image' ? (
        <Thumb id={seen ? it.id : null} />
      ) : (
        <time className="vnode-time" dateTime={new Date(it.createdAt).toISOString()}>
          {formatRelative(it.createdAt)}
        </time>
      )}
    </li>
  );
});

function RowLine({ id, parentId }: { id: string | null; parentId: string | null }) {
  const line = useRowLine(id, parentId);
  if (!line) return null;
  return (
    <span className="vnode-line" data-testid="version-node-line">
      {line}
    </span>
  );
}

function Thumb({ id }: { id: string | null }) {
  const { image } = useImage(id, 256);
  return (
    <span className="vnode-thumb" data-testid="version-node-thumb" data-loaded={image !== null}>
      {image && <img src={image.dataUrl} alt="" />}
    </span>
  );
}
