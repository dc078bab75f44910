/**
 * The editor's screen: the parts from render/ (toolbar, banners, message line, the
 * selection line, the text, the side panel, the overlays) put together on the root,
 * and the ways a session is drawn on them. Clicks come back through `ViewActions`;
 * what a session means is decided elsewhere (domain/session.ts, the controller).
 */
import type { ApiProject } from '../api/types';
import { findCuts } from '../domain/blocks';
import type { Edit } from '../domain/edits';
import { listBindings, type Keymap } from '../domain/keymap';
import type { OffsetIndex } from '../domain/offsets';
import type { Action, Mode, Session } from '../domain/session';
import { cursorRange, type Tokens } from '../domain/snapping';
import type { Span } from '../domain/spans';
import { safeColor } from '../render/chunk';
import { el } from '../render/dom';
import { ConfirmDialog, HelpOverlay, PopupMenu } from '../render/overlays';
import { Banners, MessageLine, Sidebar, Toolbar, type ToolbarActions, type ToolbarLabels } from '../render/panels';
import { SelectionLine } from '../render/selectioninfo';
import { TextView } from '../render/textview';

export interface ViewActions extends ToolbarActions {
  readonly dispatch: (action: Action) => void;
  readonly edit: (edit: Edit) => void;
}

export interface ViewOptions {
  readonly title: string;
  readonly project: ApiProject;
  readonly text: string;
  readonly offsets: OffsetIndex;
  readonly keymap: Keymap;
  readonly labels: ToolbarLabels;
}

export class EditorView {
  readonly toolbar: Toolbar;
  readonly banners: Banners;
  readonly messages: MessageLine;
  readonly selection: SelectionLine;
  /** Scrolls the text; has the keyboard when nothing else does. */
  readonly pane: HTMLElement;
  readonly textView: TextView;
  readonly sidebar: Sidebar;
  readonly help: HelpOverlay;
  readonly labelMenu: PopupMenu;
  readonly chooser: PopupMenu;
  readonly confirm: ConfirmDialog;
  readonly colorOf: (label: string) => string;
  readonly relationColorOf: (label: string) => string;
  private readonly relationHotkeyOf: (label: string) => string;

  constructor(
    private readonly doc: Document,
    private readonly options: ViewOptions,
    actions: ViewActions,
  ) {
    const { project } = options;
    const colors = new Map(project.entity_types.map((type) => [type.name, safeColor(type.color)]));
    const relationColors = new Map(project.relation_types.map((type) => [type.name, safeColor(type.color)]));
    this.colorOf = (label) => colors.get(label) ?? safeColor(undefined);
    this.relationColorOf = (label) => relationColors.get(label) ?? '#6b7089';
    const relationKeys = new Map(project.relation_types.map((type) => [type.name, type.hotkey ?? '']));
    this.relationHotkeyOf = (label) => relationKeys.get(label) ?? '';

    this.toolbar = new Toolbar(doc, options.title, actions, options.labels);
    this.banners = new Banners(doc);
    this.messages = new MessageLine(doc);
    this.selection = new SelectionLine(doc, this.colorOf);

    this.pane = el(doc, 'div', 'editor__pane');
    this.pane.tabIndex = -1;
    const textRoot = el(doc, 'div', 'text');
    textRoot.setAttribute('aria-label', 'Document text');
    this.pane.append(textRoot);
    this.textView = new TextView(textRoot, {
      text: options.text,
      offsets: options.offsets,
      cuts: findCuts(options.text),
      colorOf: this.colorOf,
      relationColorOf: this.relationColorOf,
      scroller: this.pane,
      onRelationClick: (id) => actions.dispatch({ type: 'selectRelation', id }),
    });

    this.sidebar = new Sidebar(doc, project.entity_types, project.guidelines_html ?? '', this.colorOf, {
      chooseLabel: (label) => {
        actions.dispatch({ type: 'command', command: { name: 'label', label } });
        this.focus(); // the keyboard goes back to the text (Enter then acts there, not on the button)
      },
      selectSpan: (id) => actions.dispatch({ type: 'selectSpan', id }),
      selectRelation: (id) => actions.dispatch({ type: 'selectRelation', id }),
      acceptSpan: (id) => actions.edit({ type: 'acceptPrediction', id }),
      rejectSpan: (id) => actions.edit({ type: 'rejectPrediction', id }),
      deleteSpan: (id) => actions.edit({ type: 'removeSpan', id }),
      deleteRelation: (id) => actions.edit({ type: 'removeRelation', id }),
      acceptRelation: (id) => actions.edit({ type: 'acceptRelation', id }),
    });

    const mac = /Mac/.test(navigator.platform);
    this.help = new HelpOverlay(doc, listBindings(options.keymap, { mac }), options.keymap.conflicts, () => this.toggleHelp(false));
    this.labelMenu = new PopupMenu(doc, 'label-menu');
    this.chooser = new PopupMenu(doc, 'relation-chooser');
    this.confirm = new ConfirmDialog(doc);
  }

