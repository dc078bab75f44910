/**
 * The editor's fixed parts around the text: toolbar, banners, messages and the side
 * panel (labels, spans, relations, guidelines). DOM only: they show what they are
 * given and report clicks through callbacks. Every user string goes in as text.
 */
import type { ApiEntityType } from '../api/types';
import type { Relation } from '../domain/relations';
import type { Span } from '../domain/spans';
import { safeColor } from './chunk';
import { button, el } from './dom';
import { VirtualList } from './virtuallist';

export interface ToolbarActions {
  readonly undo: () => void;
  readonly redo: () => void;
  readonly acceptAll: () => void;
  readonly rejectAll: () => void;
  readonly save: () => void;
  readonly submit: () => void;
  readonly help: () => void;
}

/** Words of the toolbar; the review view marks gold instead of submitting and has no draft to save. */
export interface ToolbarLabels {
  readonly submit: string;
  readonly submitTitle: string;
  /** null: no save button. */
  readonly save: string | null;
  readonly acceptAllTitle: string;
  readonly rejectAllTitle: string;
}

export const ANNOTATE_LABELS: ToolbarLabels = {
  submit: 'Submit',
  submitTitle: 'Submit the document (Ctrl+Enter)',
  save: 'Save draft',
  acceptAllTitle: 'Accept every pending prediction (Shift+Enter)',
  rejectAllTitle: 'Reject every pending prediction',
};

export const REVIEW_LABELS: ToolbarLabels = {
  submit: 'Mark gold',
  submitTitle: 'Save the draft as the document\'s gold (Ctrl+Enter)',
  save: null,
  acceptAllTitle: 'Accept every suggestion that fits the draft (Shift+Enter)',
  rejectAllTitle: 'Reject every suggestion',
};

/** The "Accept all" threshold choices: [minimum score, shown text]. */
const ACCEPT_THRESHOLDS: readonly (readonly [string, string])[] = [
  ['0', 'any score'], ['0.5', 'score ≥ 0.5'], ['0.8', 'score ≥ 0.8'], ['0.9', 'score ≥ 0.9'],
];

export class Toolbar {
  readonly element: HTMLElement;
  readonly status: HTMLElement;
  private readonly undoButton: HTMLButtonElement;
  private readonly redoButton: HTMLButtonElement;
  private readonly acceptAllButton: HTMLButtonElement;
  private readonly rejectAllButton: HTMLButtonElement;
  private readonly thresholdSelect: HTMLSelectElement;
  readonly saveButton: HTMLButtonElement;
  readonly submitButton: HTMLButtonElement;

