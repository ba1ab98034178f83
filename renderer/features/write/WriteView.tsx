// The writing studio for one text document: the editor (CodeMirror) with ghost text and
// provenance tints, the action bar and alternatives under it, and an inspector with the settings
// and the version tree. The session (session.ts) does the work; this file lays it out.
//
// Test ids (besides document-view / document-text / document-back, kept from the read-only view):
//   save-state (data-state saved|dirty|saving|error) / save-now / toggle-tints / toggle-write-side
//   export-menu / export-markdown / export-docx / export-text
//   write-empty-hint / write-ghost (inline ghost text, data-streaming) / write-error
//   write-continue / write-alternatives-run / write-regenerate / write-stop / write-accept / write-reject
//   write-truncated (the prompt's start was left out; data-left, data-reads) /
//   write-more / write-gen-status (data-state starting|queued|running|done|stopped, data-mode
//   continue|alternatives|branch|rewrite) / write-memory-badge (memory is on; opens the field)
//   write-rewrite (Rewrite…, shown with a selection) / write-rewrite-bar / write-rewrite-instruction /
//   write-rewrite-pick (data-pick) / write-rewrite-run / write-rewrite-cancel / write-rewrite-error /
//   write-rewrite-choose-model / write-rewrite-again / in the editor: write-rewrite-target (the marked
//   selection while asking) and write-rewrite-original (the struck-through text being replaced)
//   write-alt-card (data-row, data-state streaming|done|stopped|not-kept) / token-popover / token-alt
//   side-tab-settings / side-tab-versions / write-settings and its fields (write-model, write-provider,
//   write-memory, write-memory-count, write-preset, write-save-preset, write-max-tokens, write-alternatives, write-temperature, write-top-k,
//   write-top-p, write-min-p, write-typical-p, write-*-penalty, write-seed-lock, write-seed, …; a field's
//   problem is <field>-error) / write-device / write-starter-hint / write-model-error
//   head-moved-bar and its buttons, head-followed (HeadMovedBar.tsx)
//   the Versions tab is the history panel (renderer/features/history: version-tree, version-node, history-*,
//   version-trash-*) / version-preview / version-restore / version-back
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { ArrowLeft, Highlighter, PanelRightClose, PanelRightOpen } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode, type RefObject } from 'react';
import type { HistoryGraph, ModelInfo, TextRecipe } from '../../../shared/contract';
import { useClient, useConnectionDrop, useConnectionEpoch } from '../../app/ClientContext';
import { isTypingTarget } from '../../app/shortcuts';
import { useLiveQuery } from '../../app/useLiveQuery';
import { usePersistentState } from '../../app/usePersistentState';
import { IconButton } from '../../ui/Button';
import { download } from '../../ui/download';
import { InlineError } from '../../ui/InlineError';
import { GridButton, type GridBase } from '../grid/GridButton';
import { HistoryPanel } from '../history/HistoryPanel';
import { useSystemStatus } from '../status/useSystemStatus';
import { writerExtensions } from './editor/extensions';
import { fileName, isTextRecipe, toMarkdown } from './exportDoc';
import { DOCX_TYPE, toDocx } from './docx/toDocx';
import { useHoldText } from '../documents/heldText';
import { WriteSession } from './session';
import { LOADING_SNAPSHOT } from './sessionTypes';
import { FollowedNotice, HeadMovedBar } from './HeadMovedBar';
import { PromptCutNotice } from './PromptCutNotice';
import { promptCutOf } from './promptCut';
import { SettingsPanel } from './SettingsPanel';
import { ActionBar } from './ActionBar';
import { AlternativesStrip } from './AlternativesStrip';
import { EmptyHint } from './EmptyHint';
import { ExportMenu, type ExportKind } from './ExportMenu';
import { PreviewBanner } from './PreviewBanner';
import { RewriteBar } from './RewriteBar';
import { SaveIndicator } from './SaveIndicator';
import { DEFAULT_MODEL, hasStoredSettings, loadSettings, loadUserPresets, saveSettings, saveUserPresets, settingsFromRecipe, toTextSettings, validate, type Preset, type WriteSettings } from './settings';
import './write.css';

const noSubscribe = () => () => {};
const loadingSnapshot = () => LOADING_SNAPSHOT;