  /** Puts the parts on `root`; `above` (the review's versions) goes between the messages and the selection line. */
  mount(root: HTMLElement, above: readonly HTMLElement[]): void {
    const body = el(this.doc, 'div', 'editor__body');
    body.append(this.pane, this.sidebar.element);
    root.replaceChildren(
      this.toolbar.element,
      this.banners.element,
      this.messages.element,
      ...above,
      this.selection.element,
      body,
      this.labelMenu.element,
      this.chooser.element,
      this.help.element,
      this.confirm.element,
    );
  }

  /** When the text's width changes: lays the arcs out again, and calls `changed` (the lists wrap anew). */
  watchWidth(signal: AbortSignal, changed: () => void): void {
    const win = this.doc.defaultView;
    if (!win || !('ResizeObserver' in win)) return;
    const pane = this.pane;
    let width = pane.clientWidth;
    const observer = new win.ResizeObserver(() => {
      if (pane.clientWidth === width) return;
      width = pane.clientWidth;
      this.textView.invalidateArcs();
      changed();
    });
    observer.observe(pane);
    signal.addEventListener('abort', () => observer.disconnect());
  }

  /** Gives the keyboard back to the text. */
  focus(): void {
    this.pane.focus({ preventScroll: true });
  }

  toggleHelp(open?: boolean): void {
    this.help.toggle(open);
    if (!this.help.open) this.focus();
  }

  /** Span classes, the relation being drawn and the cursor (or a dragged range) in the text. */
  decorate(session: Session, tokens: Tokens, preview?: { start: number; end: number }): void {
    const mode = session.mode;
    this.textView.decorate({
      selectedSpan: session.selection.kind === 'span' ? session.selection.id : null,
      selectedRelation: session.selection.kind === 'relation' ? session.selection.id : null,
      relationHead: mode.kind === 'pickChild' || mode.kind === 'chooseRelationType' ? mode.head : null,
      relationTarget: mode.kind === 'pickChild' ? mode.target : mode.kind === 'chooseRelationType' ? mode.child : null,
      cursor: preview ?? (session.cursor ? cursorRange(tokens, session.cursor) : null),
    });
  }

  /** The side lists of spans and relations, the selected row scrolled into view if asked. */
  showLists(session: Session, textOf: (span: Span) => string, scrollToSelection: boolean): void {
    const state = session.history.present;
    this.sidebar.update({ spans: state.spans, relations: state.relations, selected: session.selection, textOf }, { scrollToSelection });
  }

  /** The relation type chooser, next to the child span while the mode asks for a type. */
  showChooser(mode: Mode, choose: (label: string) => void): void {
    if (mode.kind !== 'chooseRelationType') {
      if (this.chooser.open) this.chooser.hide();
      return;
    }
    const anchor = this.textView.firstMark(mode.child)?.getBoundingClientRect() ?? null;
    this.chooser.show(
      anchor,
      'Relation type',
      mode.options.map((name, index) => ({
        label: name,
        hint: [index < 9 ? String(index + 1) : '', this.relationHotkeyOf(name)].filter(Boolean).join(' / ') || undefined,
        color: this.relationColorOf(name),
        active: index === mode.index,
        run: () => choose(name),
      })),
    );
  }

  /** The menu of labels, under the cursor's range (or in the middle). */
  showLabelMenu(range: { start: number; end: number } | null, choose: (label: string) => void): void {
    const rect = range ? this.textView.rangeOf(range.start, range.end)?.getBoundingClientRect() ?? null : null;
    this.labelMenu.show(
      rect,
      'Label',
      this.options.project.entity_types.map((type) => ({
        label: type.name,
        hint: type.hotkey || undefined,
        color: type.color,
        run: () => {
          this.labelMenu.hide();
          choose(type.name);
          this.focus();
        },
      })),
    );
  }
}
