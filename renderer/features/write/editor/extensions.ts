// CodeMirror pieces of the writing studio: provenance tints (who wrote what), ghost text for a
// generation in flight (in place of a selection being rewritten, which shows struck through), the
// selection a rewrite instruction is being asked for, the token popover, and the studio's keys. The session (session.ts) drives
// them with effects; nothing here talks to the host.
import { defaultKeymap, history, historyKeymap, invertedEffects } from '@codemirror/commands';
import {
  Annotation,
  Compartment,
  EditorState,
  Prec,
  StateEffect,
  StateField,
  type Extension,
  type Range,
} from '@codemirror/state';
import {
  Decoration,
  EditorView,
  WidgetType,
  activateHover,
  closeHoverTooltips,
  hoverTooltip,
  keymap,
  placeholder,
  type DecorationSet,
  type Tooltip,
} from '@codemirror/view';
import type { GeneratedToken } from '../../../../shared/contract';
import { addSpans, applyChanges, spanAt, type Span } from '../provenance';
import type { Change } from '../textDiff';

// ---------- provenance ----------

/** Marks a change the program made (loading a version, accepting a generation), not the writer. */
export const programmatic = Annotation.define<boolean>();
export const setSpans = StateEffect.define<Span[]>();
export const addSpansEffect = StateEffect.define<Span[]>();

export const provenanceField = StateField.define<Span[]>({
  create: () => [],
  update(spans, tr) {
    let next = spans;
    if (tr.docChanged) {
      const changes: Change[] = [];
      tr.changes.iterChanges((fromA, toA, fromB, toB) => changes.push({ fromA, toA, fromB, toB }));
      next = applyChanges(next, changes, !tr.annotation(programmatic));
    }
    for (const e of tr.effects) {
      if (e.is(setSpans)) next = e.value;
      else if (e.is(addSpansEffect)) next = addSpans(next, e.value);
    }
    return next;
  },
  provide: (field) =>
    EditorView.decorations.from(field, (spans) => {
      const marks: Range<Decoration>[] = [];
      for (const s of spans) marks.push((s.kind === 'model' ? modelMark : editedMark).range(s.from, s.to));
      return Decoration.set(marks, true);
    }),
});

const modelMark = Decoration.mark({ class: 'cm-prov-model' });
const editedMark = Decoration.mark({ class: 'cm-prov-edited' });

/** Undo and redo bring back the tints as they were, not as the reverse edit would paint them. */
const undoableSpans = invertedEffects.of((tr) => (tr.docChanged ? [setSpans.of(tr.startState.field(provenanceField))] : []));

// ---------- ghost text ----------

export interface Ghost {
  /** Replaced range [from, to) (a branch hides the rest of the old continuation); from === to inserts. */
  from: number;
  to: number;
  /** Text shown before the streamed text (a branch's chosen alternative). */
  lead: string;
  text: string;
  streaming: boolean;
  /** A rewrite: [from, to) stays visible, struck through, with the new text after it. */
  strike?: boolean;
}

export const setGhost = StateEffect.define<Ghost | null>();

class GhostWidget extends WidgetType {
  constructor(readonly ghost: Ghost) {
    super();
  }
  override eq(other: GhostWidget): boolean {
    const a = this.ghost;
    const b = other.ghost;
    return a.lead === b.lead && a.text === b.text && a.streaming === b.streaming && a.strike === b.strike;
  }
  toDOM(): HTMLElement {
    const dom = document.createElement('span');
    dom.className = this.ghost.strike ? 'cm-ghost cm-ghost-rewrite' : 'cm-ghost';
    dom.setAttribute('data-testid', 'write-ghost');
    dom.setAttribute('aria-live', 'off');
    this.fill(dom);
    return dom;
  }
  override updateDOM(dom: HTMLElement): boolean {
    this.fill(dom);
    return true;
  }
  private fill(dom: HTMLElement): void {
    dom.replaceChildren();
    dom.dataset.streaming = String(this.ghost.streaming);
    if (this.ghost.lead) {
      const lead = document.createElement('span');
      lead.className = 'cm-ghost-lead';
      lead.textContent = this.ghost.lead;
      dom.append(lead);
    }
    dom.append(document.createTextNode(this.ghost.text));
    const caret = document.createElement('span');
    caret.className = 'cm-ghost-caret';
    caret.setAttribute('aria-hidden', 'true');
    dom.append(caret);
  }
  override ignoreEvent(): boolean {
    return false;
  }
}

