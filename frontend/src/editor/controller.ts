/**
 * The editor: loads a document through the API, keeps the session (undo history,
 * selection, cursor), turns keys and clicks into `interact` actions, draws the result,
 * and saves through the Saver. The behaviour lives in `domain/` (pure, tested); the
 * drawing in `render/`; this file wires them together.
 *
 * The Django template provides the root:
 *   <div id="editor" data-document-id="42" data-project-id="3" data-user="alice"
 *        data-next-url="/projects/3/next/"></div>
 * `data-user` is what the API puts in an annotation's `author` (the username).
 *
 * With `data-mode="review"` the same editor is the review view: the "mine" layer is the
 * document's gold draft (saved with `PUT documents/{id}/gold/`, only when the reviewer
 * marks it gold), the other versions' spans are pending suggestions, and a panel above
 * the text shows the versions side by side (see domain/review.ts).
 */
import type { ApiClient } from '../api/client';
import type { AnnotationPutBody, ApiAnnotation, ApiDocument, ApiProject } from '../api/types';
import { findCuts } from '../domain/blocks';
import { isPending, pendingPredictions, type DocumentState, type Edit } from '../domain/edits';
import { buildKeymap, commandFor, listBindings, type Keymap } from '../domain/keymap';
import {
  copyKey,
  decodeCopy,
  encodeCopy,
  readRejected,
  rejectedKey,
  safeStore,
  sameContent,
  type KeyValueStore,
} from '../domain/localcopy';
import { buildOffsetIndex, type OffsetIndex } from '../domain/offsets';
import { classifyAgainst, spanKey } from '../domain/diff';
import { openAnnotation, predictionKey, type OpenedAnnotation, type ParseResult } from '../domain/payload';
import { acceptVersion, draftSpans, openReview, reviewRows, spanOrigins, takeReading, type ReviewRow, type ReviewVersion } from '../domain/review';
import {
  createSession,
  interact,
  selectedSpan,
  type Action,
  type Effect,
  type Outcome,
  type Session,
  type SessionContext,
} from '../domain/session';
import { cursorRange, dropWhitespaceTokens, fallbackTokens, snapToTokens } from '../domain/snapping';
import { createIdFactory, findSpan, type Span } from '../domain/spans';
import { canRedo, canUndo, createHistory } from '../domain/undo';
import { safeColor } from '../render/chunk';
import { el } from '../render/dom';
import { ConfirmDialog, HelpOverlay, PopupMenu } from '../render/overlays';
import { ANNOTATE_LABELS, Banners, MessageLine, REVIEW_LABELS, Sidebar, Toolbar } from '../render/panels';
import { ReviewPanel } from '../render/review';
import { TextView } from '../render/textview';
import { Saver, type SaveStatus } from './saver';

export interface EditorOptions {
  /** Where the local copy of unsaved work goes; localStorage by default. */
  readonly storage?: KeyValueStore | null;
  readonly autosaveDelay?: number;
}

interface Loaded {
  readonly document: ApiDocument;
  readonly project: ApiProject;
  readonly annotations: readonly ApiAnnotation[];
}

const COPY_DELAY = 800;

function showError(root: HTMLElement, message: string): void {
  const alert = el(root.ownerDocument, 'p', 'editor__error', message);
  alert.setAttribute('role', 'alert');
  root.replaceChildren(alert);
  root.dataset.state = 'error';
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function isActivatable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && ['BUTTON', 'A', 'SUMMARY'].includes(target.tagName);
}

