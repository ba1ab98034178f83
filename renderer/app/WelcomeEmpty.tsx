// Shown when there are no live projects at all: say what a project is and how to start one.
import { FolderPlus } from 'lucide-react';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';

export function WelcomeEmpty({ onCreate }: { onCreate(): void }) {
  return (
    <section className="page">
      <EmptyState
        icon={<FolderPlus size={28} />}
        title="No projects yet"
        actions={
          <Button variant="primary" onClick={onCreate}>
            New project
          </Button>
        }
      >
        A project holds your writing and image boards, with every version kept. Press <kbd>N</kbd> or the button below
        to start one. Trashed projects can be restored from the Trash.
      </EmptyState>
    </section>
  );
}
