/**
 * The annotated text of the editor, drawn so that long documents stay fast:
 *
 * - the text is cut into blocks (paragraphs, `div`s) and chunks (inline `span`s of a
 *   few hundred characters) by `domain/blocks.ts`; after an edit only the chunks whose
 *   spans changed are drawn again, and only the blocks around them are touched;
 * - relation arcs are drawn per block, in an SVG laid over the block, and only for
 *   blocks on or near the screen (an IntersectionObserver tells which), so an edit
 *   lays out the arcs of the one block it touched;
 * - the keyboard cursor is a CSS Custom Highlight, so moving it changes no DOM.
 *
 * It also translates between DOM positions (UTF-16, nodes) and code-point offsets,
 * through the document's OffsetIndex: the one edge where the two meet.
 */
import { layoutArcs, arcPath, type SpanBox } from '../domain/arcs';
import { partitionText, partAt, spansByChunk, type TextCuts } from '../domain/blocks';
import type { DocumentState } from '../domain/edits';
import type { OffsetIndex, SurrogateRounding } from '../domain/offsets';
import type { Relation } from '../domain/relations';
import type { Span } from '../domain/spans';
import { drawChunk, safeColor, type ChunkText } from './chunk';
import { el, patchChildren, svg } from './dom';
import { FrameTask } from './frame';

export interface TextViewOptions {
  readonly text: string;
  readonly offsets: OffsetIndex;
  readonly cuts: TextCuts;
  readonly colorOf: (label: string) => string;
  readonly relationColorOf: (label: string) => string;
  /** The element that scrolls the text (IntersectionObserver root). */
  readonly scroller: HTMLElement | null;
  readonly onRelationClick: (id: string) => void;
}

interface ChunkView {
  readonly start: number;
  readonly end: number;
  readonly spans: readonly Span[];
  readonly el: HTMLElement;
  readonly texts: readonly ChunkText[];
  readonly marks: Map<string, HTMLElement[]>;
}

interface BlockView {
  readonly start: number;
  readonly end: number;
  readonly el: HTMLElement;
  readonly textEl: HTMLElement;
  readonly svg: SVGSVGElement;
  index: number;
  chunks: ChunkView[];
  relations: Relation[];
  arcsDirty: boolean;
  visible: boolean;
}

export interface Decorations {
  readonly selectedSpan: string | null;
  readonly selectedRelation: string | null;
  readonly relationHead: string | null;
  readonly relationTarget: string | null;
  /** The keyboard cursor / pending mouse selection, code points. */
  readonly cursor: { readonly start: number; readonly end: number } | null;
}

const BEFORE = -1e6;
const AFTER = 1e6;
const ARC_FONT = 11;
const labelWidth = (label: string) => Math.ceil(label.length * ARC_FONT * 0.6) + 10;
const HIGHLIGHT = 'annotator-cursor';

