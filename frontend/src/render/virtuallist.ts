/**
 * A list that draws only the rows in view, so a side list of thousands of spans costs
 * the same per edit as one of ten. Rows have a fixed height.
 */
import { el } from './dom';

export interface VirtualListOptions<T> {
  readonly rowHeight: number;
  /** Draws one row; called only for rows in view. */
  readonly renderRow: (item: T, index: number) => HTMLElement;
  /** Rows drawn beyond the visible ones, above and below. */
  readonly overscan?: number;
}

export class VirtualList<T> {
  readonly element: HTMLElement;
  private readonly inner: HTMLElement;
  private items: readonly T[] = [];
  private frame = 0;
  // Kept from scroll and resize events, so drawing never forces a layout.
  private viewHeight = 0;
  private scrollTop = 0;

  constructor(doc: Document, className: string, private readonly options: VirtualListOptions<T>) {
    this.element = el(doc, 'div', `vlist ${className}`);
    this.element.setAttribute('role', 'listbox');
    this.element.tabIndex = -1;
    this.inner = el(doc, 'div', 'vlist__inner');
    this.element.append(this.inner);
    this.element.addEventListener(
      'scroll',
      () => {
        this.scrollTop = this.element.scrollTop;
        this.schedule();
      },
      { passive: true },
    );
    const win = doc.defaultView;
    if (win && 'ResizeObserver' in win) {
      new win.ResizeObserver((entries) => {
        const height = entries[entries.length - 1]?.contentRect.height ?? 0;
        if (height !== this.viewHeight) {
          this.viewHeight = height;
          this.schedule();
        }
      }).observe(this.element);
    }
  }

  get length(): number {
    return this.items.length;
  }

  setItems(items: readonly T[], draw = true): void {
    this.items = items;
    if (draw) this.draw();
  }

  /** Redraws the rows in view (e.g. after the selection changed). */
  draw(): void {
    const { rowHeight, overscan = 6 } = this.options;
    this.inner.style.height = `${this.items.length * rowHeight}px`;
    // Before the list has been laid out (hidden, or in tests) draw a first screenful.
    const height = this.viewHeight || 20 * rowHeight;
    const first = Math.max(0, Math.floor(this.scrollTop / rowHeight) - overscan);
    const last = Math.min(this.items.length, Math.ceil((this.scrollTop + height) / rowHeight) + overscan);
    const rows: HTMLElement[] = [];
    for (let index = first; index < last; index++) {
      const row = this.options.renderRow(this.items[index] as T, index);
      row.style.top = `${index * rowHeight}px`;
      row.style.height = `${rowHeight}px`;
      row.dataset.index = String(index);
      rows.push(row);
    }
    this.inner.replaceChildren(...rows);
  }

  /** Scrolls so that row `index` is visible. */
  scrollToIndex(index: number): void {
    const { rowHeight } = this.options;
    const top = index * rowHeight;
    const height = this.viewHeight || 20 * rowHeight;
    let scrollTop = this.scrollTop;
    if (top < scrollTop) scrollTop = top;
    else if (top + rowHeight > scrollTop + height) scrollTop = top + rowHeight - height;
    if (scrollTop !== this.scrollTop) {
      this.scrollTop = scrollTop;
      this.element.scrollTop = scrollTop;
    }
    this.draw();
  }

  private schedule(): void {
    if (this.frame) return;
    const win = this.element.ownerDocument.defaultView;
    if (!win?.requestAnimationFrame) return this.draw();
    this.frame = win.requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }
}
