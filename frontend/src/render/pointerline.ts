/**
 * While a relation's child is being picked: a line from the head span to the pointer. An SVG
 * over the whole window (fixed, not in the way of clicks), drawn in the window's coordinates.
 */
import { svg } from './dom';

export class PointerLine {
  readonly element: SVGSVGElement;
  private readonly line: SVGLineElement;

  constructor(doc: Document) {
    this.element = svg(doc, 'svg', { class: 'pointer-line', 'aria-hidden': 'true' });
    this.line = svg(doc, 'line', { class: 'pointer-line__line' });
    this.element.append(this.line);
    this.hide();
  }

  /** From the middle of the head's box (its top edge) to the pointer at (x, y). */
  show(from: DOMRect, x: number, y: number): void {
    const startX = from.left + from.width / 2;
    const startY = y < from.top ? from.top : from.bottom;
    this.line.setAttribute('x1', String(startX));
    this.line.setAttribute('y1', String(startY));
    this.line.setAttribute('x2', String(x));
    this.line.setAttribute('y2', String(y));
    this.element.style.display = '';
  }

  hide(): void {
    this.element.style.display = 'none';
  }

  get visible(): boolean {
    return this.element.style.display !== 'none';
  }
}
