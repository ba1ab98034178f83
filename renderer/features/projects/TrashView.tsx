// Everything moved to the trash, each kind in its own section with Restore: whole projects,
// documents of any project (AllDocumentsTrash), and single versions (AllVersionsTrash), where
// "Empty trash" deletes versions for good after naming the count.
import type { Project } from '../../../shared/contract';
import { AllDocumentsTrash } from '../documents/AllDocumentsTrash';
import { AllVersionsTrash } from '../history/AllVersionsTrash';
import { ProjectsTrash } from './ProjectsTrash';

export function TrashView({ onRestored, onOpenProject }: { onRestored(project: Project): void; onOpenProject(projectId: string): void }) {
  return (
    <section className="page" aria-labelledby="trash-title" data-testid="trash-view">
      <header className="page-header">
        <div>
          <h1 id="trash-title" className="page-title">
            Trash
          </h1>
          <p className="page-subtitle">What you moved to the trash waits here, complete, until you restore it.</p>
        </div>
      </header>
      <ProjectsTrash onRestored={onRestored} />
      <AllDocumentsTrash onOpenProject={onOpenProject} />
      <AllVersionsTrash />
    </section>
  );
}