export const ghostField = StateField.define<Ghost | null>({
  create: () => null,
  update(ghost, tr) {
    let next = ghost;
    if (next && tr.docChanged) {
      const from = tr.changes.mapPos(next.from, 1);
      next = { ...next, from, to: Math.max(from, tr.changes.mapPos(next.to, -1)) };
    }
    for (const e of tr.effects) if (e.is(setGhost)) next = e.value;
    return next;
  },
  provide: (field) =>
    EditorView.decorations.from(field, (ghost): DecorationSet => {
      if (!ghost) return Decoration.none;
      const widget = new GhostWidget(ghost);
      if (ghost.to > ghost.from && ghost.strike) {
        return Decoration.set([rewriteOriginalMark.range(ghost.from, ghost.to), Decoration.widget({ widget, side: 1 }).range(ghost.to)]);
      }
      if (ghost.to > ghost.from) {
        return Decoration.set([
          Decoration.replace({ widget }).range(ghost.from, ghost.to),
        ]);
      }
      return Decoration.set([Decoration.widget({ widget, side: 1 }).range(ghost.from)]);
    }),
});

const rewriteOriginalMark = Decoration.mark({
  class: 'cm-rewrite-original',
  attributes: { 'data-testid': 'write-rewrite-original', 'aria-label': 'Being rewritten' },
});

// ---------- the selection a rewrite is asked for ----------

/** The range kept marked while the writer types the instruction (the focus is not in the editor then). */
export const setRewriteTarget = StateEffect.define<{ from: number; to: number } | null>();

export const rewriteTargetField = StateField.define<{ from: number; to: number } | null>({
  create: () => null,
  update(target, tr) {
    let next = target;
    if (next && tr.docChanged) {
      const from = tr.changes.mapPos(next.from, 1);
      const to = Math.max(from, tr.changes.mapPos(next.to, -1));
      next = to > from ? { from, to } : null;
    }
    for (const e of tr.effects) if (e.is(setRewriteTarget)) next = e.value;
    return next;
  },
  provide: (field) =>
    EditorView.decorations.from(field, (target): DecorationSet =>
      target ? Decoration.set([rewriteTargetMark.range(target.from, target.to)]) : Decoration.none,
    ),
});

const rewriteTargetMark = Decoration.mark({ class: 'cm-rewrite-target', attributes: { 'data-testid': 'write-rewrite-target' } });

// ---------- the token popover ----------

export interface TokenPopoverHost {
  /** The token data behind a span's ref (fetched once per version, then cached). */
  tokenData(ref: NonNullable<Span['ref']>): Promise<GeneratedToken | null>;
  /** Whether branching is possible now (not while another generation runs or a version is viewed). */
  canBranch(): string | null;
  branch(span: Span, alternative: { text: string }): void;
}

let focusNextPopover = false;

function visible(text: string): string {
  return text.replace(/ /g, '␣').replace(/\n/g, '⏎').replace(/\t/g, '⇥') || '∅';
}

function percent(p: number): string {
  const v = p * 100;
  return v >= 10 ? `${Math.round(v)}%` : v >= 1 ? `${v.toFixed(1)}%` : v >= 0.1 ? `${v.toFixed(2)}%` : '<0.1%';
}

