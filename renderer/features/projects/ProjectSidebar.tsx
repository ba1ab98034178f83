// The left column: every live project, a way to make one, and the way into the Trash.
// Arrow keys move between projects; F2 renames and Delete trashes the focused one.
import { Folder, FolderOpen, Plus, Trash } from 'lucide-react';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { Project } from '../../../shared/contract';
import { Button, IconButton } from '../../ui/Button';
import { InlineError } from '../../ui/InlineError';
import { NameField } from '../../ui/NameField';

interface ProjectSidebarProps {
  projects: Project[] | null;
  loadError: string | null;
  selectedId: string | null;
  trashOpen: boolean;
  creating: boolean;
  /** Bumped to move keyboard focus to a project, e.g. after creating or renaming it. */
  focusRequest: { id: string; seq: number } | null;
  onStartCreate(): void;
  onCancelCreate(): void;
  onCreate(name: string): Promise<void>;
  onSelect(project: Project): void;
  onRename(project: Project): void;
  onTrash(project: Project): void;
  onOpenTrash(): void;
}

function moveFocus(e: KeyboardEvent<HTMLUListElement>) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const items = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>('[data-testid="project-item"]'));
  const index = items.findIndex((el) => el === document.activeElement);
  if (index < 0) return;
  e.preventDefault();
  const next = items[Math.max(0, Math.min(items.length - 1, index + (e.key === 'ArrowDown' ? 1 : -1)))];
  next?.focus();
}

export function ProjectSidebar(props: ProjectSidebarProps) {
  const { projects, selectedId, trashOpen, creating, focusRequest } = props;
  const listRef = useRef<HTMLUListElement>(null);
  const focusedSeq = useRef(0);

  // The field that had focus is gone once it succeeds; put focus on what it made, once per
  // request, as soon as the item is in the list (a later reload must not steal focus).
  useEffect(() => {
    if (!focusRequest || focusRequest.seq === focusedSeq.current) return;
    const item = listRef.current?.querySelector<HTMLButtonElement>(
      `[data-project-id="${CSS.escape(focusRequest.id)}"]`,
    );
    if (!item) return;
    focusedSeq.current = focusRequest.seq;
    item.focus();
  }, [focusRequest, projects]);

  return (
    <nav className="sidebar" aria-label="Projects">
      <div className="sidebar-header">
        <h2 className="section-label">Projects</h2>
        <IconButton
          label="New project (N)"
          icon={<Plus size={16} />}
          small
          data-testid="new-project"
          onClick={props.onStartCreate}
        />
      </div>
      {creating && (
        <NameField
          className="sidebar-new"
          label="New project name"
          placeholder="Project name"
          saveLabel="Create project"
          field={{ key: 'name', noun: 'name' }}
          testId="project-name-input"
          onSubmit={props.onCreate}
          onCancel={props.onCancelCreate}
        />
      )}
      <InlineError message={props.loadError} />
      {projects && projects.length === 0 && !creating && (
        <div className="sidebar-empty">
          <p>No projects yet.</p>
          <Button variant="primary" small icon={<Plus size={14} />} onClick={props.onStartCreate}>
            New project
          </Button>
        </div>
      )}
      <ul className="project-list" onKeyDown={moveFocus} ref={listRef}>
        {projects?.map((project) => {
          const selected = !trashOpen && project.id === selectedId;
          return (
            <li key={project.id}>
              <button
                type="button"
                className={selected ? 'nav-item nav-item-selected' : 'nav-item'}
                aria-current={selected ? 'page' : undefined}
                data-testid="project-item"
                data-project-id={project.id}
                onClick={() => props.onSelect(project)}
                onKeyDown={(e) => {
                  if (e.key === 'F2') {
                    e.preventDefault();
                    props.onRename(project);
                  } else if (e.key === 'Delete') {
                    e.preventDefault();
                    props.onTrash(project);
                  }
                }}
              >
                {selected ? <FolderOpen size={16} aria-hidden /> : <Folder size={16} aria-hidden />}
                <span className="nav-item-label">{project.name}</span>
                <span className="nav-item-count" aria-label={`${project.documentCount} documents`}>
                  {project.documentCount}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <div className="sidebar-footer">
        <button
          type="button"
          className={trashOpen ? 'nav-item nav-item-selected' : 'nav-item'}
          aria-current={trashOpen ? 'page' : undefined}
          data-testid="open-trash"
          onClick={props.onOpenTrash}
        >
          <Trash size={16} aria-hidden />
          <span className="nav-item-label">Trash</span>
        </button>
      </div>
    </nav>
  );
}