  constructor(doc: Document, title: string, actions: ToolbarActions, labels: ToolbarLabels = ANNOTATE_LABELS) {
    this.element = el(doc, 'div', 'toolbar');
    const heading = el(doc, 'h1', 'toolbar__title', title);
    this.status = el(doc, 'span', 'toolbar__status', 'Loaded');
    this.status.setAttribute('role', 'status');
    this.status.dataset.kind = 'saved';
    const group = (...items: HTMLElement[]) => {
      const node = el(doc, 'div', 'toolbar__group');
      node.append(...items);
      return node;
    };
    this.undoButton = button(doc, '↶ Undo', 'btn btn--quiet', actions.undo, 'Undo (Ctrl+Z)');
    this.redoButton = button(doc, '↷ Redo', 'btn btn--quiet', actions.redo, 'Redo (Ctrl+Shift+Z)');
    this.acceptAllButton = button(doc, 'Accept all', 'btn btn--quiet', actions.acceptAll, labels.acceptAllTitle);
    this.rejectAllButton = button(doc, 'Reject all', 'btn btn--quiet', actions.rejectAll, labels.rejectAllTitle);
    this.thresholdSelect = el(doc, 'select', 'toolbar__threshold');
    this.thresholdSelect.name = 'accept_threshold';
    this.thresholdSelect.title = 'Accept all takes only the suggestions the model scored at least this';
    this.thresholdSelect.setAttribute('aria-label', 'Accept all: minimum model score');
    for (const [value, text] of ACCEPT_THRESHOLDS) {
      const option = el(doc, 'option', '', text);
      option.value = value;
      this.thresholdSelect.append(option);
    }
    this.saveButton = button(doc, labels.save ?? 'Save', 'btn', actions.save, 'Save a draft (Ctrl+S)');
    this.saveButton.hidden = labels.save === null;
    this.submitButton = button(doc, labels.submit, 'btn btn--primary', actions.submit, labels.submitTitle);
    this.undoButton.dataset.action = 'undo';
    this.redoButton.dataset.action = 'redo';
    this.acceptAllButton.dataset.action = 'accept-all';
    this.rejectAllButton.dataset.action = 'reject-all';
    this.saveButton.dataset.action = 'save';
    this.submitButton.dataset.action = 'submit';
    const help = button(doc, '?', 'btn btn--quiet btn--round', actions.help, 'Keyboard shortcuts (?)');
    help.dataset.action = 'help';
    help.setAttribute('aria-label', 'Keyboard shortcuts');
    this.element.append(
      heading,
      this.status,
      el(doc, 'span', 'toolbar__spacer'),
      group(this.undoButton, this.redoButton),
      group(this.acceptAllButton, this.thresholdSelect, this.rejectAllButton),
      group(this.saveButton, this.submitButton, help),
    );
    // A click on a toolbar button leaves the keyboard where it was (the text), so Enter then acts on the
    // selected span instead of clicking the button again; Tab still reaches the buttons.
    this.element.addEventListener('mousedown', (event) => {
      if ((event.target as Element | null)?.closest?.('button')) event.preventDefault();
    });
  }

  /** The minimum score "Accept all" takes (0: every suggestion). */
  get acceptThreshold(): number {
    return Number(this.thresholdSelect.value) || 0;
  }

  setStatus(text: string, kind: string): void {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }

  setHistory(canUndo: boolean, canRedo: boolean): void {
    this.undoButton.disabled = !canUndo;
    this.redoButton.disabled = !canRedo;
  }

  setPending(count: number): void {
    this.acceptAllButton.disabled = count === 0;
    this.rejectAllButton.disabled = count === 0;
    this.acceptAllButton.textContent = count ? `Accept all (${count})` : 'Accept all';
  }
}

export interface BannerAction {
  readonly label: string;
  readonly run: () => void;
  readonly primary?: boolean;
  readonly href?: string;
}

/** Persistent notices that need a decision (conflict, restore, submitted). One per kind. */
export class Banners {
  readonly element: HTMLElement;
  private readonly shown = new Map<string, HTMLElement>();

  constructor(private readonly doc: Document) {
    this.element = el(doc, 'div', 'banners');
  }

  show(kind: string, level: 'error' | 'info' | 'success', text: string, actions: readonly BannerAction[]): HTMLElement {
    this.clear(kind);
    const banner = el(this.doc, 'div', `banner banner--${level}`);
    banner.dataset.kind = kind;
    banner.setAttribute('role', level === 'error' ? 'alert' : 'status');
    banner.append(el(this.doc, 'span', 'banner__text', text));
    for (const action of actions) {
      let control: HTMLElement;
      if (action.href) {
        const link = el(this.doc, 'a', `btn ${action.primary ? 'btn--primary' : ''}`, action.label);
        link.href = action.href;
        control = link;
      } else {
        control = button(this.doc, action.label, `btn ${action.primary ? 'btn--primary' : 'btn--quiet'}`, action.run);
      }
      banner.append(control);
    }
    this.element.append(banner);
    this.shown.set(kind, banner);
    return banner;
  }

  clear(kind: string): void {
    this.shown.get(kind)?.remove();
    this.shown.delete(kind);
  }

  has(kind: string): boolean {
    return this.shown.has(kind);
  }
}

/** The one-line message under the toolbar: what an edit did, or why it was refused. */
export class MessageLine {
  readonly element: HTMLElement;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(doc: Document) {
    this.element = el(doc, 'div', 'message');
    this.element.setAttribute('aria-live', 'polite');
  }

