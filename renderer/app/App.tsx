// The studio's frame: top bar, project sidebar, workspace, and the Queue/Status drawer.
//
// Stable test ids (Playwright drives the UI by these; keep them when restyling):
//   new-project            sidebar button that opens the new-project name field
//   project-name-input     the new-project name field (Enter creates, Esc cancels)
//   project-name-input-error  the host's message when a name is refused
//   project-item           one live project in the sidebar (text = its name; data-project-id)
//   project-page / project-title / project-rename-input / rename-project / trash-project
//   confirm-dialog / confirm-message / confirm-ok / confirm-cancel
//   toast / toast-action   the notice after an action, and its Undo
//   open-trash / trash-view / trash-item / restore-project   the Trash page (its documents' and versions'
//                          ids are listed at the top of AllDocumentsTrash.tsx and AllVersionsTrash.tsx)
//   new-text-document / new-image-board / document-title-input
//   document-item          one document in a project (data-document-id)
//   document-rename / document-rename-input / document-trash   a document row's Rename and Move to trash
//   trashed-document / restore-document   a project's documents in the trash, below its list
//   document-view / document-text / read-only-note / document-back
//   document-gone          the notice when the open document is deleted for good or trashed elsewhere; its ids
//                          are listed at the top of renderer/features/documents/DocumentGoneDialog.tsx
//   queue-summary          top-bar queue glance ("Queue 2 · 63%"); opens the queue tab
//   toggle-drawer / tab-queue / tab-status
//   queue-panel / run-self-test
//   job-item               one job; data-status = queued|running|done|failed|cancelled, data-job-id
//   job-status / job-progress / job-cancel / job-move-up / job-move-down / job-note / job-error
//   status-panel / status-app-version / execution-provider
//   open-shortcuts / shortcuts-sheet / connection-banner / breadcrumb / inline-error
//   open-models            top-bar button into the model library; its ids are listed at the top of
//                          renderer/features/models/ModelsView.tsx
//   search-input           top-bar search field (Ctrl/⌘+K or Ctrl/⌘+F; Enter opens the results); the
//                          search page's ids are listed at the top of renderer/features/search/SearchView.tsx
//   the compare view's ids are listed at the top of renderer/features/compare/CompareView.tsx
//   the writing studio's ids (editor, ghost text, alternatives, settings, version tree) are listed
//   at the top of renderer/features/write/WriteView.tsx
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Project } from '../../shared/contract';
import { CompareView } from '../features/compare/CompareView';
import { NavigationContext, type Navigation } from '../features/compare/navigation';
import { DocumentView } from '../features/documents/DocumentView';
import { HeldTextContext } from '../features/documents/heldText';
import { useDeletedElsewhere } from '../features/documents/useDeletedElsewhere';
import { useLiveDocument } from '../features/documents/useLiveDocument';
import { ModelsButton } from '../features/models/ModelsButton';
import { ModelsView } from '../features/models/ModelsView';
import { ProjectPage } from '../features/projects/ProjectPage';
import { ProjectSidebar } from '../features/projects/ProjectSidebar';
import { TrashView } from '../features/projects/TrashView';
import { useProjects } from '../features/projects/useProjects';
import { projectTrash } from '../features/projects/projectTrash';
import { QueuePanel } from '../features/queue/QueuePanel';
import { QueueSummary } from '../features/queue/QueueSummary';
import { isActive } from '../features/queue/orderJobs';
import { useJobs } from '../features/queue/useJobs';
import { SearchBox } from '../features/search/SearchBox';
import { SearchView } from '../features/search/SearchView';
import { StartupNoticeBanner } from '../features/status/StartupNotices';
import { StatusPanel } from '../features/status/StatusPanel';
import { useClient } from './ClientContext';
import { ConnectionBanner } from './ConnectionBanner';
import { Drawer, type DrawerTab } from './Drawer';
import { DRAWER_TOGGLE_ID, NARROW_WINDOW, drawerFloats, pressClosesDrawer } from './floatingDrawer';
import { isTypingTarget } from './shortcuts';
import { ShortcutsSheet } from './ShortcutsSheet';
import { TopBar, type Crumb } from './TopBar';
import { useActionError } from './useActionError';
import { useTrashFlow } from './useTrashFlow';
import { focusWhenShown } from '../ui/focusWhenDrawn';
import { useTrashedOnArrival } from './useTrashedOnArrival';
import { parseView, rememberView, restoredView } from './lastView';
import { usePersistentState } from './usePersistentState';
import { useViewHistory } from './viewHistory';
import { WelcomeEmpty } from './WelcomeEmpty';

