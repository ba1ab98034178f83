// Every version of the document as a tree: the writer's saves, the model's continuations and
// alternatives (stopped ones marked), mixed edits. The path to the current version is highlighted;
// a click shows a version (read-only) and Restore makes it current. Arrow keys move between rows.
import { CircleStop, GitBranch, PenLine, Sparkles, UserPen } from 'lucide-react';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { HistoryGraph, Iteration } from '../../../shared/contract';
import { formatFull, formatRelative, plural } from '../../ui/formatTime';
import { isTextRecipe } from './exportDoc';
import { layoutTree } from './treeLayout';

interface VersionTreeProps {
  graph: HistoryGraph | null;
  headId: string | null;
  previewId: string | null;
  /** While picking versions to compare: the picked ones (a click then picks instead of viewing). */
  picked?: string[];
  onView(id: string): void;
}

export function describe(it: Iteration): { title: string; detail: string | null } {
  const recipe = isTextRecipe(it.recipe) ? it.recipe : null;
  if (it.source === 'model') {
    const alt = recipe && recipe.alternative > 0 ? ` · alt ${recipe.alternative + 1}` : '';
    const state = it.status === 'stopped' ? ' · stopped' : it.status === 'failed' ? ' · failed' : '';
    return { title: `Model${alt}${state}`, detail: recipe ? `${recipe.model.id} · seed ${recipe.seed}` : null };
  }
  if (it.source === 'mixed') return { title: 'Edit of model text', detail: null };
  return { title: it.parentIds.length ? 'Your edit' : 'First version', detail: null };
}

function SourceIcon({ it }: { it: Iteration }) {
  if (it.status === 'stopped') return <CircleStop size={14} aria-hidden />;
  if (it.source === 'model') return <Sparkles size={14} aria-hidden />;
  if (it.source === 'mixed') return <UserPen size={14} aria-hidden />;
  return <PenLine size={14} aria-hidden />;
}

export function VersionTree({ graph, headId, previewId, picked, onView }: VersionTreeProps) {
  const rows = useMemo(() => (graph ? layoutTree(graph, headId) : []), [graph, headId]);
  const listRef = useRef<HTMLUListElement>(null);
  const branches = rows.filter((r) => r.branchStart).length;

  // Keep the current version in sight when the tree grows.
  useEffect(() => {
    listRef.current?.querySelector('[data-head="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [headId, rows.length]);

  function onKeyDown(e: KeyboardEvent<HTMLUListElement>) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End') return;
    const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button.vnode') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next =
      e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : Math.min(buttons.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)));
    buttons[next]?.focus();
    e.preventDefault();
  }

  if (!graph) return <p className="muted small write-side-pad">Loading versions…</p>;
  if (rows.length === 0) {
    return (
      <p className="muted small write-side-pad" data-testid="version-tree-empty">
        No versions yet. What you type is saved as a version a moment after you pause.
      </p>
    );
  }

  return (
    <div className="vtree-wrap">
      <p className="vtree-summary muted small" data-testid="version-count">
        {plural(rows.length, 'version')}
        {branches > 0 && (
          <>
            {' · '}
            <GitBranch size={12} aria-hidden /> {plural(branches, 'branch', 'branches')}
          </>
        )}
      </p>
      <ul className="vtree" aria-label="Versions" data-testid="version-tree" data-count={rows.length} ref={listRef} onKeyDown={onKeyDown}>
        {rows.map((row) => {
          const it = row.iteration;
          const { title, detail } = describe(it);
          const classes = [
            'vnode',
            `vnode-${it.source}`,
            it.status === 'stopped' ? 'vnode-stopped' : '',
            row.onPath ? 'vnode-path' : '',
            row.isHead ? 'vnode-head' : '',
            it.id === previewId ? 'vnode-viewing' : '',
            row.branchStart ? 'vnode-branch' : '',
            picked?.includes(it.id) ? 'vnode-picked' : '',
            it.deletedAt !== null ? 'vnode-trashed' : '',
          ]
            .filter(Boolean)
            .join(' ');
          return (
            <li key={it.id} style={{ marginLeft: Math.min(row.depth, 8) * 12 }} className={row.depth > 0 ? 'vtree-branch' : undefined}>
              <button
                type="button"
                className={classes}
                data-testid="version-node"
                data-iteration-id={it.id}
                data-source={it.source}
                data-status={it.status}
                data-trashed={it.deletedAt !== null}
                data-head={row.isHead}
                data-on-path={row.onPath}
                aria-current={row.isHead ? 'true' : undefined}
                aria-pressed={picked ? picked.includes(it.id) : it.id === previewId}
                data-picked={picked ? picked.includes(it.id) : undefined}
                title={`${title}${detail ? ` — ${detail}` : ''} · ${formatFull(it.createdAt)}`}
                onClick={() => onView(it.id)}
              >
                <span className="vnode-icon">
                  <SourceIcon it={it} />
                </span>
                <span className="vnode-main">
                  <span className="vnode-title">
                    {title}
                    {row.isHead && <span className="vnode-tag">current</span>}
                    {it.deletedAt !== null && <span className="vnode-tag vnode-tag-quiet">in trash</span>}
                  </span>
                  {detail && <span className="vnode-detail">{detail}</span>}
                </span>
                <time className="vnode-time" dateTime={new Date(it.createdAt).toISOString()}>
                  {formatRelative(it.createdAt)}
                </time>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