  show(level: 'info' | 'error', text: string): void {
    this.element.textContent = text;
    this.element.dataset.level = level;
    this.element.classList.add('is-visible');
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.element.classList.remove('is-visible'), level === 'error' ? 8000 : 4000);
  }
}

export interface SidebarCallbacks {
  readonly chooseLabel: (label: string) => void;
  readonly selectSpan: (id: string) => void;
  readonly selectRelation: (id: string) => void;
  readonly acceptSpan: (id: string) => void;
  readonly rejectSpan: (id: string) => void;
  readonly deleteSpan: (id: string) => void;
  readonly deleteRelation: (id: string) => void;
  /** Accepts a suggested relation (and its pending spans); absent: no ✓ on suggested relations. */
  readonly acceptRelation?: (id: string) => void;
}

export interface SidebarData {
  readonly spans: readonly Span[];
  readonly relations: readonly Relation[];
  readonly selected: { kind: string; id?: string };
  readonly textOf: (span: Span) => string;
}

const ROW = 30;

export class Sidebar {
  readonly element: HTMLElement;
  private readonly spanList: VirtualList<Span>;
  private readonly relationList: VirtualList<Relation>;
  private readonly spanCount: HTMLElement;
  private readonly relationCount: HTMLElement;
  private data: SidebarData = { spans: [], relations: [], selected: { kind: 'none' }, textOf: () => '' };
  private spansById = new Map<string, Span>();

  constructor(
    private readonly doc: Document,
    entityTypes: readonly ApiEntityType[],
    guidelinesHtml: string,
    private readonly colorOf: (label: string) => string,
    private readonly callbacks: SidebarCallbacks,
  ) {
    this.element = el(doc, 'aside', 'sidebar');
    this.element.setAttribute('aria-label', 'Labels, spans and relations');

    const labels = el(doc, 'section', 'panel panel--labels');
    labels.append(el(doc, 'h2', 'panel__title', 'Labels'));
    const list = el(doc, 'div', 'labels');
    for (const type of entityTypes) {
      const item = button(doc, '', 'label-button', () => callbacks.chooseLabel(type.name), type.description || undefined);
      item.dataset.label = type.name;
      const swatch = el(doc, 'span', 'swatch');
      swatch.style.background = safeColor(type.color);
      item.append(swatch, el(doc, 'span', 'label-button__name', type.name));
      if (type.hotkey) item.append(el(doc, 'kbd', 'kbd', type.hotkey));
      list.append(item);
    }
    labels.append(list);

    const spans = el(doc, 'section', 'panel panel--spans');
    const spanTitle = el(doc, 'h2', 'panel__title', 'Spans ');
    this.spanCount = el(doc, 'span', 'panel__count', '0');
    spanTitle.append(this.spanCount);
    this.spanList = new VirtualList<Span>(doc, 'span-list', { rowHeight: ROW, renderRow: (span) => this.spanRow(span) });
    this.spanList.element.setAttribute('aria-label', 'Spans');
    spans.append(spanTitle, this.spanList.element);

    const relations = el(doc, 'section', 'panel panel--relations');
    const relationTitle = el(doc, 'h2', 'panel__title', 'Relations ');
    this.relationCount = el(doc, 'span', 'panel__count', '0');
    relationTitle.append(this.relationCount);
    this.relationList = new VirtualList<Relation>(doc, 'relation-list', { rowHeight: ROW, renderRow: (relation) => this.relationRow(relation) });
    this.relationList.element.setAttribute('aria-label', 'Relations');
    relations.append(relationTitle, this.relationList.element);

    const guide = el(doc, 'details', 'panel panel--guidelines');
    guide.append(el(doc, 'summary', 'panel__title', 'Guidelines'));
    // Guidelines are Markdown written by a manager, rendered and cleaned by the server with an
    // allow-list (annotator/markdown.py: no scripts, handlers, styles or javascript: links).
    const body = el(doc, 'div', 'guidelines guidelines--html');
    if (guidelinesHtml) body.innerHTML = guidelinesHtml;
    else body.textContent = 'This project has no guidelines yet.';
    guide.append(body);
    if (guidelinesHtml && (body.textContent ?? '').length < 400) guide.open = true;

    this.element.append(labels, spans, relations, guide);
  }

