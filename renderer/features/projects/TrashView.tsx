// Everything moved to the trash, each kind in its own section with Restore and Delete for good:
// whole projects, documents of any project (AllDocumentsTrash), and single versions
// (AllVersionsTrash). "Empty trash" at the top deletes everything listed, after a confirm that
// names what goes (usePurge).
//
// Test ids: trash-view / trash-empty-all / trash-empty-error
import { Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { Project } from '../../../shared/contract';
import { errorMessage } from '../../app/errorMessage';
import { Button } from '../../ui/Button';
import { InlineError } from '../../ui/InlineError';
import { AllDocumentsTrash } from '../documents/AllDocumentsTrash';
import { AllVersionsTrash } from '../history/AllVersionsTrash';
import { ProjectsTrash } from './ProjectsTrash';
import { usePurge } from './usePurge';

export function TrashView({ onRestored, onOpenProject }: { onRestored(project: Project): void; onOpenProject(projectId: string): void }) {
  const purge = usePurge();
  const [error, setError] = useState<string | null>(null);

  async function emptyAll() {
    setError(null);
    try {
      await purge.ask({ everything: true }, 'Empty trash');
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <section className="page" aria-labelledby="trash-title" data-testid="trash-view">
      <header className="page-header">
        <div>
          <h1 id="trash-title" className="page-title">
            Trash
          </h1>
          <p className="page-subtitle">What you moved to the trash waits here, complete, until you restore it or delete it for good.</p>
        </div>
        <Button variant="danger" icon={<Trash2 size={16} />} onClick={() => void emptyAll()} data-testid="trash-empty-all">
          Empty trash
        </Button>
      </header>
      <InlineError message={error} testId="trash-empty-error" />
      {purge.dialog}
      <ProjectsTrash onRestored={onRestored} />
      <AllDocumentsTrash onOpenProject={onOpenProject} />
      <AllVersionsTrash />
    </section>
  );
}
