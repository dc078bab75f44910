/**
 * Draws one piece of text with its spans as `<mark>` elements (displaCy style): the text
 * nodes add up to exactly the document text, and labels are shown by CSS from
 * `data-label` (a `::after` pseudo-element), so DOM offsets line up with the text.
 * User text only ever enters the page through text nodes, never as HTML.
 */
import type { OffsetIndex } from '../domain/offsets';
import { segmentRange } from '../domain/segments';
import type { Span, Spans } from '../domain/spans';

const DEFAULT_COLOR = '#9e9e9e';
/** Thickness of one stacked underline, in px: one per overlapping span. */
export const BAR = 3;
/** Suggestions the model scored below this are drawn fainter (`span--unsure`). */
export const UNSURE_BELOW = 0.5;

/** Colours come from project settings; anything but a hex colour or a plain name is ignored. */
export function safeColor(color: string | undefined | null): string {
  return color !== undefined && color !== null && /^(#[0-9a-f]{3,8}|[a-z]+)$/i.test(color) ? color : DEFAULT_COLOR;
}

export interface ChunkText {
  /** Code-point offset where the node's text starts. */
  readonly start: number;
  readonly node: Text;
}

export interface DrawnChunk {
  readonly fragment: DocumentFragment;
  /** Every text node drawn, in order, with where it starts. */
  readonly texts: ChunkText[];
  /** The marks of each span, in order. */
  readonly marks: Map<string, HTMLElement[]>;
  /** Spans that did not fit [from, to). */
  readonly invalid: Span[];
}

export function drawChunk(
  doc: Document,
  offsets: OffsetIndex,
  spans: Spans,
  from: number,
  to: number,
  colorOf: (label: string) => string,
): DrawnChunk {
  const { segments, levels, invalid } = segmentRange(spans, from, to);
  const fragment = doc.createDocumentFragment();
  const texts: ChunkText[] = [];
  const marks = new Map<string, HTMLElement[]>();
  const color = (span: Span) => safeColor(colorOf(span.label));

  for (const segment of segments) {
    const node = doc.createTextNode(offsets.slice(segment.start, segment.end));
    texts.push({ start: segment.start, node });
    if (segment.spans.length === 0) {
      fragment.append(node);
      continue;
    }
    const mark = doc.createElement('mark');
    mark.className = 'span';
    mark.append(node);
    mark.dataset.start = String(segment.start);
    mark.dataset.end = String(segment.end);
    mark.dataset.spanIds = segment.spans.map((span) => span.id).join(' ');
    const innermost = segment.spans[segment.spans.length - 1] as Span;
    mark.style.setProperty('--span-color', color(innermost));
    // One coloured bar under the text per covering span, by stack level, so
    // overlapping spans stay readable.
    mark.style.boxShadow = segment.spans
      .map((span) => `0 ${BAR * ((levels.get(span.id) ?? 0) + 1)}px 0 ${color(span)}`)
      .join(', ');
    const predicted = segment.spans.filter((span) => span.source === 'prediction');
    if (predicted.length) mark.classList.add('span--prediction');
    // A suggestion the model was unsure of is drawn fainter (every covering suggestion scored low).
    if (predicted.length && predicted.every((span) => span.score !== undefined && span.score < UNSURE_BELOW)) {
      mark.classList.add('span--unsure');
    }
    if (segment.spans.length > 1) mark.classList.add('span--overlap');
    if (segment.ending.length > 0) mark.dataset.label = segment.ending.map((span) => span.label).join(' · ');
    for (const span of segment.spans) {
      const list = marks.get(span.id);
      if (list) list.push(mark);
      else marks.set(span.id, [mark]);
    }
    fragment.append(mark);
  }
  return { fragment, texts, marks, invalid };
}