type View =
  | { kind: 'project'; projectId: string; document?: { id: string; title: string; iterationId?: string; seq?: number } }
  | { kind: 'trash' }
  | { kind: 'models' }
  | { kind: 'search'; q: string }
  | { kind: 'compare'; ids: string[]; from: View | null };

/** A view from a history entry: one a reload can show, or a comparison (of versions by id). */
function parseEntry(raw: unknown): View | null {
  const v = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (v.kind !== 'compare') return parseView(raw);
  const ids = Array.isArray(v.ids) && v.ids.every((id) => typeof id === 'string') ? (v.ids as string[]) : null;
  return ids && ids.length > 0 ? { kind: 'compare', ids, from: parseEntry(v.from) } : null;
}

export function App() {
  const client = useClient();
  const { projects, error: projectsError, reload: reloadProjects } = useProjects();
  const { jobs, error: jobsError, upsert } = useJobs();
  const [view, setView, replaceView, backTo] = useViewHistory<View>(restoredView, parseEntry);
  useEffect(() => rememberView(view), [view]);
  const [creating, setCreating] = useState(false);
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const [actionError, setActionError] = useActionError();
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [focusRequest, setFocusRequest] = useState<{ id: string; seq: number } | null>(null);
  const focusProject = (id: string) => setFocusRequest((r) => ({ id, seq: (r?.seq ?? 0) + 1 }));
  // Open on first run, except in a narrow window, where it would float over the work (theme.css).
  const [drawerOpen, setDrawerOpen] = usePersistentState<boolean>('drawer.open', !window.matchMedia(NARROW_WINDOW).matches);
  const [drawerTab, setDrawerTab] = usePersistentState<DrawerTab>('drawer.tab', 'queue');

  // The shown project: the chosen one while it exists, else the first (on first run, Welcome).
  const chosen = view?.kind === 'project' ? projects?.find((p) => p.id === view.projectId) : undefined;
  const elsewhere = view?.kind === 'trash' || view?.kind === 'models' || view?.kind === 'search' || view?.kind === 'compare';
  const project = elsewhere ? undefined : (chosen ?? projects?.[0]);
  // The control that opened Compare (by test id: the view it was in is drawn anew on Back).
  const compareOpener = useRef<string | null>(null);
  const navigation = useMemo<Navigation>(
    () => ({
      openCompare: (ids) => {
        const testId = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.testid : undefined;
        compareOpener.current = testId ? `[data-testid="${CSS.escape(testId)}"]` : null;
        setView((from) => ({ kind: 'compare', ids, from }));
      },
      openVersion: ({ projectId, documentId, documentTitle, iterationId }) =>
        setView({ kind: 'project', projectId, document: { id: documentId, title: documentTitle, iterationId, seq: Date.now() } }),
    }),
    [],
  );
  function search(q: string) {
    setView({ kind: 'search', q });
  }
  const openDocument = chosen && view?.kind === 'project' ? view.document : undefined;
  // Its title as it is now (a rename in another window reaches the breadcrumb and the open view).
  const liveDocument = useLiveDocument(openDocument?.id ?? null, project?.id ?? null);
  // Checked on arrival also when its project is not in the live list (in the trash with it): the notice says why it did not open.
  const viewDocument = view?.kind === 'project' ? view.document : undefined;
  const arrivalPending = useTrashedOnArrival(
    viewDocument ? { id: viewDocument.id, key: `${viewDocument.id}:${viewDocument.seq ?? ''}` } : null,
    (doc) => {
      replaceView(doc.projectDeletedAt === null ? { kind: 'project', projectId: doc.projectId } : null);
      deletedElsewhere.notOpened(doc);
    },
  );
  // Deleted for good or trashed (alone or with its project) in another window or tab: closed here,
  // what its editor held kept or offered back. The view's document, also once its project has left the list;
  // not while its arrival is being checked (Back to one trashed here: its stale live info would read as
  // "seen live here", then trashed elsewhere).
  const deletedElsewhere = useDeletedElsewhere({
    open:
      view?.kind === 'project' && viewDocument && !arrivalPending
        ? {
            id: viewDocument.id,
            title: liveDocument.data?.title ?? viewDocument.title,
            kind: liveDocument.data?.kind ?? null,
            projectId: view.projectId,
            projectName: chosen?.name ?? null,
            deletedAt: liveDocument.data?.deletedAt ?? null,
          }
        : null,
    projectLive: projects ? chosen !== undefined : null,
    projectId: project?.id ?? null,
    onClosed: () => replaceView((v) => (v?.kind === 'project' ? { kind: 'project', projectId: v.projectId } : v)),
    onSaved: (doc) => void reloadProjects().then(() => setView({ kind: 'project', projectId: doc.projectId, document: { id: doc.id, title: doc.title } })),
    onOpenTrash: () => setView({ kind: 'trash' }),
  });

  function selectProject(p: Project) {
    // Naming the project already shown by default (the first) is no new place to go Back from.
    const open = view === null && p.id === project?.id ? replaceView : setView;
    open({ kind: 'project', projectId: p.id });
    setActionError(null);
    setRenamingId(null);
  }

  const trashFlow = useTrashFlow(projectTrash, {
    onTrashed: (p) => {
      if (view?.kind === 'project' && view.projectId === p.id) replaceView(null);
      void reloadProjects();
    },
    onRestored: (p) => {
      void reloadProjects().then(() => selectProject(p));
    },
    onError: setActionError,
    texts: deletedElsewhere.texts,
  });

  async function createProject(name: string) {
    const created = await client.call('projects.create', { name });
    await reloadProjects();
    setCreating(false);
    selectProject(created);
    focusProject(created.id);
  }

  async function renameProject(id: string, name: string) {
    await client.call('projects.rename', { id, name });
    await reloadProjects();
    setRenamingId(null);
    focusProject(id);
  }

  // App-wide keys; ignored while typing or while a dialog owns the keyboard.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTypingTarget(e.target) || document.querySelector('dialog[open]')) return;
      if (e.key === '?') {
        setShortcutsOpen(true);
      } else if (e.key === 'n' || e.key === 'N') {
        setView((v) => (v?.kind === 'project' ? v : null));
        setCreating(true);
      } else if (e.key === 'F2' && project) {
        setRenamingId(project.id);
      } else if (e.key === 'Delete' && project) {
        trashFlow.ask(project);
      } else {
        return;
      }
      e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  useEffect(() => {
    document.title = project ? `${project.name} — Atelier` : 'Atelier';
  }, [project]);

  const crumbs: Crumb[] = [];
  if (view?.kind === 'trash') crumbs.push({ label: 'Trash' });
  else if (view?.kind === 'models') crumbs.push({ label: 'Models' });
  else if (view?.kind === 'search') crumbs.push({ label: 'Search' });
  else if (view?.kind === 'compare') crumbs.push({ label: 'Compare' });
  else if (project) {
    crumbs.push({ label: project.name, onClick: () => selectProject(project) });
    if (openDocument) crumbs.push({ label: liveDocument.data?.title ?? openDocument.title });
  }

  let workspace;
  if (view?.kind === 'search') {
    workspace = <SearchView query={view.q} onQuery={search} />;
  } else if (view?.kind === 'compare') {
    const back = view.from;
    const goBack = () => {
      backTo(back);
      // Back to what opened it once it is drawn again, else to the version tree's row.
      focusWhenShown([compareOpener.current, '[data-testid="version-node"][tabindex="0"]'].filter((s) => s !== null));
    };
    workspace = <CompareView ids={view.ids} onBack={goBack} onOpenVersion={navigation.openVersion} />;
  } else if (view?.kind === 'models') {
    workspace = <ModelsView jobs={jobs} upsert={upsert} />;
  } else if (view?.kind === 'trash') {
    workspace = (
      <TrashView
        onRestored={(p) => void reloadProjects().then(() => selectProject(p))}
        onOpenProject={(id) => setView({ kind: 'project', projectId: id })}
      />
    );
  } else if (project && openDocument && arrivalPending) {
    workspace = null;
  } else if (project && openDocument) {
    workspace = (
      <DocumentView
        key={`${openDocument.id}:${openDocument.seq ?? ''}`}
        doc={liveDocument.data}
        error={liveDocument.error}
        iterationId={openDocument.iterationId}
        onBack={() => selectProject(project)}
      />
    );
  } else if (project) {
    workspace = (
      <ProjectPage
        key={project.id}
        project={project}
        renaming={renamingId === project.id}
        actionError={actionError}
        onStartRename={() => setRenamingId(project.id)}
        onEndRename={() => setRenamingId(null)}
        onRename={(name) => renameProject(project.id, name)}
        onTrash={() => trashFlow.ask(project)}
        onOpenDocument={(doc) => setView({ kind: 'project', projectId: project.id, document: { id: doc.id, title: doc.title } })}
      />
    );
  } else if (projects) {
    workspace = <WelcomeEmpty onCreate={() => setCreating(true)} />;
  }

  return (
    <NavigationContext value={navigation}>
    <div className={drawerOpen ? 'app' : 'app app-drawer-closed'}>
      <TopBar
        crumbs={crumbs}
        drawerOpen={drawerOpen}
        onToggleDrawer={() => setDrawerOpen(!drawerOpen)}
        onShortcuts={() => setShortcutsOpen(true)}
        // The box shows the query of the results on screen, and is empty elsewhere: a query left in it
        // on another page read as a filter on that page (Back to the results brings it back).
        search={<SearchBox query={view?.kind === 'search' ? view.q : ''} onSearch={search} />}
        models={<ModelsButton open={view?.kind === 'models'} onOpen={() => setView({ kind: 'models' })} />}
        queue={
          <QueueSummary
            jobs={jobs}
            onOpen={() => {
              setDrawerOpen(true);
              setDrawerTab('queue');
            }}
          />
        }
      />
      <div className="banners">
        <ConnectionBanner />
        <StartupNoticeBanner />
      </div>
      <div
        className="body"
        // A floating drawer (narrow window) gives way when the page beside it is pressed; the press still acts.
        onPointerDownCapture={(e) => {
          if (drawerOpen && pressClosesDrawer(e.target)) setDrawerOpen(false);
        }}
      >
        <ProjectSidebar
          projects={projects}
          loadError={projectsError}
          selectedId={project?.id ?? null}
          trashOpen={view?.kind === 'trash'}
          creating={creating}
          focusRequest={focusRequest}
          onStartCreate={() => setCreating(true)}
          onCancelCreate={() => setCreating(false)}
          onCreate={createProject}
          onSelect={selectProject}
          onRename={(p) => {
            selectProject(p);
            setRenamingId(p.id);
          }}
          onTrash={(p) => trashFlow.ask(p)}
          onOpenTrash={() => setView({ kind: 'trash' })}
        />
        <main className="workspace" id="workspace">
          <HeldTextContext value={deletedElsewhere.texts}>{workspace}</HeldTextContext>
        </main>
        {drawerOpen && (
          <Drawer
            tab={drawerTab}
            onTab={setDrawerTab}
            onEscape={() => {
              if (!drawerFloats()) return false;
              setDrawerOpen(false);
              document.getElementById(DRAWER_TOGGLE_ID)?.focus();
              return true;
            }}
            queueBadge={jobs.filter(isActive).length}
            queue={<QueuePanel jobs={jobs} loadError={jobsError} upsert={upsert} />}
            status={<StatusPanel />}
          />
        )}
      </div>
      {trashFlow.dialog}
      {deletedElsewhere.dialog}
      {shortcutsOpen && <ShortcutsSheet onClose={() => setShortcutsOpen(false)} />}
    </div>
    </NavigationContext>
  );
}