  update(data: SidebarData, options: { scrollToSelection?: boolean } = {}): void {
    const spansChanged = data.spans !== this.data.spans;
    this.data = data;
    if (spansChanged) this.spansById = new Map(data.spans.map((span) => [span.id, span]));
    this.spanCount.textContent = String(data.spans.length);
    this.relationCount.textContent = String(data.relations.length);
    this.spanList.setItems(data.spans, false);
    this.relationList.setItems(data.relations, false);
    let spanIndex = -1;
    let relationIndex = -1;
    if (options.scrollToSelection && data.selected.id) {
      if (data.selected.kind === 'span') spanIndex = data.spans.findIndex((span) => span.id === data.selected.id);
      if (data.selected.kind === 'relation') relationIndex = data.relations.findIndex((relation) => relation.id === data.selected.id);
    }
    if (spanIndex >= 0) this.spanList.scrollToIndex(spanIndex);
    else this.spanList.draw();
    if (relationIndex >= 0) this.relationList.scrollToIndex(relationIndex);
    else this.relationList.draw();
  }

  private spanRow(span: Span): HTMLElement {
    const doc = this.doc;
    const row = el(doc, 'div', 'row row--span');
    row.setAttribute('role', 'option');
    row.dataset.spanId = span.id;
    const selected = this.data.selected.kind === 'span' && this.data.selected.id === span.id;
    row.setAttribute('aria-selected', String(selected));
    if (span.source === 'prediction') row.classList.add('row--prediction');
    const tag = el(doc, 'span', 'tag', span.label);
    tag.style.setProperty('--span-color', safeColor(this.colorOf(span.label)));
    row.append(tag, el(doc, 'span', 'row__text', this.data.textOf(span)));
    if (span.source === 'prediction') {
      row.append(
        button(doc, '✓', 'row__action', (event) => (event.stopPropagation(), this.callbacks.acceptSpan(span.id)), 'Accept (Enter)'),
        button(doc, '✗', 'row__action', (event) => (event.stopPropagation(), this.callbacks.rejectSpan(span.id)), 'Reject (x)'),
      );
    } else {
      row.append(button(doc, '×', 'row__action', (event) => (event.stopPropagation(), this.callbacks.deleteSpan(span.id)), 'Delete (Del)'));
    }
    row.addEventListener('click', () => this.callbacks.selectSpan(span.id));
    return row;
  }

  private relationRow(relation: Relation): HTMLElement {
    const doc = this.doc;
    const row = el(doc, 'div', 'row row--relation');
    row.setAttribute('role', 'option');
    row.dataset.relationId = relation.id;
    const selected = this.data.selected.kind === 'relation' && this.data.selected.id === relation.id;
    row.setAttribute('aria-selected', String(selected));
    const head = this.spansById.get(relation.head);
    const child = this.spansById.get(relation.child);
    // Suggested: the model's, with a pending prediction at an end (domain/edits.ts).
    const suggested = head?.source === 'prediction' || child?.source === 'prediction';
    row.append(
      el(doc, 'span', 'row__text', head ? this.data.textOf(head) : '?'),
      el(doc, 'span', 'tag tag--relation', relation.label),
      el(doc, 'span', 'row__text', child ? this.data.textOf(child) : '?'),
    );
    if (suggested && this.callbacks.acceptRelation) {
      const accept = this.callbacks.acceptRelation;
      row.classList.add('row--prediction');
      row.append(
        button(doc, '✓', 'row__action', (event) => (event.stopPropagation(), accept(relation.id)), 'Accept the relation and its spans (Enter)'),
        button(doc, '✗', 'row__action', (event) => (event.stopPropagation(), this.callbacks.deleteRelation(relation.id)), 'Reject (x)'),
      );
    } else {
      row.append(button(doc, '×', 'row__action', (event) => (event.stopPropagation(), this.callbacks.deleteRelation(relation.id)), 'Delete (Del)'));
    }
    row.addEventListener('click', () => this.callbacks.selectRelation(relation.id));
    return row;
  }
}
