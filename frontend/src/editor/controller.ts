/**
 * The editor: loads a document through the API, keeps the session (undo history,
 * selection, cursor), runs actions through `interact` and draws the result. The
 * behaviour lives in `domain/` (pure, tested), the drawing in `render/` (put together
 * by view.ts); this file wires them to load.ts (the document, its annotations, the
 * project), input.ts (keys and pointer events), modes/ (annotating or reviewing),
 * saver.ts (saving), recovery.ts (unsaved work, 409 conflicts), history.ts (versions).
 *
 * The Django template provides the root:
 *   <div id="editor" data-document-id="42" data-project-id="3" data-user="alice"
 *        data-next-url="/projects/3/next/"></div>
 * `data-user` is what the API puts in an annotation's `author` (the username).
 * With `data-mode="review"` (and `data-queue-url`) it is the review view (modes/review.ts).
 */
import type { EditorClient, TeamApi } from '../api/client';
import { isPending, pendingPredictions, type DocumentState, type Edit } from '../domain/edits';
import { excerpt, selectionHint } from '../domain/hints';
import { relationHotkeys } from '../domain/keyinput';
import { buildKeymap, type Keymap } from '../domain/keymap';
import type { KeyValueStore } from '../domain/localcopy';
import type { OffsetIndex } from '../domain/offsets';
import { predictionKey } from '../domain/payload';
import { createSession, interact, type Action, type Effect, type Outcome, type Session, type SessionContext } from '../domain/session';
import { cursorRange, type Tokens } from '../domain/snapping';
import { createIdFactory, findSpan, type Span } from '../domain/spans';
import { canRedo, canUndo, createHistory } from '../domain/undo';
import { el } from '../render/dom';
import { FrameTask } from '../render/frame';
import { PointerLine } from '../render/pointerline';
import { HistoryController } from './history';
import { EditorInput } from './input';
import { loadOpening, type Opening } from './load';
import type { EditorMode, ModeHost } from './modes/mode';
import { Recovery } from './recovery';
import { Saver, type SaveStatus } from './saver';
import { TeamWork, watchActiveTime } from './teamwork';
import { EditorView } from './view';

export interface EditorOptions {
  /** Where the local copy of unsaved work goes; localStorage by default. */
  readonly storage?: KeyValueStore | null;
  readonly autosaveDelay?: number;
  /** Comments, flags and skips (editor/teamwork.ts); absent, the editor shows none. */
  readonly team?: TeamApi;
  /** The clock active time is counted by (Date.now by default). */
  readonly clock?: () => number;
}

function showError(root: HTMLElement, message: string): void {
  const alert = el(root.ownerDocument, 'p', 'editor__error', message);
  alert.setAttribute('role', 'alert');
  root.replaceChildren(alert);
  root.dataset.state = 'error';
}

