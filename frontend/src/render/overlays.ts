/**
 * Things drawn over the editor: the help overlay (`?`), the label menu after a mouse
 * selection, the relation type chooser and a confirmation dialog. DOM only.
 */
import type { HelpEntry } from '../domain/keymap';
import { safeColor } from './chunk';
import { button, el } from './dom';

export class HelpOverlay {
  readonly element: HTMLElement;

  constructor(doc: Document, entries: readonly HelpEntry[], conflicts: readonly string[], onClose: () => void) {
    this.element = el(doc, 'div', 'overlay');
    this.element.hidden = true;
    this.element.setAttribute('role', 'dialog');
    this.element.setAttribute('aria-modal', 'true');
    this.element.setAttribute('aria-label', 'Keyboard shortcuts');
    const card = el(doc, 'div', 'overlay__card help');
    card.append(el(doc, 'h2', '', 'Keyboard shortcuts'));
    const table = el(doc, 'table', 'help__table');
    for (const entry of entries) {
      const row = el(doc, 'tr');
      const keys = el(doc, 'td', 'help__keys');
      entry.keys.forEach((key, index) => {
        if (index) keys.append(' / ');
        keys.append(el(doc, 'kbd', 'kbd', key));
      });
      row.append(keys, el(doc, 'td', '', entry.description));
      table.append(row);
    }
    card.append(table);
    const mouse = el(doc, 'ul', 'help__mouse');
    for (const line of [
      'Drag over text to select it (it snaps to whole words), then press a label key or pick a label.',
      'Click a span to select it; click again to select the span around it.',
      'Click a relation label to select the relation.',
      'While choosing a relation type: ↑/↓, 1–9 or the type\'s hotkey; Enter to confirm.',
    ]) {
      mouse.append(el(doc, 'li', '', line));
    }
    card.append(el(doc, 'h3', '', 'Mouse'), mouse);
    if (conflicts.length) {
      card.append(el(doc, 'h3', '', 'Hotkeys not bound'));
      const list = el(doc, 'ul', 'help__conflicts');
      for (const conflict of conflicts) list.append(el(doc, 'li', '', conflict));
      card.append(list);
    }
    card.append(button(doc, 'Close (Esc)', 'btn', onClose));
    this.element.append(card);
    this.element.addEventListener('click', (event) => {
      if (event.target === this.element) onClose();
    });
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  toggle(open = !this.open): void {
    this.element.hidden = !open;
    if (!open) return;
    // The Close button (at the bottom) takes the keyboard, without scrolling there: the list opens at its top.
    (this.element.querySelector('button') as HTMLButtonElement | null)?.focus({ preventScroll: true });
    this.element.scrollTop = 0;
    const card = this.element.querySelector('.overlay__card');
    if (card) card.scrollTop = 0;
  }
}

export interface MenuItem {
  readonly label: string;
  readonly hint?: string;
  readonly color?: string;
  readonly active?: boolean;
  readonly run: () => void;
}

/** A small menu placed next to a rectangle of the page (a selection, a span). */
export class PopupMenu {
  readonly element: HTMLElement;

  constructor(private readonly doc: Document, className: string) {
    this.element = el(doc, 'div', `popup ${className}`);
    this.element.hidden = true;
    this.element.setAttribute('role', 'menu');
  }

  show(anchor: DOMRect | null, title: string, items: readonly MenuItem[]): void {
    const doc = this.doc;
    this.element.replaceChildren(el(doc, 'div', 'popup__title', title));
    items.forEach((item) => {
      const entry = button(doc, '', `popup__item${item.active ? ' is-active' : ''}`, (event) => {
        event.stopPropagation();
        item.run();
      });
      entry.setAttribute('role', 'menuitem');
      entry.dataset.value = item.label;
      if (item.color) {
        const swatch = el(doc, 'span', 'swatch');
        swatch.style.background = safeColor(item.color);
        entry.append(swatch);
      }
      entry.append(el(doc, 'span', 'popup__label', item.label));
      if (item.hint) entry.append(el(doc, 'kbd', 'kbd', item.hint));
      this.element.append(entry);
    });
    this.element.hidden = false;
    const view = doc.defaultView;
    const width = this.element.offsetWidth || 200;
    const height = this.element.offsetHeight || 100;
    const viewWidth = view?.innerWidth ?? 1000;
    const viewHeight = view?.innerHeight ?? 800;
    const left = Math.max(8, Math.min((anchor?.left ?? viewWidth / 2 - width / 2), viewWidth - width - 8));
    let top = (anchor?.bottom ?? viewHeight / 3) + 8;
    if (top + height > viewHeight - 8) top = Math.max(8, (anchor?.top ?? viewHeight / 3) - height - 8);
    this.element.style.left = `${left}px`;
    this.element.style.top = `${top}px`;
  }

  hide(): void {
    this.element.hidden = true;
  }

  get open(): boolean {
    return !this.element.hidden;
  }
}

/** A modal question with a few answers; Escape or the backdrop cancels. */
export class ConfirmDialog {
  readonly element: HTMLElement;
  private onCancel: (() => void) | null = null;

  constructor(private readonly doc: Document) {
    this.element = el(doc, 'div', 'overlay');
    this.element.hidden = true;
    this.element.setAttribute('role', 'alertdialog');
    this.element.setAttribute('aria-modal', 'true');
    this.element.addEventListener('click', (event) => {
      if (event.target === this.element) this.cancel();
    });
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  /** Asks; the `primary` answer is the default: focused, so Enter takes it. `answer` names a button (`data-answer`). */
  ask(text: string, answers: readonly { label: string; primary?: boolean; answer?: string; run: () => void }[]): void {
    const doc = this.doc;
    const card = el(doc, 'div', 'overlay__card confirm');
    card.append(el(doc, 'p', 'confirm__text', text));
    const actions = el(doc, 'div', 'confirm__actions');
    for (const answer of answers) {
      const control = button(doc, answer.label, `btn ${answer.primary ? 'btn--primary' : 'btn--quiet'}`, () => {
        this.close();
        answer.run();
      });
      if (answer.answer) control.dataset.answer = answer.answer;
      actions.append(control);
    }
    const cancel = button(doc, 'Cancel', 'btn btn--quiet', () => this.cancel());
    actions.append(cancel);
    card.append(actions);
    this.element.replaceChildren(card);
    this.element.hidden = false;
    this.onCancel = null;
    (actions.querySelector('.btn--primary') as HTMLButtonElement | null)?.focus();
  }

  cancel(): void {
    this.close();
    this.onCancel?.();
  }

  private close(): void {
    this.element.hidden = true;
  }
}