function popoverDom(view: EditorView, span: Span, token: GeneratedToken, host: TokenPopoverHost): HTMLElement {
  const dom = document.createElement('div');
  dom.className = 'token-popover';
  dom.setAttribute('data-testid', 'token-popover');
  dom.setAttribute('role', 'dialog');
  dom.setAttribute('aria-label', 'Alternatives for this token');

  const head = document.createElement('div');
  head.className = 'token-popover-head';
  const chosen = document.createElement('span');
  chosen.className = 'token-chip';
  chosen.textContent = visible(token.text);
  const chance = document.createElement('span');
  chance.className = 'token-popover-p';
  chance.textContent = `chosen at ${percent(token.p)}`;
  head.append(chosen, chance);
  dom.append(head);

  const blocked = host.canBranch();
  const list = document.createElement('div');
  list.className = 'token-alts';
  list.setAttribute('role', 'menu');
  const alts = [...token.top].sort((a, b) => b.p - a.p);
  if (!alts.some((a) => a.id === token.id)) alts.push({ id: token.id, text: token.text, p: token.p });
  for (const alt of alts) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = alt.id === token.id ? 'token-alt token-alt-chosen' : 'token-alt';
    button.setAttribute('role', 'menuitem');
    button.setAttribute('data-testid', 'token-alt');
    button.disabled = blocked !== null;
    const label = document.createElement('span');
    label.className = 'token-alt-text';
    label.textContent = visible(alt.text);
    const bar = document.createElement('span');
    bar.className = 'token-alt-bar';
    bar.setAttribute('aria-hidden', 'true');
    const fill = document.createElement('span');
    fill.style.width = `${Math.max(2, Math.round(alt.p * 100))}%`;
    bar.append(fill);
    const p = document.createElement('span');
    p.className = 'token-alt-p';
    p.textContent = percent(alt.p);
    button.title = alt.id === token.id ? 'The token the model chose: regenerate after it' : 'Branch from here with this token';
    button.append(label, bar, p);
    button.addEventListener('mousedown', (e) => e.preventDefault());
    button.addEventListener('click', () => {
      view.dispatch({ effects: closeHoverTooltips });
      host.branch(span, alt);
    });
    list.append(button);
  }
  dom.append(list);

  const foot = document.createElement('p');
  foot.className = 'token-popover-foot';
  foot.textContent = blocked ?? 'Pick one to branch from here: the model writes on from that token.';
  dom.append(foot);

  dom.addEventListener('keydown', (e) => {
    const buttons = [...dom.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = buttons[(at + (e.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length];
      next?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      view.dispatch({ effects: closeHoverTooltips });
      view.focus();
    }
  });
  return dom;
}

function tokenTooltip(host: TokenPopoverHost) {
  return hoverTooltip(
    async (view, pos, side): Promise<Tooltip | null> => {
      const span = spanAt(view.state.field(provenanceField), pos, side);
      if (!span?.ref || span.kind !== 'model') return null;
      const token = await host.tokenData(span.ref);
      if (!token) return null;
      return {
        pos: span.from,
        end: span.to,
        above: false,
        create: () => {
          const dom = popoverDom(view, span, token, host);
          return {
            dom,
            mount: () => {
              if (focusNextPopover) {
                focusNextPopover = false;
                dom.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
              }
            },
          };
        },
      };
    },
    { hideOnChange: true, hoverTime: 250 },
  );
}

// ---------- keys and setup ----------

export interface WriterKeys {
  continue(): boolean;
  alternatives(): boolean;
  accept(): boolean;
  escape(): boolean;
  save(): boolean;
  /** Ask for an instruction to rewrite the selection. */
  rewrite(): boolean;
  /** Keep alternative `row` (0-based) while alternatives are shown; false otherwise (the key types). */
  pick(row: number): boolean;
}

export const readOnly = new Compartment();

export interface EditorSetup {
  keys: WriterKeys;
  popover: TokenPopoverHost;
  onUpdate: Parameters<typeof EditorView.updateListener.of>[0];
  placeholderText: string;
  label: string;
  /** Typing, pasting or dropping into the editor while it is read-only (a viewed version, a generation). */
  onBlockedEdit(): void;
}

export function writerExtensions(setup: EditorSetup, locked: boolean): Extension[] {
  const tooltip = tokenTooltip(setup.popover);
  const openTokenMenu = (view: EditorView): boolean => {
    const pos = view.state.selection.main.head;
    const spans = view.state.field(provenanceField);
    const span = spanAt(spans, pos, 1) ?? spanAt(spans, pos, -1);
    if (!span?.ref) return false;
    focusNextPopover = true;
    activateHover(view, span.from, 1, { tooltip, until: (tr) => tr.docChanged || tr.selection !== undefined });
    return true;
  };
  return [
    Prec.highest(
      keymap.of([
        { key: 'Mod-Enter', run: () => setup.keys.continue() },
        { key: 'Mod-Shift-Enter', run: () => setup.keys.alternatives() },
        { key: 'Tab', run: () => setup.keys.accept() },
        { key: 'Escape', run: () => setup.keys.escape() },
        { key: 'Mod-s', run: () => setup.keys.save(), preventDefault: true },
        { key: 'Mod-.', run: openTokenMenu },
        { key: 'Mod-Shift-e', run: () => setup.keys.rewrite(), preventDefault: true },
        // The editor is read-only while alternatives are shown, so their numbers are free to pick one.
        ...Array.from({ length: 8 }, (_, row) => ({ key: String(row + 1), run: () => setup.keys.pick(row) })),
      ]),
    ),
    history(),
    undoableSpans,
    keymap.of([...historyKeymap, ...defaultKeymap]),
    EditorView.lineWrapping,
    placeholder(setup.placeholderText),
    provenanceField,
    ghostField,
    rewriteTargetField,
    tooltip,
    readOnly.of(EditorState.readOnly.of(locked)),
    EditorView.contentAttributes.of({ 'aria-label': setup.label, spellcheck: 'true', 'aria-multiline': 'true' }),
    EditorView.updateListener.of(setup.onUpdate),
    // Read-only drops keystrokes without a word; say why instead (the handler never blocks anything).
    EditorView.domEventHandlers({
      beforeinput: (_e, view) => {
        if (view.state.readOnly) setup.onBlockedEdit();
        return false;
      },
      paste: (_e, view) => {
        if (view.state.readOnly) setup.onBlockedEdit();
        return false;
      },
      drop: (_e, view) => {
        if (view.state.readOnly) setup.onBlockedEdit();
        return false;
      },
    }),
  ];
}
