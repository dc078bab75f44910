/**
 * Draws a document's text with its spans as `<mark>` elements.
 *
 * User text only ever enters the page through text nodes (`textContent`), never as
 * HTML. Labels are shown by CSS from `data-label` (a `::after` pseudo-element), so the
 * rendered text nodes add up to exactly the document text and DOM offsets line up
 * with the text, as in displaCy.
 */
import type { OffsetIndex } from '../domain/offsets';
import { segmentText } from '../domain/segments';
import type { Span, Spans } from '../domain/spans';

export interface LabelStyle {
  readonly color: string;
}

export interface TextView {
  readonly text: string;
  readonly offsets: OffsetIndex;
  readonly spans: Spans;
  /** Colour per entity type name; a label missing here gets the default colour. */
  readonly labelStyles: ReadonlyMap<string, LabelStyle>;
}

export interface RenderedText {
  /** Spans that did not fit the text and were not drawn. */
  readonly invalid: readonly Span[];
}

const DEFAULT_COLOR = '#9e9e9e';
/** Thickness of one stacked underline, in px: one per overlapping span. */
const BAR = 3;

/** Colours come from project settings; anything but a hex colour or a plain name is ignored. */
export function safeColor(color: string | undefined): string {
  return color !== undefined && /^(#[0-9a-f]{3,8}|[a-z]+)$/i.test(color) ? color : DEFAULT_COLOR;
}

function colorOf(view: TextView, span: Span): string {
  return safeColor(view.labelStyles.get(span.label)?.color);
}

/** Replaces the content of `container` with the annotated text. */
export function renderText(container: HTMLElement, view: TextView): RenderedText {
  const doc = container.ownerDocument;
  const { segments, levels, invalid } = segmentText(view.spans, view.offsets.codePointLength);
  const fragment = doc.createDocumentFragment();

  for (const segment of segments) {
    const piece = view.offsets.slice(segment.start, segment.end);
    if (segment.spans.length === 0) {
      fragment.append(doc.createTextNode(piece));
      continue;
    }
    const mark = doc.createElement('mark');
    mark.className = 'span';
    mark.textContent = piece;
    mark.dataset.start = String(segment.start);
    mark.dataset.end = String(segment.end);
    mark.dataset.spanIds = segment.spans.map((span) => span.id).join(' ');
    const innermost = segment.spans[segment.spans.length - 1] as Span;
    mark.style.setProperty('--span-color', colorOf(view, innermost));
    // One coloured bar under the text per covering span, by stack level, so
    // overlapping spans stay readable.
    mark.style.boxShadow = segment.spans
      .map((span) => `0 ${BAR * ((levels.get(span.id) ?? 0) + 1)}px 0 ${colorOf(view, span)}`)
      .join(', ');
    if (segment.spans.some((span) => span.source === 'prediction')) mark.classList.add('span--prediction');
    if (segment.spans.length > 1) mark.classList.add('span--overlap');
    if (segment.ending.length > 0) mark.dataset.label = segment.ending.map((span) => span.label).join(' · ');
    fragment.append(mark);
  }

  container.replaceChildren(fragment);
  return { invalid };
}