function sameRefs<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class TextView {
  readonly root: HTMLElement;
  /** Spans that did not fit the text at the last update. */
  invalid: Span[] = [];
  private readonly doc: Document;
  private chunks: ChunkView[] = [];
  private blocks: BlockView[] = [];
  private readonly marks = new Map<string, HTMLElement[]>();
  private readonly spanBlock = new Map<string, number>();
  private readonly blockOf = new WeakMap<Element, BlockView>();
  private readonly textStart = new WeakMap<Text, number>();
  private decorated: [string, string][] = [];
  private selectedRelation: string | null = null;
  /** Ids of the relations drawn dashed: the model's suggestions (a pending prediction at an end). */
  private suggested = new Set<string>();
  private readonly observer: IntersectionObserver | null;
  /** Draws the arcs that need it, once per frame. */
  private readonly arcFrame: FrameTask<number>;

  constructor(root: HTMLElement, private readonly options: TextViewOptions) {
    this.root = root;
    this.doc = root.ownerDocument;
    this.arcFrame = new FrameTask(this.doc.defaultView, () => this.drawDirtyArcs());
    root.classList.add('text');
    const IO = this.doc.defaultView?.IntersectionObserver;
    this.observer = IO
      ? new IO((entries) => this.onIntersect(entries), { root: options.scroller, rootMargin: '400px 0px' })
      : null;
    root.addEventListener('click', (event) => {
      const label = (event.target as Element).closest?.('[data-relation-id]');
      if (label instanceof Element && label.closest('svg')) {
        event.stopPropagation();
        this.options.onRelationClick(label.getAttribute('data-relation-id') as string);
      }
    });
  }

  /** Draws `state`, redrawing only the chunks whose spans changed. Returns how many were drawn. */
  update(state: DocumentState): number {
    const { offsets, cuts, colorOf } = this.options;
    const partition = partitionText(cuts, state.spans);
    const { byChunk, invalid } = spansByChunk(partition, state.spans);
    this.invalid = invalid;

    const previous = new Map(this.chunks.map((view) => [`${view.start}:${view.end}`, view]));
    const chunks: ChunkView[] = [];
    const created: ChunkView[] = [];
    partition.chunks.forEach((chunk, index) => {
      const key = `${chunk.start}:${chunk.end}`;
      const spans = byChunk[index] as Span[];
      const old = previous.get(key);
      if (old && sameRefs(old.spans, spans)) {
        chunks.push(old);
        previous.delete(key);
        return;
      }
      const drawn = drawChunk(this.doc, offsets, spans, chunk.start, chunk.end, colorOf);
      const element = el(this.doc, 'span', 'chunk');
      element.append(drawn.fragment);
      for (const text of drawn.texts) this.textStart.set(text.node, text.start);
      const view: ChunkView = { start: chunk.start, end: chunk.end, spans, el: element, texts: drawn.texts, marks: drawn.marks };
      chunks.push(view);
      created.push(view);
    });
    for (const gone of previous.values()) for (const id of gone.marks.keys()) this.marks.delete(id);
    for (const view of created) for (const [id, list] of view.marks) this.marks.set(id, list);
    this.chunks = chunks;

    const oldBlocks = new Map(this.blocks.map((view) => [`${view.start}:${view.end}`, view]));
    const blocks: BlockView[] = partition.blocks.map((block, index) => {
      const key = `${block.start}:${block.end}`;
      const view = oldBlocks.get(key) ?? this.createBlock(block.start, block.end);
      oldBlocks.delete(key);
      view.index = index;
      const mine = chunks.slice(block.firstChunk, block.endChunk);
      if (!sameRefs(view.chunks, mine)) {
        patchChildren(view.textEl, mine.map((chunk) => chunk.el));
        view.chunks = mine;
        view.arcsDirty = true;
      }
      for (const chunk of mine) for (const span of chunk.spans) this.spanBlock.set(span.id, index);
      return view;
    });
    for (const gone of oldBlocks.values()) this.observer?.unobserve(gone.el);
    if (!sameRefs(this.blocks, blocks)) patchChildren(this.root, blocks.map((view) => view.el));
    this.blocks = blocks;

    // Suggested relations (a pending prediction at an end) are drawn dashed: when that changes
    // (a span accepted) the arcs are drawn again though the relations are the same.
    const pending = new Set(state.spans.filter((span) => span.source === 'prediction').map((span) => span.id));
    const suggested = new Set(state.relations.filter((r) => pending.has(r.head) || pending.has(r.child)).map((r) => r.id));
    const suggestedChanged = suggested.size !== this.suggested.size || [...suggested].some((id) => !this.suggested.has(id));
    this.suggested = suggested;
    // Which relations each block draws: those with a span in it.
    const perBlock: Relation[][] = blocks.map(() => []);
    for (const relation of state.relations) {
      const head = this.spanBlock.get(relation.head);
      const child = this.spanBlock.get(relation.child);
      if (head === undefined || child === undefined || !this.marks.has(relation.head) || !this.marks.has(relation.child)) continue;
      perBlock[head]?.push(relation);
      if (child !== head) perBlock[child]?.push(relation);
    }
    blocks.forEach((view, index) => {
      const relations = perBlock[index] as Relation[];
      if (!sameRefs(view.relations, relations) || suggestedChanged) {
        view.relations = relations;
        view.arcsDirty = true;
      }
    });
    this.scheduleArcs();
    return created.length;
  }

  private createBlock(start: number, end: number): BlockView {
    const element = el(this.doc, 'div', 'block');
    const textEl = el(this.doc, 'div', 'block__text');
    const overlay = svg(this.doc, 'svg', { class: 'block__arcs', 'aria-hidden': 'false' });
    element.append(textEl, overlay);
    const view: BlockView = { start, end, el: element, textEl, svg: overlay, index: 0, chunks: [], relations: [], arcsDirty: true, visible: !this.observer };
    this.blockOf.set(element, view);
    this.observer?.observe(element);
    return view;
  }

  private onIntersect(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const view = this.blockOf.get(entry.target);
      if (view) view.visible = entry.isIntersecting;
    }
    this.scheduleArcs();
  }

  /** Marks every block's arcs for redrawing (after a resize). */
  invalidateArcs(): void {
    for (const view of this.blocks) view.arcsDirty = true;
    this.scheduleArcs();
  }

  private scheduleArcs(): void {
    this.arcFrame.schedule();
  }

  /** Draws the arcs of every visible block that needs it, now. */
  flushArcs(): number {
    return this.arcFrame.flush();
  }

  private drawDirtyArcs(): number {
    let drawn = 0;
    for (const view of this.blocks) {
      if (view.arcsDirty && view.visible) {
        this.drawArcs(view);
        drawn++;
      }
    }
    return drawn;
  }

  private drawArcs(view: BlockView): void {
    view.arcsDirty = false;
    const overlay = view.svg;
    if (view.relations.length === 0) {
      overlay.replaceChildren();
      return;
    }
    const blockRect = view.el.getBoundingClientRect();
    const boxes = new Map<string, SpanBox>();
    for (const relation of view.relations) {
      for (const id of [relation.head, relation.child]) {
        if (boxes.has(id)) continue;
        const block = this.spanBlock.get(id) ?? view.index;
        if (block !== view.index) {
          boxes.set(id, { x: 0, y: block < view.index ? BEFORE : AFTER, width: 0 });
          continue;
        }
        const rect = this.marks.get(id)?.[0]?.getClientRects()[0];
        if (rect) boxes.set(id, { x: rect.left - blockRect.left, y: Math.round(rect.top - blockRect.top), width: rect.width });
      }
    }
    const { arcs } = layoutArcs(boxes, view.relations, {
      levelHeight: 10,
      baseGap: 3,
      minGap: 6,
      lineStart: 0,
      lineEnd: blockRect.width,
      labelWidth,
    });
    const byId = new Map(view.relations.map((relation) => [relation.id, relation]));
    const real = (y: number) => y > BEFORE / 10 && y < AFTER / 10;
    const fragment = this.doc.createDocumentFragment();
    for (const arc of arcs) {
      const relation = byId.get(arc.relationId) as Relation;
      const color = safeColor(this.options.relationColorOf(arc.label));
      const group = svg(this.doc, 'g', { class: 'arc', 'data-relation-id': arc.relationId });
      group.style.setProperty('--arc-color', color);
      if (arc.relationId === this.selectedRelation) group.classList.add('is-selected');
      if (this.suggested.has(arc.relationId)) group.classList.add('arc--suggested');
      for (const segment of arc.segments) {
        if (real(segment.y)) group.append(svg(this.doc, 'path', { d: arcPath(segment), class: 'arc__line' }));
      }
      const child = boxes.get(relation.child);
      if (child && real(child.y)) {
        const x = child.x + child.width / 2;
        const y = child.y;
        group.append(svg(this.doc, 'polygon', { points: `${x - 4},${y - 6} ${x + 4},${y - 6} ${x},${y}`, class: 'arc__head' }));
      }
      if (real(arc.labelY)) {
        const width = labelWidth(arc.label);
        const tag = svg(this.doc, 'g', { class: 'arc__label', 'data-relation-id': arc.relationId });
        tag.append(svg(this.doc, 'rect', { x: arc.labelX - width / 2, y: arc.labelY - 7, width, height: 14, rx: 3 }));
        const text = svg(this.doc, 'text', { x: arc.labelX, y: arc.labelY + 4, 'text-anchor': 'middle' });
        text.textContent = arc.label;
        tag.append(text);
        group.append(tag);
      }
      fragment.append(group);
    }
    overlay.replaceChildren(fragment);
  }

  /** Sets the classes that show the selection and the relation being drawn, and the cursor. */
  decorate(decorations: Decorations): void {
    for (const [id, cls] of this.decorated) for (const mark of this.marks.get(id) ?? []) mark.classList.remove(cls);
    const wanted: [string, string][] = [];
    if (decorations.selectedSpan) wanted.push([decorations.selectedSpan, 'is-selected']);
    if (decorations.relationHead) wanted.push([decorations.relationHead, 'is-head']);
    if (decorations.relationTarget) wanted.push([decorations.relationTarget, 'is-target']);
    for (const [id, cls] of wanted) for (const mark of this.marks.get(id) ?? []) mark.classList.add(cls);
    this.decorated = wanted;

    if (decorations.selectedRelation !== this.selectedRelation) {
      for (const group of this.root.querySelectorAll('g.arc.is-selected')) group.classList.remove('is-selected');
      this.selectedRelation = decorations.selectedRelation;
      if (this.selectedRelation) {
        for (const group of this.root.querySelectorAll('g.arc')) {
          if (group.getAttribute('data-relation-id') === this.selectedRelation) group.classList.add('is-selected');
        }
      }
    }
    this.setCursor(decorations.cursor);
  }

  private setCursor(cursor: Decorations['cursor']): void {
    const win = this.doc.defaultView as (Window & { Highlight?: typeof Highlight }) | null;
    const registry = typeof CSS !== 'undefined' ? (CSS as unknown as { highlights?: HighlightRegistry }).highlights : undefined;
    if (!registry || !win?.Highlight) return;
    const range = cursor ? this.rangeOf(cursor.start, cursor.end) : null;
    if (range) registry.set(HIGHLIGHT, new win.Highlight(range));
    else registry.delete(HIGHLIGHT);
  }

  /** The spans covering the clicked mark, enclosing first, or null outside any mark. */
  spanIdsAt(target: EventTarget | null): string[] | null {
    const mark = target instanceof Element ? target.closest('mark.span') : null;
    if (!mark || !this.root.contains(mark)) return null;
    return (mark as HTMLElement).dataset.spanIds?.split(' ').filter(Boolean) ?? null;
  }

  firstMark(spanId: string): HTMLElement | undefined {
    return this.marks.get(spanId)?.[0];
  }

  /** Scrolls the span into view if it is not. */
  reveal(spanId: string): void {
    const mark = this.firstMark(spanId);
    if (mark && typeof mark.scrollIntoView === 'function') mark.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  /** Code-point offset of a DOM position inside the text, or null when it is not in the text. */
  offsetAt(node: Node, offset: number, rounding: SurrogateRounding = 'floor'): number | null {
    const { offsets } = this.options;
    if (node.nodeType === Node.TEXT_NODE) {
      const start = this.textStart.get(node as Text);
      if (start === undefined) return this.offsetByOrder(node, offset);
      return offsets.toCodePoint(offsets.toUtf16(start) + offset, rounding);
    }
    const element = node as Element;
    if (element.matches?.('mark.span')) {
      const text = element.firstChild as Text | null;
      const start = text ? this.textStart.get(text) : undefined;
      if (start === undefined || !text) return null;
      return offset === 0 ? start : offsets.toCodePoint(offsets.toUtf16(start) + text.length);
    }
    if (element.matches?.('span.chunk')) {
      const child = element.childNodes[offset];
      if (!child) return this.chunks.find((view) => view.el === element)?.end ?? null;
      return this.offsetAt(child, 0);
    }
    return this.offsetByOrder(node, offset);
  }

  /** Offset of a point between chunks (a block, the root, ...): the start of the next chunk. */
  private offsetByOrder(node: Node, offset: number): number | null {
    if (!this.root.contains(node) || this.chunks.length === 0) return null;
    const range = this.doc.createRange();
    let low = 0;
    let high = this.chunks.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      range.selectNodeContents((this.chunks[middle] as ChunkView).el);
      // 1: the point is after the chunk's contents.
      if (range.comparePoint(node, offset) > 0) low = middle + 1;
      else high = middle;
    }
    const next = this.chunks[low];
    return next ? next.start : (this.chunks[this.chunks.length - 1] as ChunkView).end;
  }

  /**
   * A DOM Range over [start, end) code points, or null when the text has none there.
   * Its ends stay inside the text nodes of the range, so it never takes in a label
   * drawn after a span that ends where the range ends.
   */
  rangeOf(start: number, end: number): Range | null {
    const from = this.pointAt(start, 'after');
    const to = this.pointAt(end, end > start ? 'before' : 'after');
    if (!from || !to) return null;
    const range = this.doc.createRange();
    range.setStart(from[0], from[1]);
    range.setEnd(to[0], to[1]);
    return range;
  }

  /** The DOM point at a code-point offset: in the node after it, or the node before it. */
  private pointAt(offset: number, bias: 'before' | 'after'): [Text, number] | null {
    if (this.chunks.length === 0) return null;
    const view = this.chunks[partAt(this.chunks, bias === 'before' && offset > 0 ? offset - 1 : offset)] as ChunkView;
    const { offsets } = this.options;
    for (let i = view.texts.length - 1; i >= 0; i--) {
      const text = view.texts[i] as ChunkText;
      if (text.start < offset || (text.start === offset && (bias === 'after' || i === 0))) {
        const units = offsets.toUtf16(Math.min(offset, view.end)) - offsets.toUtf16(text.start);
        return [text.node, Math.min(units, text.node.length)];
      }
    }
    return null;
  }

  /**
   * Shows drag handles at the two ends of a span (or removes them). Reads the layout:
   * call it when the layout is up to date anyway (in a frame callback).
   */
  placeHandles(spanId: string | null): void {
    for (const handle of this.root.querySelectorAll('.handle')) handle.remove();
    const marks = spanId ? this.marks.get(spanId) : undefined;
    const first = marks?.[0];
    const last = marks?.[marks.length - 1];
    const block = first?.closest('.block') as HTMLElement | null;
    if (!spanId || !first || !last || !block) return;
    const range = this.rangeOf(Number(first.dataset.start), Number(last.dataset.end));
    // (jsdom, in tests, has no layout and no Range.getClientRects.)
    const rects = range && typeof range.getClientRects === 'function' ? [...range.getClientRects()].filter((rect) => rect.width > 0 || rect.height > 0) : [];
    const start = rects[0];
    const end = rects[rects.length - 1];
    if (!start || !end) return;
    const origin = block.getBoundingClientRect();
    for (const [edge, x, rect] of [['start', start.left, start], ['end', end.right, end]] as const) {
      const handle = el(this.doc, 'span', `handle handle--${edge}`);
      handle.dataset.edge = edge;
      handle.dataset.spanId = spanId;
      handle.title = edge === 'start' ? 'Drag to move the start' : 'Drag to move the end';
      handle.style.left = `${x - origin.left}px`;
      handle.style.top = `${rect.top - origin.top}px`;
      handle.style.height = `${rect.height}px`;
      block.append(handle);
    }
  }

  /** How many chunks and blocks are drawn (for tests and measurements). */
  stats(): { chunks: number; blocks: number; marks: number } {
    return { chunks: this.chunks.length, blocks: this.blocks.length, marks: this.marks.size };
  }

  destroy(): void {
    this.observer?.disconnect();
  }
}