export async function mountEditor(root: HTMLElement, client: ApiClient, options: EditorOptions = {}): Promise<Editor | null> {
  const documentId = root.dataset.documentId;
  if (!documentId) {
    showError(root, 'The editor has no document: data-document-id is missing.');
    return null;
  }
  root.classList.add('editor');
  root.dataset.state = 'loading';
  root.setAttribute('aria-busy', 'true');
  root.replaceChildren(el(root.ownerDocument, 'p', 'editor__loading', 'Loading the document…'));
  performance.mark?.('editor:load-start');
  try {
    const projectId = root.dataset.projectId;
    const [document, annotations, project] = await Promise.all([
      client.getDocument(documentId),
      client.listAnnotations(documentId),
      projectId ? client.getProject(projectId) : null,
    ]);
    const loaded: Loaded = { document, annotations, project: project ?? (await client.getProject(document.project)) };
    performance.mark?.('editor:fetched');
    const editor = new Editor(root, client, loaded, options);
    return editor.ready ? editor : null;
  } catch (error) {
    showError(root, `The document could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  } finally {
    root.removeAttribute('aria-busy');
  }
}

export class Editor {
  ready = false;
  private session!: Session;
  private context!: SessionContext;
  private readonly doc: Document;
  private readonly documentId: string;
  private readonly user: string;
  private readonly nextUrl: string;
  private readonly text: string;
  private readonly offsets: OffsetIndex;
  private readonly project: ApiProject;
  private keymap!: Keymap;
  private readonly store: KeyValueStore;
  /** The review view (see the top of this file). */
  private readonly review: boolean;
  /** Whose copy the local store keeps: the person's own work, or their review draft. */
  private readonly storeName: string;
  private readonly queueUrl: string;
  private versions: readonly ReviewVersion[] = [];
  private origins = new Map<string, string[]>();
  private reviewPanel: ReviewPanel | null = null;
  private reviewRows: readonly ReviewRow[] = [];
  private textView!: TextView;
  private toolbar!: Toolbar;
  private sidebar!: Sidebar;
  private banners!: Banners;
  private messages!: MessageLine;
  private selectionInfo!: HTMLElement;
  private helpOverlay!: HelpOverlay;
  private labelMenu!: PopupMenu;
  private chooser!: PopupMenu;
  private confirm!: ConfirmDialog;
  private pane!: HTMLElement;
  private saver!: Saver;
  private initialPredictionKeys = new Set<string>();
  private copyTimer: ReturnType<typeof setTimeout> | null = null;
  private suppressClick = false;
  /** Removes the listeners on document and window (see destroy). */
  private readonly listeners = new AbortController();

  constructor(
    private readonly root: HTMLElement,
    private readonly client: ApiClient,
    loaded: Loaded,
    options: EditorOptions,
  ) {
    this.doc = root.ownerDocument;
    this.documentId = String(loaded.document.id);
    this.user = root.dataset.user ?? '';
    this.nextUrl = root.dataset.nextUrl ?? `/projects/${loaded.project.id}/next/`;
    this.text = loaded.document.text;
    this.offsets = buildOffsetIndex(this.text);
    this.project = loaded.project;
    this.review = root.dataset.mode === 'review';
    this.storeName = this.review ? `review:${this.user}` : this.user;
    this.queueUrl = root.dataset.queueUrl ?? `/projects/${loaded.project.id}/review/`;
    this.store = safeStore(options.storage === undefined ? this.doc.defaultView?.localStorage : options.storage);

    const rejected = this.review ? new Set<string>() : readRejected(this.store, rejectedKey(this.storeName, this.documentId));
    const opened = this.open(loaded.annotations, rejected);
    if (!opened.ok) {
      showError(root, `The saved annotation could not be read: ${opened.errors.join('; ')}`);
      return;
    }
    this.keymap = buildKeymap(loaded.project.entity_types, this.review ? { versions: this.versions.length } : {});
    const state = opened.value.state;
    this.initialPredictionKeys = new Set([...rejected, ...pendingPredictions(state).map(predictionKey)]);

    let tokens = dropWhitespaceTokens(loaded.document.tokens ?? [], this.offsets);
    if (tokens.length === 0) tokens = fallbackTokens(this.text, this.offsets);
    const isTaken = (id: string) => findSpan(this.session.history.present.spans, id) !== undefined;
    this.context = {
      tokens,
      rules: {
        allowOverlap: loaded.project.allow_overlap,
        textLength: this.offsets.codePointLength,
        entityLabels: loaded.project.entity_types.map((type) => type.name),
        relationTypes: loaded.project.relation_types,
        ...(this.review ? { replaceOnAccept: true } : {}),
      },
      relationTypes: loaded.project.relation_types,
      newSpanId: createIdFactory('n', isTaken),
      newRelationId: createIdFactory('r', (id) => this.session.history.present.relations.some((relation) => relation.id === id)),
    };
    this.session = createSession(createHistory(state));
    this.saver = new Saver(
      {
        client,
        documentId: this.documentId,
        getState: () => this.session.history.present,
        onStatus: (status) => this.showSaveStatus(status),
        onSaved: (saved) => this.onSaved(saved),
        ...(options.autosaveDelay === undefined ? {} : { autosaveDelay: options.autosaveDelay }),
        ...(this.review
          ? {
              autosave: false,
              put: (id: string, body: { spans: AnnotationPutBody['spans']; relations: AnnotationPutBody['relations']; version?: number }) =>
                client.saveGold(id, { spans: body.spans, relations: body.relations, ...(body.version === undefined ? {} : { version: body.version }) }),
            }
          : {}),
      },
      { version: opened.value.version, submitted: opened.value.status === 'submitted', state },
    );

    this.build(loaded);
    this.textView.update(state);
    this.refresh(null, undefined);
    this.flush();
    this.showSaveStatus({ kind: 'saved', version: this.saver.version, submitted: this.saver.submitted, at: null });
    if (this.textView.invalid.length) {
      this.banners.show('invalid', 'error', `${this.textView.invalid.length} span(s) lie outside the text and are not shown.`, []);
    }
    if (this.review && opened.value.status === 'submitted') {
      this.banners.show('submitted', 'info', `This document is gold (saved version ${opened.value.version ?? 1}). Marking gold again replaces it.`, [
        { label: 'Next to review →', href: this.nextUrl, run: () => undefined },
      ]);
    } else if (opened.value.status === 'submitted') {
      this.banners.show('submitted', 'info', 'You have submitted this document. Changes you make are saved as a new submission.', [
        { label: 'Next document →', href: this.nextUrl, run: () => undefined },
      ]);
    }
    this.offerLocalCopy(state);
    this.listen();
    this.ready = true;
    root.dataset.state = 'ready';
    performance.mark?.('editor:ready');
  }

  /** What the editor opens with: the person's annotation, or in review the gold draft and the suggestions. */
  private open(annotations: readonly ApiAnnotation[], rejected: ReadonlySet<string>): ParseResult<OpenedAnnotation> {
    if (!this.review) {
      return openAnnotation(annotations, (author) => author !== null && String(author) === this.user, {
        allowOverlap: this.project.allow_overlap,
        rejected,
      });
    }
    const opened = openReview(annotations);
    if (!opened.ok) return opened;
    this.versions = opened.value.versions;
    this.origins = spanOrigins(this.versions);
    const gold = opened.value.gold;
    return { ok: true, value: { state: opened.value.state, ...(gold ? { version: gold.version, status: 'submitted', from: gold } : {}) } };
  }

  private colorOf = (label: string): string =>
    safeColor(this.project.entity_types.find((type) => type.name === label)?.color);

  private relationColorOf = (label: string): string =>
    safeColor(this.project.relation_types.find((type) => type.name === label)?.color);

  private build(loaded: Loaded): void {
    const doc = this.doc;
    const colors = new Map(this.project.entity_types.map((type) => [type.name, safeColor(type.color)]));
    const relationColors = new Map(this.project.relation_types.map((type) => [type.name, safeColor(type.color)]));
    this.colorOf = (label) => colors.get(label) ?? safeColor(undefined);
    this.relationColorOf = (label) => relationColors.get(label) ?? '#6b7089';

    this.toolbar = new Toolbar(doc, loaded.document.title || `Document ${loaded.document.id}`, {
      undo: () => this.command('undo'),
      redo: () => this.command('redo'),
      acceptAll: () => this.command('acceptAll'),
      rejectAll: () => this.edit({ type: 'rejectAllPredictions' }),
      save: () => void this.save(),
      submit: () => this.submit(),
      help: () => this.toggleHelp(),
    }, this.review ? REVIEW_LABELS : ANNOTATE_LABELS);
    this.banners = new Banners(doc);
    this.messages = new MessageLine(doc);
    this.selectionInfo = el(doc, 'div', 'selection-info');
    this.selectionInfo.setAttribute('aria-live', 'polite');

    this.pane = el(doc, 'div', 'editor__pane');
    this.pane.tabIndex = -1;
    const textRoot = el(doc, 'div', 'text');
    textRoot.setAttribute('aria-label', 'Document text');
    this.pane.append(textRoot);
    this.textView = new TextView(textRoot, {
      text: this.text,
      offsets: this.offsets,
      cuts: findCuts(this.text),
      colorOf: this.colorOf,
      relationColorOf: this.relationColorOf,
      scroller: this.pane,
      onRelationClick: (id) => this.dispatch({ type: 'selectRelation', id }),
    });

    this.sidebar = new Sidebar(doc, this.project.entity_types, this.project.guidelines ?? '', this.colorOf, {
      chooseLabel: (label) => this.dispatch({ type: 'command', command: { name: 'label', label } }),
      selectSpan: (id) => this.dispatch({ type: 'selectSpan', id }),
      selectRelation: (id) => this.dispatch({ type: 'selectRelation', id }),
      acceptSpan: (id) => this.edit({ type: 'acceptPrediction', id }),
      rejectSpan: (id) => this.edit({ type: 'rejectPrediction', id }),
      deleteSpan: (id) => this.edit({ type: 'removeSpan', id }),
      deleteRelation: (id) => this.edit({ type: 'removeRelation', id }),
    });

    this.helpOverlay = new HelpOverlay(doc, listBindings(this.keymap, { mac: /Mac/.test(navigator.platform) }), this.keymap.conflicts, () =>
      this.toggleHelp(false),
    );
    this.labelMenu = new PopupMenu(doc, 'label-menu');
    this.chooser = new PopupMenu(doc, 'relation-chooser');
    this.confirm = new ConfirmDialog(doc);

    const body = el(doc, 'div', 'editor__body');
    body.append(this.pane, this.sidebar.element);
    if (this.review) {
      const keys = new Map<number, string>();
      for (const binding of this.keymap.bindings) if (binding.command.name === 'acceptVersion') keys.set(binding.command.index, binding.key);
      this.reviewPanel = new ReviewPanel(
        doc,
        this.versions.map((version) => ({ name: version.name, kind: version.kind, spans: version.state.spans.length, relations: version.state.relations.length })),
        this.colorOf,
        {
          acceptVersion: (index) => this.acceptVersion(index),
          takeReading: (row, index) => this.takeReading(row, index),
          selectRow: (row) => this.selectRow(row),
        },
        (index) => keys.get(index) ?? null,
      );
      this.root.classList.add('editor--review');
    }
    this.root.replaceChildren(
      this.toolbar.element,
      this.banners.element,
      this.messages.element,
      ...(this.reviewPanel ? [this.reviewPanel.element] : []),
      this.selectionInfo,
      body,
      this.labelMenu.element,
      this.chooser.element,
      this.helpOverlay.element,
      this.confirm.element,
    );
  }

  private listen(): void {
    const doc = this.doc;
    const win = doc.defaultView;
    const signal = this.listeners.signal;
    doc.addEventListener('keydown', (event) => this.onKeyDown(event), { signal });
    const textRoot = this.textView.root;
    textRoot.addEventListener('mousedown', () => {
      this.suppressClick = false;
    });
    textRoot.addEventListener('mouseup', () => this.onMouseUp());
    textRoot.addEventListener('pointerdown', (event) => this.onHandleDown(event));
    textRoot.addEventListener('pointermove', (event) => this.onHandleMove(event));
    textRoot.addEventListener('pointerup', () => this.onHandleUp());
    textRoot.addEventListener('pointercancel', () => this.onHandleUp(true));
    textRoot.addEventListener('click', (event) => this.onClick(event));
    doc.addEventListener('mousedown', (event) => {
      const target = event.target as Node;
      if (this.labelMenu.open && !this.labelMenu.element.contains(target) && !textRoot.contains(target)) this.labelMenu.hide();
    }, { signal });
    win?.addEventListener('beforeunload', (event) => {
      if (this.saver.dirty) {
        this.writeCopy();
        event.preventDefault();
      }
    }, { signal });
    win?.addEventListener('pagehide', () => {
      if (this.saver.dirty) this.writeCopy();
    }, { signal });
    if (win && 'ResizeObserver' in win) {
      let width = this.pane.clientWidth;
      new win.ResizeObserver(() => {
        if (this.pane.clientWidth !== width) {
          width = this.pane.clientWidth;
          this.textView.invalidateArcs();
          this.later.sidebar = true;
          this.scheduleFrame();
        }
      }).observe(this.pane);
    }
    this.pane.focus({ preventScroll: true });
  }

  // --- input -----------------------------------------------------------------

  private onKeyDown(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.isComposing) return;
    if (this.helpOverlay.open) {
      if (event.key === 'Escape' || event.key === '?') {
        event.preventDefault();
        this.toggleHelp(false);
      }
      return;
    }
    if (this.confirm.open) {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.confirm.cancel();
      }
      return;
    }
    if (isEditable(event.target)) return;
    const mode = this.session.mode;
    if (mode.kind === 'chooseRelationType' && !event.ctrlKey && !event.metaKey && !event.altKey) {
      const digit = Number.parseInt(event.key, 10);
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        this.dispatch({ type: 'moveChoice', delta: event.key === 'ArrowDown' ? 1 : -1 });
        return;
      }
      if (digit >= 1 && digit <= mode.options.length) {
        event.preventDefault();
        this.dispatch({ type: 'chooseRelationType', label: mode.options[digit - 1] as string });
        return;
      }
    }
    const command = commandFor(this.keymap, event);
    if (!command) return;
    const mod = event.ctrlKey || event.metaKey;
    if (!mod && isActivatable(event.target) && (event.key === 'Enter' || event.key === ' ')) return;
    if (command.name === 'acceptVersion') {
      event.preventDefault();
      if (mode.kind === 'normal') this.acceptVersion(command.index);
      return;
    }
    if ((command.name === 'nextSpan' || command.name === 'prevSpan') && this.sidebar.element.contains(event.target as Node)) return;
    event.preventDefault();
    if (command.name === 'cancel' && this.labelMenu.open) {
      this.labelMenu.hide();
    }
    this.dispatch({ type: 'command', command });
  }

  // Drag handles at the ends of the selected span: the preview snaps to tokens, the
  // drop is one resize edit (one undo step).
  private drag: { span: Span; edge: 'start' | 'end'; range: { start: number; end: number } } | null = null;

  private onHandleDown(event: PointerEvent): void {
    const handle = (event.target as Element).closest?.('.handle') as HTMLElement | null;
    if (!handle) return;
    const span = findSpan(this.session.history.present.spans, handle.dataset.spanId ?? '');
    if (!span) return;
    event.preventDefault();
    event.stopPropagation();
    this.drag = { span, edge: handle.dataset.edge === 'start' ? 'start' : 'end', range: { start: span.start, end: span.end } };
    handle.setPointerCapture?.(event.pointerId);
    this.root.classList.add('is-dragging');
  }

  private onHandleMove(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag) return;
    const offset = this.offsetFromPoint(event.clientX, event.clientY);
    if (offset === null) return;
    const { span, edge } = drag;
    const tokens = this.context.tokens;
    const snapped =
      edge === 'start'
        ? snapToTokens(tokens, Math.min(offset, span.end - 1), span.end)
        : snapToTokens(tokens, span.start, Math.max(offset, span.start + 1));
    if (!snapped) return;
    drag.range = edge === 'start' ? { start: snapped.start, end: span.end } : { start: span.start, end: snapped.end };
    this.decorate(drag.range);
  }

  private onHandleUp(cancelled = false): void {
    const drag = this.drag;
    if (!drag) return;
    this.drag = null;
    this.root.classList.remove('is-dragging');
    this.suppressClick = true;
    const { span, range } = drag;
    if (!cancelled && (range.start !== span.start || range.end !== span.end)) {
      this.dispatch({ type: 'edit', edit: { type: 'resizeSpan', id: span.id, start: range.start, end: range.end } });
    } else {
      this.decorate();
    }
  }

  private onMouseUp(): void {
    const selection = this.doc.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    if (!this.textView.root.contains(range.commonAncestorContainer)) return;
    const start = this.textView.offsetAt(range.startContainer, range.startOffset, 'floor');
    const end = this.textView.offsetAt(range.endContainer, range.endOffset, 'ceil');
    if (start === null || end === null) return;
    this.suppressClick = true;
    selection.removeAllRanges();
    this.dispatch({ type: 'selectRange', start, end });
  }

  private onClick(event: MouseEvent): void {
    if (this.suppressClick) {
      this.suppressClick = false;
      return;
    }
    if ((event.target as Element).closest?.('svg')) return;
    const ids = this.textView.spanIdsAt(event.target);
    if (ids) {
      this.dispatch({ type: 'clickSpan', ids });
      return;
    }
    const offset = this.offsetFromPoint(event.clientX, event.clientY);
    if (offset !== null) this.dispatch({ type: 'clickText', offset });
  }

  private offsetFromPoint(x: number, y: number): number | null {
    const doc = this.doc as Document & {
      caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
      caretRangeFromPoint?: (x: number, y: number) => Range | null;
    };
    const position = doc.caretPositionFromPoint?.(x, y);
    if (position) return this.textView.offsetAt(position.offsetNode, position.offset);
    const range = doc.caretRangeFromPoint?.(x, y);
    return range ? this.textView.offsetAt(range.startContainer, range.startOffset) : null;
  }

  // --- actions ---------------------------------------------------------------

  private command(name: 'undo' | 'redo' | 'acceptAll'): void {
    this.dispatch({ type: 'command', command: { name } });
    this.pane.focus({ preventScroll: true });
  }

  private edit(edit: Edit): void {
    this.dispatch({ type: 'edit', edit });
    this.pane.focus({ preventScroll: true });
  }

  /** Runs one action through the session and draws what changed. */
  dispatch(action: Action): Outcome {
    const before = this.session;
    const outcome = interact(before, action, this.context);
    this.session = outcome.session;
    if (outcome.session.history.present !== before.history.present) {
      this.textView.update(outcome.session.history.present);
      this.saver.changed();
      this.scheduleCopy();
    }
    if (outcome.message) this.messages.show(outcome.message.level, outcome.message.text);
    this.refresh(before, outcome.reveal);
    if (outcome.effect) this.runEffect(outcome.effect);
    else this.labelMenu.hide();
    return outcome;
  }

  /**
   * Shows the session. What is cheap and must not lag (span classes, the cursor, the
   * toolbar) is done now; the side lists, scrolling and popups wait for the next frame,
   * once per frame however many keys came in, and never force a layout in the key handler.
   */
  private refresh(before: Session | null, reveal: Outcome['reveal']): void {
    const session = this.session;
    const state = session.history.present;
    const mode = session.mode;
    this.decorate();
    const stateChanged = !before || before.history.present !== state;
    const selectionChanged = !before || before.selection !== session.selection;
    if (stateChanged || before?.history !== session.history) this.toolbar.setHistory(canUndo(session.history), canRedo(session.history));
    if (stateChanged) this.toolbar.setPending(state.spans.filter(isPending).length);
    const later = this.later;
    if (stateChanged || selectionChanged) later.sidebar = true;
    if (stateChanged) later.review = true;
    if (selectionChanged) later.scrollList = true;
    if (!before || before.mode !== mode) later.chooser = true;
    if (mode.kind === 'pickChild' && mode.target && mode.target !== (before?.mode.kind === 'pickChild' ? before.mode.target : null)) {
      later.reveal = mode.target;
    }
    if (reveal?.kind === 'span') later.reveal = reveal.id;
    if (reveal?.kind === 'relation') later.reveal = state.relations.find((item) => item.id === reveal.id)?.head ?? later.reveal;
    this.scheduleFrame();
  }

  /** Span classes, the relation being drawn and the cursor (or a dragged range) in the text. */
  private decorate(preview?: { start: number; end: number }): void {
    const session = this.session;
    const mode = session.mode;
    const range = preview ?? (session.cursor ? cursorRange(this.context.tokens, session.cursor) : null);
    this.textView.decorate({
      selectedSpan: session.selection.kind === 'span' ? session.selection.id : null,
      selectedRelation: session.selection.kind === 'relation' ? session.selection.id : null,
      relationHead: mode.kind === 'pickChild' || mode.kind === 'chooseRelationType' ? mode.head : null,
      relationTarget: mode.kind === 'pickChild' ? mode.target : mode.kind === 'chooseRelationType' ? mode.child : null,
      cursor: range,
    });
  }

  private later: { sidebar: boolean; scrollList: boolean; chooser: boolean; review: boolean; reveal: string | null } = {
    sidebar: false,
    scrollList: false,
    chooser: false,
    review: false,
    reveal: null,
  };

  private frame = 0;

  private scheduleFrame(): void {
    if (this.frame) return;
    const win = this.doc.defaultView;
    if (!win?.requestAnimationFrame) {
      this.flush();
      return;
    }
    this.frame = win.requestAnimationFrame(() => {
      this.frame = 0;
      this.flush();
    });
  }

  /** Does the work waiting for the next frame now (also for tests). */
  flush(): void {
    if (this.frame) {
      this.doc.defaultView?.cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    const later = this.later;
    this.later = { sidebar: false, scrollList: false, chooser: false, review: false, reveal: null };
    const session = this.session;
    const state = session.history.present;
    // Writes first, then what reads the layout (scrolling, placing popups, arcs).
    if (later.sidebar) {
      this.sidebar.update(
        { spans: state.spans, relations: state.relations, selected: session.selection, textOf: (span) => this.spanText(span) },
        { scrollToSelection: later.scrollList },
      );
      this.describeSelection();
    }
    if (later.review) this.updateReview();
    if (later.reveal) this.textView.reveal(later.reveal);
    if (later.sidebar) this.textView.placeHandles(session.selection.kind === 'span' ? session.selection.id : null);
    if (later.chooser) {
      const mode = session.mode;
      if (mode.kind === 'chooseRelationType') {
        const anchor = this.textView.firstMark(mode.child)?.getBoundingClientRect() ?? null;
        this.chooser.show(
          anchor,
          'Relation type',
          mode.options.map((name, index) => ({
            label: name,
            hint: index < 9 ? String(index + 1) : undefined,
            color: this.relationColorOf(name),
            active: index === mode.index,
            run: () => this.dispatch({ type: 'chooseRelationType', label: name }),
          })),
        );
      } else if (this.chooser.open) {
        this.chooser.hide();
      }
    }
    this.textView.flushArcs();
  }

  private spanText(span: Span): string {
    const text = this.offsets.slice(span.start, span.end);
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  }

  private describeSelection(): void {
    const session = this.session;
    const span = selectedSpan(session);
    const info = this.selectionInfo;
    info.replaceChildren();
    if (span) {
      const tag = el(this.doc, 'span', 'tag', span.label);
      tag.style.setProperty('--span-color', this.colorOf(span.label));
      info.append(tag, ' ', el(this.doc, 'q', '', this.spanText(span)));
      if (this.review && isPending(span)) {
        const from = this.origins.get(spanKey(span)) ?? [];
        const kind = classifyAgainst(span, draftSpans(session.history.present));
        const versus = { label: 'another label than the draft', boundary: 'other boundaries than the draft', only: 'not in the draft' } as const;
        info.append(
          el(this.doc, 'span', 'selection-info__origin', ` · suggested by ${from.join(', ') || 'a version'}`),
          el(this.doc, 'span', 'selection-info__hint', ` · ${kind ? versus[kind] : 'already in the draft'}: Enter accepts (replacing the draft's span there), x rejects`),
        );
        return;
      }
      info.append(
        el(
          this.doc,
          'span',
          'selection-info__hint',
          isPending(span)
            ? ' · prediction: Enter accepts, x rejects, a label key relabels'
            : ' · a label key relabels, Del deletes, r starts a relation, Alt(+Shift)+←/→ moves its ends',
        ),
      );
      return;
    }
    if (session.selection.kind === 'relation') {
      const id = session.selection.id;
      const relation = session.history.present.relations.find((item) => item.id === id);
      if (relation) {
        const head = findSpan(session.history.present.spans, relation.head);
        const child = findSpan(session.history.present.spans, relation.child);
        info.append(
          el(this.doc, 'q', '', head ? this.spanText(head) : '?'),
          ` —${relation.label}→ `,
          el(this.doc, 'q', '', child ? this.spanText(child) : '?'),
          el(this.doc, 'span', 'selection-info__hint', ' · Del deletes the relation'),
        );
      }
      return;
    }
    if (this.review) {
      const count = Math.min(this.versions.length, 9);
      info.append(
        el(
          this.doc,
          'span',
          'selection-info__hint',
          `${count ? `${count > 1 ? `1–${count}` : '1'} accepts a version whole. ` : ''}Dashed spans are suggestions from the other versions: Tab to one, Enter accepts, x rejects. Edit as in the editor. Ctrl+Enter marks gold. ? lists all keys.`,
        ),
      );
      return;
    }
    info.append(el(this.doc, 'span', 'selection-info__hint', 'Select text with the mouse or ←/→ (Shift extends), then press a label key. Tab moves between spans. ? lists all keys.'));
  }

  private runEffect(effect: Effect): void {
    switch (effect) {
      case 'save':
        if (this.review) {
          this.writeCopy();
          this.messages.show('info', 'The draft is kept in this browser; gold is saved when you mark it (Ctrl+Enter).');
          return;
        }
        void this.save();
        return;
      case 'submit':
        this.submit();
        return;
      case 'help':
        this.toggleHelp();
        return;
      case 'labelMenu': {
        const range = this.session.cursor && cursorRange(this.context.tokens, this.session.cursor);
        const rect = range ? this.textView.rangeOf(range.start, range.end)?.getBoundingClientRect() ?? null : null;
        this.labelMenu.show(
          rect,
          'Label',
          this.project.entity_types.map((type) => ({
            label: type.name,
            hint: type.hotkey || undefined,
            color: type.color,
            run: () => {
              this.labelMenu.hide();
              this.dispatch({ type: 'command', command: { name: 'label', label: type.name } });
              this.pane.focus({ preventScroll: true });
            },
          })),
        );
        return;
      }
    }
  }

  private toggleHelp(open?: boolean): void {
    this.helpOverlay.toggle(open);
    if (!this.helpOverlay.open) this.pane.focus({ preventScroll: true });
  }

  // --- saving ----------------------------------------------------------------

  save(): Promise<unknown> {
    return this.saver.save({ submit: this.saver.submitted });
  }

  submit(): void {
    const pending = pendingPredictions(this.session.history.present).length;
    if (this.review) {
      if (pending === 0) {
        void this.doSubmit();
        return;
      }
      this.confirm.ask(
        `${pending} suggestion${pending === 1 ? ' is' : 's are'} neither accepted nor rejected. Marking gold leaves ${pending === 1 ? 'it' : 'them'} out.`,
        [{ label: 'Mark gold without them', primary: true, run: () => void this.doSubmit() }],
      );
      return;
    }
    if (pending === 0) {
      void this.doSubmit();
      return;
    }
    this.confirm.ask(
      `${pending} prediction${pending === 1 ? ' is' : 's are'} neither accepted nor rejected. Submitting leaves ${pending === 1 ? 'it' : 'them'} out.`,
      [
        {
          label: 'Accept all and submit',
          primary: true,
          run: () => {
            this.dispatch({ type: 'edit', edit: { type: 'acceptAllPredictions' } });
            void this.doSubmit();
          },
        },
        { label: 'Submit without them', run: () => void this.doSubmit() },
      ],
    );
  }

  private async doSubmit(): Promise<void> {
    const outcome = await this.saver.save({ submit: true });
    if (!outcome.ok) return;
    this.banners.clear('submitted');
    if (this.review) {
      const banner = this.banners.show('submitted', 'success', `Marked gold (version ${this.saver.version ?? 1}).`, [
        { label: 'Next to review →', href: this.nextUrl, primary: true, run: () => undefined },
        { label: 'Review queue', href: this.queueUrl, run: () => undefined },
      ]);
      (banner.querySelector('a') as HTMLAnchorElement | null)?.focus();
      return;
    }
    const banner = this.banners.show('submitted', 'success', 'Submitted. Thank you!', [
      { label: 'Next document →', href: this.nextUrl, primary: true, run: () => undefined },
    ]);
    (banner.querySelector('a') as HTMLAnchorElement | null)?.focus();
  }

  private showSaveStatus(status: SaveStatus): void {
    switch (status.kind) {
      case 'saved': {
        if (this.review) {
          const when = status.at ? ` at ${status.at.toLocaleTimeString()}` : '';
          this.toolbar.setStatus(status.submitted ? `Gold${when} · v${status.version ?? 1}` : 'Not gold yet', 'saved');
          if (status.at) this.banners.clear('error');
          return;
        }
        const what = status.submitted ? 'Submitted' : status.version === undefined ? 'Not saved yet' : 'Draft saved';
        const when = status.at ? ` at ${status.at.toLocaleTimeString()}` : '';
        const version = status.version === undefined ? '' : ` · v${status.version}`;
        this.toolbar.setStatus(status.version === undefined && !status.submitted ? 'No changes yet' : `${what}${when}${version}`, 'saved');
        if (status.at) this.banners.clear('error');
        return;
      }
      case 'dirty':
        this.toolbar.setStatus(this.review ? (this.saver.submitted ? 'Changed since marked gold' : 'Not gold yet') : 'Unsaved changes', 'dirty');
        return;
      case 'saving':
        this.toolbar.setStatus(this.review ? 'Marking gold…' : status.submit ? 'Submitting…' : 'Saving…', 'saving');
        return;
      case 'error':
        this.toolbar.setStatus('Not saved', 'error');
        this.banners.show('error', 'error', status.message, [{ label: 'Retry', run: () => void this.save() }]);
        return;
      case 'conflict':
        this.toolbar.setStatus('Conflict: not saved', 'error');
        this.writeCopy();
        this.banners.show(
          'conflict',
          'error',
          `${status.message} Nothing was lost: your edits are still here and a copy is kept in this browser.`,
          [
            { label: 'Reload the saved version', primary: true, run: () => void this.reloadSaved() },
            { label: 'Save mine over it', run: () => void this.overwrite() },
          ],
        );
        return;
    }
  }

  private onSaved(saved: DocumentState): void {
    this.store.setItem(rejectedKey(this.storeName, this.documentId), JSON.stringify(this.rejectedKeys(saved)));
    if (saved === this.session.history.present) this.store.removeItem(copyKey(this.storeName, this.documentId));
    this.banners.clear('conflict');
    this.banners.clear('error');
  }

  private rejectedKeys(state: DocumentState): string[] {
    const pending = new Set(pendingPredictions(state).map(predictionKey));
    return [...this.initialPredictionKeys].filter((key) => !pending.has(key));
  }

  private async fetchOpened() {
    const annotations = await this.client.listAnnotations(this.documentId);
    const opened = this.open(annotations, new Set(this.rejectedKeys(this.session.history.present)));
    if (!opened.ok) throw new Error(opened.errors.join('; '));
    return opened.value;
  }

  // --- review ----------------------------------------------------------------

  /** Review: version `index` becomes the gold draft whole (one undoable step). */
  acceptVersion(index: number): void {
    const state = acceptVersion(this.versions, index);
    const version = this.versions[index];
    if (!state || !version) {
      this.messages.show('error', `There is no version ${index + 1}.`);
      return;
    }
    this.dispatch({ type: 'edit', edit: { type: 'replaceAll', state } });
    this.messages.show('info', `Started the gold draft from version ${index + 1} (${version.name}). Ctrl+Z undoes this.`);
    this.pane.focus({ preventScroll: true });
  }

  /** Review: one row of the table takes version `index`'s reading (one undoable step). */
  private takeReading(row: ReviewRow, index: number): void {
    const state = takeReading(this.session.history.present, row, index, this.context.newSpanId);
    this.dispatch({ type: 'edit', edit: { type: 'replaceAll', state } });
    this.pane.focus({ preventScroll: true });
  }

  /** Review: selects what the draft (or else a suggestion) has in a row, and shows it. */
  private selectRow(row: ReviewRow): void {
    const spans = this.session.history.present.spans.filter((span) => span.start < row.end && row.start < span.end);
    const target = spans.find((span) => !isPending(span)) ?? spans[0];
    if (target) this.dispatch({ type: 'selectSpan', id: target.id });
    this.pane.focus({ preventScroll: true });
  }

  private updateReview(): void {
    if (!this.reviewPanel) return;
    const state = this.session.history.present;
    this.reviewRows = reviewRows(this.versions, state);
    const mine = draftSpans(state).map(spanKey).sort().join('|');
    const whole = this.versions.flatMap((version, index) => (version.state.spans.map(spanKey).sort().join('|') === mine ? [index] : []));
    this.reviewPanel.update(this.reviewRows, (start, end) => {
      const text = this.offsets.slice(start, end);
      return text.length > 48 ? `${text.slice(0, 45)}…` : text;
    }, whole);
  }

  /** After a conflict: load what is stored, as an undoable step (Ctrl+Z brings the edits back). */
  private async reloadSaved(): Promise<void> {
    try {
      this.writeCopy();
      const opened = await this.fetchOpened();
      this.dispatch({ type: 'edit', edit: { type: 'replaceAll', state: opened.state } });
      this.saver.resolve(opened.version, this.session.history.present);
      this.saver.submitted = opened.status === 'submitted';
      this.banners.clear('conflict');
      this.messages.show('info', `Loaded the saved version${opened.version ? ` (v${opened.version})` : ''}. Ctrl+Z brings your edits back.`);
    } catch (error) {
      this.messages.show('error', `Could not reload: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** After a conflict: save these edits over what is stored. */
  private async overwrite(): Promise<void> {
    try {
      const opened = await this.fetchOpened();
      this.saver.resolve(opened.version, this.saver.saved);
      this.banners.clear('conflict');
      await this.saver.save({ submit: this.saver.submitted });
    } catch (error) {
      this.messages.show('error', `Could not save: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // --- the local copy of unsaved work ---------------------------------------

  private scheduleCopy(): void {
    if (this.copyTimer) clearTimeout(this.copyTimer);
    this.copyTimer = setTimeout(() => {
      this.copyTimer = null;
      this.writeCopy();
    }, COPY_DELAY);
  }

  private writeCopy(): void {
    const key = copyKey(this.storeName, this.documentId);
    if (!this.saver.dirty) {
      if (!this.saver.inConflict) this.store.removeItem(key);
      return;
    }
    this.store.setItem(
      key,
      encodeCopy({ savedAt: new Date().toISOString(), baseVersion: this.saver.version ?? null, state: this.session.history.present }),
    );
    this.store.setItem(rejectedKey(this.storeName, this.documentId), JSON.stringify(this.rejectedKeys(this.session.history.present)));
  }

  private offerLocalCopy(loaded: DocumentState): void {
    const key = copyKey(this.storeName, this.documentId);
    const copy = decodeCopy(this.store.getItem(key));
    if (!copy) return;
    if (sameContent(copy.state, loaded)) {
      this.store.removeItem(key);
      return;
    }
    const when = new Date(copy.savedAt);
    const stale = copy.baseVersion !== (this.saver.version ?? null);
    this.banners.show(
      'restore',
      'info',
      `This browser kept edits of this document that were not saved (${Number.isNaN(when.getTime()) ? 'earlier' : when.toLocaleString()})` +
        (stale ? ', made on an older version than the one saved now.' : '.'),
      [
        {
          label: 'Restore them',
          primary: true,
          run: () => {
            this.banners.clear('restore');
            this.dispatch({ type: 'edit', edit: { type: 'replaceAll', state: copy.state } });
            this.messages.show('info', 'Restored the unsaved edits (Ctrl+Z undoes this).');
          },
        },
        {
          label: 'Discard',
          run: () => {
            this.banners.clear('restore');
            this.store.removeItem(key);
          },
        },
      ],
    );
  }

  /** Stops listening and saving (the page keeps what is drawn). */
  destroy(): void {
    this.listeners.abort();
    this.saver.cancelAutosave();
    if (this.copyTimer) clearTimeout(this.copyTimer);
    this.textView.destroy();
  }

  /** For tests and measurements. */
  get state(): DocumentState {
    return this.session.history.present;
  }

  get version(): number | undefined {
    return this.saver.version;
  }

  flushArcs(): number {
    return this.textView.flushArcs();
  }
}