type SideTab = 'settings' | 'versions';

function defaultModel(models: ModelInfo[] | null): string | null {
  if (!models) return null;
  return models.find((m) => m.id === DEFAULT_MODEL)?.id ?? models.find((m) => m.starter)?.id ?? models[0]?.id ?? DEFAULT_MODEL;
}

/** True while the element is narrower than `width` pixels. */
function useNarrow(ref: RefObject<HTMLElement | null>, width: number): boolean {
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      // The inspector's own width counts while it sits beside the text.
      const w = entry?.target.getBoundingClientRect().width ?? width;
      setNarrow(w < width);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, width]);
  return narrow;
}

/** The text models to pick from, and the machine's status (which device a job would use). */
function useModels() {
  const models = useLiveQuery('models', async (client) => (await client.call('models.list', {})).filter((m) => m.kind === 'text'));
  const { status } = useSystemStatus();
  return { models: models.data, status, error: models.error && `Could not list the models: ${models.error}` };
}

/** The newest generated version's recipe for this model (device used, seed). */
function lastRecipeFor(graph: HistoryGraph | null, model: string | null): TextRecipe | null {
  const its = graph?.iterations ?? [];
  for (let i = its.length - 1; i >= 0; i--) {
    const r = its[i]?.recipe;
    if (isTextRecipe(r) && (model === null || r.model.id === model)) return r;
  }
  return null;
}

