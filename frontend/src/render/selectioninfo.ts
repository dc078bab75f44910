/**
 * The line above the text that says what is selected and which keys act on it
 * (the words come from domain/hints.ts). DOM only; every string goes in as text.
 */
import type { SelectionHint } from '../domain/hints';
import { el } from './dom';

export class SelectionLine {
  readonly element: HTMLElement;

  constructor(
    private readonly doc: Document,
    private readonly colorOf: (label: string) => string,
  ) {
    this.element = el(doc, 'div', 'selection-info');
    this.element.setAttribute('aria-live', 'polite');
  }

  show(hint: SelectionHint): void {
    const doc = this.doc;
    const line = this.element;
    line.replaceChildren();
    line.classList.toggle('selection-info--mode', hint.kind === 'mode');
    switch (hint.kind) {
      case 'mode': {
        line.append(el(doc, 'strong', 'selection-info__mode', hint.text));
        if (hint.label) {
          const tag = el(doc, 'span', 'tag', hint.label);
          tag.style.setProperty('--span-color', this.colorOf(hint.label));
          line.append(' ', tag);
        }
        line.append(el(doc, 'span', 'selection-info__hint', ` · ${hint.hint}`));
        return;
      }
      case 'span': {
        const tag = el(doc, 'span', 'tag', hint.label);
        tag.style.setProperty('--span-color', this.colorOf(hint.label));
        line.append(tag, ' ', el(doc, 'q', '', hint.text));
        if (hint.origin !== null) line.append(el(doc, 'span', 'selection-info__origin', ` · ${hint.origin}`));
        line.append(el(doc, 'span', 'selection-info__hint', ` · ${hint.hint}`));
        return;
      }
      case 'relation':
        line.append(
          el(doc, 'q', '', hint.head),
          ` —${hint.label}→ `,
          el(doc, 'q', '', hint.child),
          el(doc, 'span', 'selection-info__hint', ` · ${hint.hint}`),
        );
        return;
      case 'none':
        line.append(el(doc, 'span', 'selection-info__hint', hint.hint));
        return;
      case 'empty':
        return;
    }
  }
}