export async function mountEditor(root: HTMLElement, client: EditorClient, options: EditorOptions = {}): Promise<Editor | null> {
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
    const opening = await loadOpening(root, client, documentId, options.storage);
    if (!opening.ok) {
      showError(root, `The saved annotation could not be read: ${opening.errors.join('; ')}`);
      return null;
    }
    return new Editor(root, client, opening.value, options);
  } catch (error) {
    showError(root, `The document could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  } finally {
    root.removeAttribute('aria-busy');
  }
}

/** What waits for the next frame: the side lists, scrolling, popups. */
type Later = { lists: boolean; scrollList: boolean; chooser: boolean; mode: boolean; reveal: string | null };

const NOTHING_LATER: Later = { lists: false, scrollList: false, chooser: false, mode: false, reveal: null };

export class Editor {
  private session: Session;
  private readonly context: SessionContext;
  private readonly documentId: string;
  private readonly offsets: OffsetIndex;
  private readonly keymap: Keymap;
  /** The project's relation type hotkeys, for the relation type chooser. */
  private readonly relationKeys: ReadonlyMap<string, string>;
  private pointerLine: PointerLine | null = null;
  private readonly mode: EditorMode;
  private readonly view: EditorView;
  private readonly saver: Saver;
  private readonly recovery: Recovery;
  private readonly history: HistoryController;
  private later: Later = { ...NOTHING_LATER };
  private readonly frame: FrameTask<void>;
  /** Removes the listeners on document and window (see destroy). */
  private readonly listeners = new AbortController();

  constructor(
    private readonly root: HTMLElement,
    client: EditorClient,
    opening: Opening,
    options: EditorOptions,
  ) {
    const { document, project, mode, opened, tokens } = opening;
    const doc = root.ownerDocument;
    this.mode = mode;
    this.documentId = String(document.id);
    this.offsets = opening.offsets;
    this.keymap = buildKeymap(project.entity_types, mode.keymapOptions());
    this.relationKeys = relationHotkeys(project.relation_types);
    this.frame = new FrameTask(doc.defaultView, () => this.drawLater());
    const state = opened.state;
    const present = () => this.session.history.present;
    this.context = {
      tokens,
      rules: {
        allowOverlap: project.allow_overlap,
        textLength: this.offsets.codePointLength,
        textOf: (start, end) => this.offsets.slice(start, end),
        entityLabels: project.entity_types.map((type) => type.name),
        relationTypes: project.relation_types,
        ...mode.rules,
      },
      relationTypes: project.relation_types,
      newSpanId: createIdFactory('n', (id) => findSpan(present().spans, id) !== undefined),
      newRelationId: createIdFactory('r', (id) => present().relations.some((relation) => relation.id === id)),
      acceptAbove: () => this.view.toolbar.acceptThreshold,
    };
    this.session = createSession(createHistory(state));
    const annotating = root.dataset.mode !== 'review';
    this.saver = new Saver(
      {
        client,
        documentId: this.documentId,
        getState: present,
        decisions: (state) => mode.decisions(state),
        onStatus: (status) => this.showSaveStatus(status),
        onSaved: (saved, answer) => {
          this.recovery.saved(saved);
          mode.saved(answer);
          this.history.saved(answer);
        },
        ...(options.autosaveDelay === undefined ? {} : { autosaveDelay: options.autosaveDelay }),
        // Active time goes with the person's own annotation (a reviewer's gold has no such field).
        ...(annotating ? { activeTime: watchActiveTime(doc, this.listeners.signal, options.clock) } : {}),
        ...mode.saving(client),
      },
      { version: opened.version, submitted: opened.status === 'submitted', state },
    );

    this.view = new EditorView(
      doc,
      { title: document.title || `Document ${document.id}`, project, text: document.text, offsets: this.offsets, keymap: this.keymap, labels: mode.labels },
      {
        undo: () => this.command('undo'),
        redo: () => this.command('redo'),
        acceptAll: () => this.command('acceptAll'),
        rejectAll: () => this.edit({ type: 'rejectAllPredictions' }),
        save: () => void this.save(),
        submit: () => this.submit(),
        help: () => this.view.toggleHelp(),
        dispatch: (action) => this.dispatch(action),
        edit: (edit) => this.edit(edit),
      },
    );
    const view = this.view;
    this.recovery = new Recovery({
      store: opening.store,
      storeName: mode.storeName,
      documentId: this.documentId,
      saver: this.saver,
      banners: view.banners,
      messages: view.messages,
      state: present,
      replace: (next) => void this.dispatch({ type: 'edit', edit: { type: 'replaceAll', state: next } }),
      fetchOpened: async (rejected) => {
        const reopened = mode.open(await client.listAnnotations(this.documentId), rejected);
        if (!reopened.ok) throw new Error(reopened.errors.join('; '));
        return reopened.value;
      },
      initialPredictionKeys: new Set([...opening.rejected, ...pendingPredictions(state).map(predictionKey)]),
    });
    this.history = new HistoryController({ client, documentId: this.documentId, view, offsets: this.offsets }, {
      annotationId: opened.version === undefined ? undefined : opened.from?.id,
      current: () => ({ state: present(), version: this.saver.version }),
      reload: (note) => this.recovery.reloadSaved(note),
    });
    const host: ModeHost = {
      doc,
      root,
      nextUrl: root.dataset.nextUrl ?? `/projects/${project.id}/next/`,
      offsets: this.offsets,
      colorOf: view.colorOf,
      banners: view.banners,
      messages: view.messages,
      confirm: view.confirm,
      state: present,
      dispatch: (action) => this.dispatch(action),
      focus: () => view.focus(),
      newSpanId: () => this.context.newSpanId(),
      save: () => void this.save(),
      submitNow: () => void this.submitNow(),
      keepCopy: () => this.recovery.writeCopy(),
    };
    view.mount(root, mode.mount(host, this.keymap));
    if (options.team) {
      const team = new TeamWork({
        doc,
        api: options.team,
        documentId: this.documentId,
        projectId: String(project.id),
        annotating,
        nextUrl: host.nextUrl,
        report: (level, text) => view.messages.show(level, text),
      });
      view.sidebar.element.insertBefore(team.panel.element, view.sidebar.element.querySelector('.panel--guidelines'));
      if (team.bar) view.toolbar.element.after(team.bar.element);
      void team.load();
    }

    view.textView.update(state);
    this.refresh(null, undefined);
    this.flush();
    this.showSaveStatus({ kind: 'saved', version: this.saver.version, submitted: this.saver.submitted, at: null });
    if (view.textView.invalid.length) {
      view.banners.show('invalid', 'error', `${view.textView.invalid.length} span(s) lie outside the text and are not shown.`, []);
    }
    mode.opened(opened);
    this.recovery.offer(state);
    this.listen(tokens);
    root.dataset.state = 'ready';
    performance.mark?.('editor:ready');
  }

  private listen(tokens: Tokens): void {
    const view = this.view;
    const win = this.root.ownerDocument.defaultView;
    const signal = this.listeners.signal;
    new EditorInput({
      root: this.root,
      view,
      keymap: this.keymap,
      relationHotkeys: this.relationKeys,
      tokens,
      session: () => this.session,
      dispatch: (action) => void this.dispatch(action),
      acceptVersion: (index) => this.mode.acceptVersion(index),
      preview: (range) => view.decorate(this.session, tokens, range),
    }).listen(signal);
    this.recovery.listen(win, signal);
    // Picking a relation's child: a line follows the pointer from the head span.
    const pointer = new PointerLine(this.root.ownerDocument);
    this.root.append(pointer.element);
    this.root.ownerDocument.addEventListener('pointermove', (event) => {
      const mode = this.session.mode;
      const head = mode.kind === 'pickChild' ? view.textView.firstMark(mode.head) : undefined;
      if (head) pointer.show(head.getBoundingClientRect(), event.clientX, event.clientY);
      else if (pointer.visible) pointer.hide();
    }, { signal, passive: true });
    this.pointerLine = pointer;
    view.watchWidth(signal, () => {
      this.later.lists = true;
      this.frame.schedule();
    });
    view.focus();
  }

  private command(name: 'undo' | 'redo' | 'acceptAll'): void {
    this.dispatch({ type: 'command', command: { name } });
    this.view.focus();
  }

  private edit(edit: Edit): void {
    this.dispatch({ type: 'edit', edit });
    this.view.focus();
  }

  /** Runs one action through the session and draws what changed. */
  dispatch(action: Action): Outcome {
    const before = this.session;
    const outcome = interact(before, action, this.context);
    this.session = outcome.session;
    if (outcome.session.history.present !== before.history.present) {
      this.view.textView.update(outcome.session.history.present);
      this.saver.changed();
      this.recovery.changed();
    }
    if (outcome.message) this.view.messages.show(outcome.message.level, outcome.message.text);
    this.refresh(before, outcome.reveal);
    if (outcome.effect) this.runEffect(outcome.effect);
    else this.view.labelMenu.hide();
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
    const { toolbar } = this.view;
    this.view.decorate(session, this.context.tokens);
    const stateChanged = !before || before.history.present !== state;
    const selectionChanged = !before || before.selection !== session.selection;
    if (stateChanged || before?.history !== session.history) toolbar.setHistory(canUndo(session.history), canRedo(session.history));
    if (stateChanged) toolbar.setPending(state.spans.filter(isPending).length);
    const later = this.later;
    if (stateChanged || selectionChanged) later.lists = true;
    if (stateChanged) later.mode = true;
    if (selectionChanged) later.scrollList = true;
    if (!before || before.mode !== mode) {
      if (mode.kind !== 'pickChild') this.pointerLine?.hide();
      later.chooser = true;
      later.lists = true; // the line above the text says the mode while it lasts
    }
    if (mode.kind === 'pickChild' && mode.target && mode.target !== (before?.mode.kind === 'pickChild' ? before.mode.target : null)) {
      later.reveal = mode.target;
    }
    if (reveal?.kind === 'span') later.reveal = reveal.id;
    if (reveal?.kind === 'relation') later.reveal = state.relations.find((item) => item.id === reveal.id)?.head ?? later.reveal;
    this.frame.schedule();
  }

  /** Does the work waiting for the next frame now (also for tests). */
  flush(): void {
    this.frame.flush();
  }

  private drawLater(): void {
    const later = this.later;
    this.later = { ...NOTHING_LATER };
    const session = this.session;
    const { textView } = this.view;
    // Writes first, then what reads the layout (scrolling, placing popups, arcs).
    if (later.lists) {
      const textOf = (span: Span) => excerpt(this.offsets.slice(span.start, span.end), 60);
      this.view.showLists(session, textOf, later.scrollList);
      this.view.selection.show(selectionHint(session, this.mode.hintContext(textOf)));
    }
    if (later.mode) {
      this.mode.update();
      this.history.changed();
    }
    if (later.reveal) textView.reveal(later.reveal);
    if (later.lists) textView.placeHandles(session.selection.kind === 'span' ? session.selection.id : null);
    if (later.chooser) this.view.showChooser(session.mode, (label) => this.dispatch({ type: 'chooseRelationType', label }));
    textView.flushArcs();
  }

  private runEffect(effect: Effect): void {
    switch (effect) {
      case 'save':
        this.mode.saveKey();
        return;
      case 'submit':
        this.submit();
        return;
      case 'help':
        this.view.toggleHelp();
        return;
      case 'labelMenu': {
        const cursor = this.session.cursor;
        this.view.showLabelMenu(cursor && cursorRange(this.context.tokens, cursor), (label) =>
          this.dispatch({ type: 'command', command: { name: 'label', label } }),
        );
        return;
      }
    }
  }

  // --- saving ----------------------------------------------------------------

  save(): Promise<unknown> {
    return this.saver.save({ submit: this.saver.submitted });
  }

  /** Submits (in review: marks gold), asking first about what is still pending. */
  submit(): void {
    this.mode.submit(pendingPredictions(this.session.history.present).length);
  }

  private async submitNow(): Promise<void> {
    const outcome = await this.saver.save({ submit: true });
    if (!outcome.ok) return;
    this.view.banners.clear('submitted');
    this.mode.submitted(this.saver.version);
  }

  private showSaveStatus(status: SaveStatus): void {
    const { toolbar, banners } = this.view;
    switch (status.kind) {
      case 'saved':
        toolbar.setStatus(this.mode.statusText(status, this.saver.submitted), 'saved');
        if (status.at) banners.clear('error');
        return;
      case 'dirty':
      case 'saving':
        toolbar.setStatus(this.mode.statusText(status, this.saver.submitted), status.kind);
        return;
      case 'error':
        toolbar.setStatus('Not saved', 'error');
        banners.show('error', 'error', status.message, [{ label: 'Retry', run: () => void this.save() }]);
        return;
      case 'conflict':
        toolbar.setStatus('Conflict: not saved', 'error');
        this.recovery.conflict(status.message);
        return;
    }
  }

  /** Stops listening and saving (the page keeps what is drawn). */
  destroy(): void {
    this.listeners.abort();
    this.frame.cancel();
    this.saver.cancelAutosave();
    this.recovery.destroy();
    this.view.textView.destroy();
  }

  /** For tests and measurements. */
  get state(): DocumentState {
    return this.session.history.present;
  }

  get version(): number | undefined {
    return this.saver.version;
  }

  flushArcs(): number {
    return this.view.textView.flushArcs();
  }
}
