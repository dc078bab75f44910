/**
 * The History panel of the side panel: collapsed like the guidelines; opened, it lists
 * the annotation's versions (who, when, source, "+n −m spans" against the current
 * content); a version selected shows its differences from the current content and a
 * Restore button. DOM only: it shows what it is given and reports clicks.
 */
import type { HistoryRow, VersionDifference } from '../domain/history';
import { safeColor } from './chunk';
import { button, el } from './dom';

export interface HistoryPanelCallbacks {
  /** The panel was opened (load the versions). */
  readonly opened: () => void;
  readonly select: (version: number) => void;
  readonly more: () => void;
  readonly restore: (version: number) => void;
}

export interface HistoryView {
  readonly rows: readonly HistoryRow[];
  readonly selected: number | null;
  /** The selected version's differences from the current content, as text lines. */
  readonly differences: readonly { readonly difference: VersionDifference; readonly text: string }[];
  readonly hasMore: boolean;
  /** "Loading…", "No saved versions yet", an error; null: none. */
  readonly note: string | null;
  readonly busy: boolean;
}

export class HistoryPanel {
  readonly element: HTMLDetailsElement;
  private readonly body: HTMLElement;

  constructor(
    private readonly doc: Document,
    private readonly colorOf: (label: string) => string,
    private readonly callbacks: HistoryPanelCallbacks,
  ) {
    this.element = el(doc, 'details', 'panel panel--history');
    this.element.append(el(doc, 'summary', 'panel__title', 'History'));
    this.body = el(doc, 'div', 'history');
    this.element.append(this.body);
    this.element.addEventListener('toggle', () => {
      if (this.element.open) callbacks.opened();
    });
  }

  get open(): boolean {
    return this.element.open;
  }

  show(view: HistoryView): void {
    const doc = this.doc;
    const parts: HTMLElement[] = [];
    if (view.note) parts.push(el(doc, 'p', 'history__note', view.note));
    const list = el(doc, 'ol', 'history__list');
    list.setAttribute('aria-label', 'Versions, newest first');
    for (const row of view.rows) list.append(this.row(row, row.version === view.selected));
    if (view.rows.length) parts.push(list);
    if (view.hasMore) parts.push(button(doc, 'Older versions', 'btn btn--quiet history__more', () => this.callbacks.more()));
    const chosen = view.rows.find((row) => row.version === view.selected);
    if (chosen) parts.push(this.details(chosen, view));
    this.body.replaceChildren(...parts);
  }

  private row(row: HistoryRow, selected: boolean): HTMLElement {
    const doc = this.doc;
    const item = el(doc, 'li', 'history__item');
    const entry = button(doc, '', `history__row${selected ? ' is-selected' : ''}`, () => this.callbacks.select(row.version));
    entry.dataset.version = String(row.version);
    entry.setAttribute('aria-pressed', String(selected));
    const top = el(doc, 'span', 'history__line');
    top.append(el(doc, 'strong', 'history__name', row.name), el(doc, 'span', 'history__author', row.author));
    if (row.current) top.append(el(doc, 'span', 'history__current', 'current'));
    const bottom = el(doc, 'span', 'history__line history__line--meta');
    const change = el(doc, 'span', 'history__change', row.changeText);
    change.title = `${row.change.added} span(s) only in ${row.name}, ${row.change.removed} only in the current content`;
    bottom.append(el(doc, 'span', 'history__when', row.when), el(doc, 'span', 'history__source', row.source), change);
    entry.append(top, bottom);
    item.append(entry);
    return item;
  }

  private details(row: HistoryRow, view: HistoryView): HTMLElement {
    const doc = this.doc;
    const box = el(doc, 'div', 'history__diff');
    box.dataset.version = String(row.version);
    box.append(el(doc, 'p', 'history__diff-title', row.current ? `${row.name} is the current content.` : `Restoring ${row.name} would change:`));
    if (!row.current) {
      if (view.differences.length === 0) box.append(el(doc, 'p', 'history__note', 'Nothing: the same spans as now.'));
      const list = el(doc, 'ul', 'history__changes');
      for (const { difference, text } of view.differences) {
        const line = el(doc, 'li', `history__difference history__difference--${difference.kind}`, text);
        const label = (difference.after ?? difference.before)?.label;
        if (label) line.style.setProperty('--span-color', safeColor(this.colorOf(label)));
        list.append(line);
      }
      if (view.differences.length) box.append(list);
      const restore = button(doc, `Restore ${row.name}`, 'btn btn--primary history__restore', () => this.callbacks.restore(row.version));
      restore.disabled = view.busy;
      box.append(restore);
    }
    return box;
  }
}
