// The Trash page's projects, most recently trashed first, each with what Restore brings back (its
// documents) and, apart, its documents trashed on their own before: a restore leaves those in the
// trash (the Documents section restores them one by one), and the row says so.
//
// Delete for good asks first, naming every document and version that goes with the project (usePurge).
//
// Test ids: projects-trash (data-total, absent until the list has loaded) / trash-item (data-project-id) / restore-project / delete-project-for-good /
//   projects-trash-none / projects-trash-error / trash-project-counts
import { useState } from 'react';
import type { Project } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { formatFull, formatRelative, plural } from '../../ui/formatTime';
import { InlineError } from '../../ui/InlineError';
import { TrashRowActions } from '../../ui/TrashRowActions';
import { TrashSection } from '../../ui/TrashSection';
import { usePurge } from './usePurge';
import { useProjects } from './useProjects';

/** "2 documents + 1 trashed (stays in the trash on restore)": what comes back, and what does not. */
export function restoreCounts(project: Pick<Project, 'documentCount' | 'trashedDocumentCount'>): string {
  const live = plural(project.documentCount, 'document');
  const n = project.trashedDocumentCount;
  return n === 0 ? live : `${live} + ${n} trashed (${n === 1 ? 'stays' : 'stay'} in the trash on restore)`;
}

export function ProjectsTrash({ onRestored }: { onRestored(project: Project): void }) {
  const client = useClient();
  const { projects, error, reload } = useProjects(true);
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [busyId, setBusyId] = useState<string | null>(null);
  const purge = usePurge();

  async function deleteForGood(project: Project) {
    setRowErrors((all) => ({ ...all, [project.id]: '' }));
    try {
      await purge.ask({ projectIds: [project.id] }, 'Delete project for good');
    } catch (err) {
      setRowErrors((all) => ({ ...all, [project.id]: errorMessage(err) }));
    }
  }

  async function restore(project: Project) {
    setBusyId(project.id);
    try {
      const restored = await client.call('projects.restore', { id: project.id });
      await reload();
      onRestored(restored);
    } catch (err) {
      setRowErrors((all) => ({ ...all, [project.id]: errorMessage(err) }));
    } finally {
      setBusyId(null);
    }
  }

  const sorted = projects ? [...projects].sort((a, b) => (b.deletedAt ?? 0) - (a.deletedAt ?? 0)) : null;
  return (
    <TrashSection name="Projects" testId="projects-trash" total={sorted?.length ?? null} note="Whole projects, with all their documents and versions." error={error}>
      {sorted && (
        <ul className="rows">
          {sorted.map((project) => (
            <li key={project.id} className="row" data-testid="trash-item" data-project-id={project.id}>
              <div className="row-main">
                <span className="row-title">{project.name}</span>
                <span className="row-meta">
                  <span data-testid="trash-project-counts">{restoreCounts(project)}</span>
                  {project.deletedAt !== null && (
                    <>
                      {' · trashed '}
                      <time dateTime={new Date(project.deletedAt).toISOString()} title={formatFull(project.deletedAt)}>
                        {formatRelative(project.deletedAt)}
                      </time>
                    </>
                  )}
                </span>
                <InlineError message={rowErrors[project.id] || null} />
              </div>
              <TrashRowActions
                name={project.name}
                busy={busyId === project.id}
                onRestore={() => void restore(project)}
                onDelete={() => void deleteForGood(project)}
                testIds={{ restore: 'restore-project', delete: 'delete-project-for-good' }}
              />
            </li>
          ))}
        </ul>
      )}
      {purge.dialog}
    </TrashSection>
  );
}
