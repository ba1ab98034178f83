// Everything moved to the trash, newest first, each with Restore: projects here; single versions
// below (AllVersionsTrash), where "Empty trash" deletes versions for good after naming the count.
import { RotateCcw, Trash } from 'lucide-react';
import { useState } from 'react';
import type { Project } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { formatFull, formatRelative, plural } from '../../ui/formatTime';
import { InlineError } from '../../ui/InlineError';
import { AllVersionsTrash } from '../history/AllVersionsTrash';
import { useProjects } from './useProjects';

export function TrashView({ onRestored }: { onRestored(project: Project): void }) {
  const client = useClient();
  const { projects, error, reload } = useProjects(true);
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [busyId, setBusyId] = useState<string | null>(null);

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
    <section className="page" aria-labelledby="trash-title" data-testid="trash-view">
      <header className="page-header">
        <div>
          <h1 id="trash-title" className="page-title">
            Trash
          </h1>
          <p className="page-subtitle">Projects you moved to the trash, with all their documents and versions, and single versions.</p>
        </div>
      </header>
      <InlineError message={error} />
      {sorted && sorted.length === 0 && (
        <EmptyState icon={<Trash size={28} />} title="No projects in the trash">
          When you move a project to the trash it waits here, complete, until you restore it.
        </EmptyState>
      )}
      {sorted && sorted.length > 0 && (
        <ul className="rows">
          {sorted.map((project) => (
            <li key={project.id} className="row" data-testid="trash-item" data-project-id={project.id}>
              <div className="row-main">
                <span className="row-title">{project.name}</span>
                <span className="row-meta">
                  {plural(project.documentCount, 'document')}
                  {project.deletedAt !== null && (
                    <>
                      {' · trashed '}
                      <time dateTime={new Date(project.deletedAt).toISOString()} title={formatFull(project.deletedAt)}>
                        {formatRelative(project.deletedAt)}
                      </time>
                    </>
                  )}
                </span>
                <InlineError message={rowErrors[project.id] ?? null} />
              </div>
              <Button
                small
                icon={<RotateCcw size={14} />}
                onClick={() => void restore(project)}
                disabled={busyId === project.id}
                data-testid="restore-project"
                aria-label={`Restore ${project.name}`}
              >
                Restore
              </Button>
            </li>
          ))}
        </ul>
      )}
      <AllVersionsTrash />
    </section>
  );
}