/** `title` is the document's as the shell keeps it (a rename elsewhere arrives there, not in the session). */
export function WriteView({ documentId, title, initialVersion, onBack }: { documentId: string; title: string; initialVersion?: string; onBack(): void }) {
  const client = useClient();
  const epoch = useConnectionEpoch();
  const editorRef = useRef<HTMLDivElement>(null);
  const [session, setSession] = useState<WriteSession | null>(null);
  const [settings, setSettingsState] = useState<WriteSettings>(() => loadSettings(documentId));
  const [hostIssues, setHostIssues] = useState<Record<string, string>>({});
  const [userPresets, setUserPresets] = useState<Preset[]>(loadUserPresets);
  const { models, status, error: modelsError } = useModels();
  const [tints, setTints] = usePersistentState<boolean>('write.tints', true);
  const [sideOpen, setSideOpen] = usePersistentState<boolean>('write.side', true);
  const [sideTab, setSideTab] = usePersistentState<SideTab>('write.sideTab', 'settings');
  // In a narrow workspace the inspector floats over the text and starts closed.
  const bodyRef = useRef<HTMLDivElement>(null);
  const narrow = useNarrow(bodyRef, 760);
  const [overlayOpen, setOverlayOpen] = useState(false);
  const showSide = narrow ? overlayOpen : sideOpen;
  const toggleSide = (open: boolean) => (narrow ? setOverlayOpen(open) : setSideOpen(open));
  const snap = useSyncExternalStore(session?.subscribe ?? noSubscribe, session?.getSnapshot ?? loadingSnapshot);
  // The shell reads the text from here if the document goes elsewhere, and saves it before this window trashes it.
  useHoldText(
    documentId,
    useMemo(
      () =>
        session
          ? Object.assign(() => session.heldText(), { doc: () => session.getSnapshot().doc, save: () => session.flushed() })
          : null,
      [session],
    ),
  );

  const model = settings.model ?? defaultModel(models);
  const localIssues = useMemo(() => validate(settings), [settings]);
  const issues = useMemo(() => ({ ...hostIssues, ...localIssues }), [hostIssues, localIssues]);
  const lastRecipe = useMemo(() => lastRecipeFor(snap.graph, model), [snap.graph, model]);

  const latest = useRef({ settings, model, localIssues });
  useEffect(() => {
    latest.current = { settings, model, localIssues };
  });

  function setSettings(next: WriteSettings) {
    setSettingsState(next);
    setHostIssues({});
    saveSettings(documentId, next);
  }

  useEffect(() => {
    const parent = editorRef.current;
    if (!parent) return;
    const s = new WriteSession(client, documentId, {
      request: () => {
        const { settings: current, model: chosen, localIssues: problems } = latest.current;
        if (Object.keys(problems).length > 0) return { issues: problems };
        return {
          model: chosen ?? DEFAULT_MODEL,
          provider: current.provider,
          alternatives: current.alternatives,
          settings: toTextSettings(current),
          memory: current.memory,
        };
      },
      onIssues: (found) => {
        setHostIssues(found);
        setSideOpen(true);
        setOverlayOpen(true);
        setSideTab('settings');
      },
      placeholder: 'Start writing…',
    });
    const view = new EditorView({ parent, state: EditorState.create({ doc: '', extensions: writerExtensions(s.setup, true) }) });
    s.attach(view);
    s.start();
    setSession(s);
    return () => {
      s.dispose();
      view.destroy();
    };
    // setSideOpen / setSideTab are state setters (stable).
  }, [client, documentId]);

  // This browser keeps no settings for the document (another browser, cleared storage, or the
  // browser host on another port: storage is per origin): take them, memory included, from the
  // newest generated version's recipe instead of the last ones used elsewhere.
  const settingsChecked = useRef(false);
  useEffect(() => {
    if (settingsChecked.current || !snap.graph) return;
    settingsChecked.current = true;
    const recipe = lastRecipeFor(snap.graph, null);
    if (recipe && !hasStoredSettings(documentId)) setSettings(settingsFromRecipe(recipe, latest.current.settings));
    // setSettings only writes state and storage for this document.
  }, [snap.graph, documentId]);

  // A drop holds the tokens of the job streaming here until the catch-up after the reconnect.
  const onDrop = useMemo(() => (session ? () => session.connectionLost() : null), [session]);
  useConnectionDrop(onDrop);

  // After a reconnect, catch up with what changed while away (the editor's text stays).
  const firstEpoch = useRef(epoch);
  useEffect(() => {
    if (epoch !== firstEpoch.current) void session?.reconnected();
  }, [epoch, session]);

  // Esc stops or rejects a generation, and an alternative's number keeps it, even when the focus
  // is on a button (an alternative's card), not in the editor.
  useEffect(() => {
    if (!session) return;
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || document.querySelector('dialog[open]')) return;
      if (e.target instanceof HTMLElement && (e.target.closest('.cm-editor') || isTypingTarget(e.target))) return;
      const handled = e.key === 'Escape' ? session?.escape() : /^[1-8]$/.test(e.key) && session?.pickAlternative(Number(e.key) - 1);
      if (handled) e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session]);

  // Opened at one version (from search or compare): show it as the Versions tab's preview.
  const shownInitial = useRef(false);
  useEffect(() => {
    if (!initialVersion || shownInitial.current || !session || snap.phase !== 'ready') return;
    shownInitial.current = true;
    setSideOpen(true);
    setSideTab('versions');
    if (initialVersion !== snap.doc?.headIterationId) void session.viewVersion(initialVersion);
  }, [initialVersion, session, snap.phase, snap.doc, setSideOpen, setSideTab]);

  /** Shows the settings tab and puts the focus on one of its fields. */
  function focusSetting(testId: string) {
    setSideOpen(true);
    setOverlayOpen(true);
    setSideTab('settings');
    // The panel may only now be mounted.
    requestAnimationFrame(() => {
      const field = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
      field?.scrollIntoView({ block: 'nearest' });
      field?.focus();
    });
  }

  const gen = snap.gen;
  const doc = snap.doc;
  const headId = doc?.headIterationId ?? null;
  // A generation just made says it from its result; a version shown (viewed, or the one the text is
  // based on) from its recipe.
  const promptCut = gen
    ? (gen.cut ?? null)
    : promptCutOf(snap.preview ?? snap.graph?.iterations.find((i) => i.id === snap.baseId));
  const versionCount = snap.graph?.iterations.length ?? 0;

  function exportAs(kind: ExportKind) {
    if (!session || !doc) return;
    const source = session.exportSource();
    const input = { title, documentId: doc.id, ...source, appVersion: status?.appVersion };
    if (kind === 'txt') download(fileName(title, 'txt'), source.text, 'text/plain;charset=utf-8');
    else if (kind === 'docx') download(fileName(title, 'docx'), toDocx(input), DOCX_TYPE);
    else download(fileName(title, 'md'), toMarkdown(input), 'text/markdown;charset=utf-8');
  }

  /** The grid's base request: this document's text and settings as they are now. */
  function gridBase(): GridBase {
    if (!session || !doc) return { ok: false, message: 'The document is still loading.' };
    const problems = Object.entries(localIssues);
    if (problems.length > 0) return { ok: false, message: `Fix the settings first (${problems.map(([k, v]) => `${k}: ${v}`).join('; ')}).` };
    const source = session.exportSource();
    return {
      ok: true,
      request: {
        documentId,
        parentId: source.version?.id ?? headId,
        prompt: source.text,
        model: model ?? DEFAULT_MODEL,
        provider: settings.provider,
        settings: toTextSettings(settings) as Record<string, unknown>,
        memory: settings.memory,
      },
    };
  }

  return (
    <section className="write" aria-labelledby="document-title" data-testid="document-view">
      <header className="write-header">
        <IconButton small label="All documents" icon={<ArrowLeft size={16} />} onClick={onBack} data-testid="document-back" />
        <h1 id="document-title" className="write-title">
          {title}
        </h1>
        {session && snap.phase === 'ready' && (snap.baseId !== null || !snap.empty) && (
          <SaveIndicator save={snap.save} preview={snap.preview !== null} onSave={() => void session.flushSave()} />
        )}
        <div className="write-tools">
          {tints && snap.hasModelText && <TintLegend />}
          <IconButton
            small
            label={tints ? 'Hide who-wrote-what tints' : 'Show who-wrote-what tints'}
            icon={<Highlighter size={16} />}
            aria-pressed={tints}
            className={tints ? 'btn-toggled' : ''}
            onClick={() => setTints(!tints)}
            data-testid="toggle-tints"
          />
          <GridButton
            documentId={documentId}
            kind="text"
            getBase={gridBase}
            onOpenIteration={(id) => void session?.viewVersion(id)}
            onBranchIteration={(id) => void session?.restore(id)}
          />
          <ExportMenu onExport={exportAs} disabled={!doc} />
          <IconButton
            small
            label={showSide ? 'Hide settings and versions' : 'Show settings and versions'}
            icon={showSide ? <PanelRightClose size={16} /> : <PanelRightOpen size={16} />}
            aria-pressed={showSide}
            onClick={() => toggleSide(!showSide)}
            data-testid="toggle-write-side"
          />
        </div>
      </header>

      <div className={['write-body', showSide && !narrow ? '' : 'write-body-solo', narrow ? 'write-body-narrow' : ''].filter(Boolean).join(' ')} ref={bodyRef}>
        <div
          className="write-main"
          // The floating inspector of a narrow window closes when the writer goes back to the text.
          onMouseDownCapture={() => {
            if (narrow && overlayOpen) setOverlayOpen(false);
          }}
        >
          <div
            className={tints ? 'write-scroll' : 'write-scroll tints-off'}
            onMouseDown={(e) => {
              // The page around the text is part of the sheet: a press there writes in the text.
              if (e.button !== 0 || !session || !(e.target instanceof Element)) return;
              if (e.target.closest('.cm-editor, button, a, input, textarea, select, summary, label, [role="region"], [role="alert"]')) return;
              e.preventDefault();
              session.focusNear(e.clientX, e.clientY);
            }}
          >
            <InlineError message={snap.loadError} />
            {snap.preview && session && <PreviewBanner snap={snap} onRestore={(id) => void session.restore(id)} onBack={() => session.backToCurrent()} />}
            <div
              ref={editorRef}
              className={['write-editor', snap.phase === 'loading' ? 'write-editor-loading' : '', snap.preview ? 'write-editor-preview' : '']
                .filter(Boolean)
                .join(' ')}
              data-testid="document-text"
              aria-busy={snap.phase === 'loading'}
            />
            {snap.phase === 'ready' && snap.empty && !snap.preview && !gen && <EmptyHint alternatives={settings.alternatives} />}
          </div>
          {session && snap.phase === 'ready' && (
            <div className="write-dock">
              {snap.headMoved ? (
                <HeadMovedBar moved={snap.headMoved} onShow={() => void session.showMoved()} onKeep={() => session.keepEditing()} onCancel={() => session.cancelShow()} />
              ) : (
                snap.followed && <FollowedNotice key={snap.followed.seq} followed={snap.followed} />
              )}
              <InlineError message={snap.error} testId="write-error" />
              {promptCut && <PromptCutNotice cut={promptCut} />}
              {snap.preview ? null : snap.rewriteAsk && !gen ? (
                <RewriteBar
                  key={snap.rewriteAsk.seq}
                  ask={snap.rewriteAsk}
                  model={model}
                  onRun={(instruction) => void session.rewrite(instruction)}
                  onCancel={() => session.cancelRewrite()}
                  onChooseModel={() => focusSetting('write-model')}
                />
              ) : (
                <ActionBar
                  gen={gen}
                  model={model}
                  alternatives={settings.alternatives}
                  memory={settings.memory}
                  canRegenerate={snap.editedSinceAccept && snap.hasModelText}
                  canRewrite={snap.hasSelection}
                  onContinue={() => void session.generate('continue')}
                  onAlternatives={() => void session.generate('alternatives')}
                  onRegenerate={() => void session.generate('regenerate')}
                  onRewrite={() => session.askRewrite()}
                  onRewriteAgain={() => void session.rewriteAgain()}
                  onStop={() => void session.stop()}
                  onAccept={() => void session.accept(gen?.previewRow ?? 0)}
                  onReject={() => session.reject()}
                  onMore={() => {
                    session.reject();
                    void session.generate('alternatives');
                  }}
                  onOpenMemory={() => focusSetting('write-memory')}
                />
              )}
              {gen?.mode === 'alternatives' && (
                <AlternativesStrip gen={gen} onPreview={(row) => session.previewAlternative(row)} onPick={(row) => void session.accept(row)} />
              )}
            </div>
          )}
        </div>

        {showSide && (
          <aside
            className={narrow ? 'write-side write-side-overlay' : 'write-side'}
            aria-label="Writing settings and versions"
            onKeyDown={(e) => {
              if (narrow && e.key === 'Escape' && !e.defaultPrevented) {
                e.preventDefault();
                setOverlayOpen(false);
              }
            }}
          >
            <div className="tabs write-side-tabs" role="tablist" aria-label="Inspector">
              <SideTabButton id="settings" current={sideTab} onSelect={setSideTab}>
                Settings
              </SideTabButton>
              <SideTabButton id="versions" current={sideTab} onSelect={setSideTab}>
                Versions
                {versionCount > 0 && <span className="badge badge-quiet">{versionCount}</span>}
              </SideTabButton>
            </div>
            <div className="write-side-body" role="tabpanel" id={`write-side-panel-${sideTab}`} aria-labelledby={`write-side-tab-${sideTab}`}>
              {sideTab === 'settings' ? (
                <SettingsPanel
                  settings={settings}
                  onChange={setSettings}
                  model={model}
                  models={models}
                  modelsError={modelsError}
                  status={status}
                  lastRecipe={lastRecipe}
                  issues={issues}
                  userPresets={userPresets}
                  onUserPresets={(next) => {
                    setUserPresets(next);
                    saveUserPresets(next);
                  }}
                />
              ) : (
                <HistoryPanel
                  documentId={documentId}
                  kind="text"
                  graph={snap.graph}
                  headId={headId}
                  viewingId={snap.preview?.id ?? null}
                  onOpen={(id) => void session?.viewVersion(id)}
                />
              )}
            </div>
          </aside>
        )}
      </div>
    </section>
  );
}

function SideTabButton({ id, current, onSelect, children }: { id: SideTab; current: SideTab; onSelect(t: SideTab): void; children: ReactNode }) {
  const other: SideTab = id === 'settings' ? 'versions' : 'settings';
  return (
    <button
      type="button"
      role="tab"
      id={`write-side-tab-${id}`}
      className="tab"
      aria-selected={current === id}
      aria-controls={`write-side-panel-${id}`}
      tabIndex={current === id ? 0 : -1}
      data-testid={`side-tab-${id}`}
      onClick={() => onSelect(id)}
      onKeyDown={(e) => {
        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
        e.preventDefault();
        onSelect(other);
        document.getElementById(`write-side-tab-${other}`)?.focus();
      }}
    >
      {children}
    </button>
  );
}

function TintLegend() {
  return (
    <span className="tint-legend" aria-label="Tints: your text plain, model text tinted, model text you edited in a third tint">
      <span className="tint-key tint-key-user">You</span>
      <span className="tint-key tint-key-model">Model</span>
      <span className="tint-key tint-key-edited">Edited</span>
    </span>
  );
}
