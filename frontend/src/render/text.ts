/**
 * Draws a whole text with its spans at once (read-only views and tests). The editor
 * draws through `TextView`, which uses the same `drawChunk` a piece at a time.
 */
import type { OffsetIndex } from '../domain/offsets';
import type { Span, Spans } from '../domain/spans';
import { drawChunk, safeColor } from './chunk';

export { safeColor };

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

/** Replaces the content of `container` with the annotated text. */
export function renderText(container: HTMLElement, view: TextView): RenderedText {
  const drawn = drawChunk(container.ownerDocument, view.offsets, view.spans, 0, view.offsets.codePointLength, (label) =>
    safeColor(view.labelStyles.get(label)?.color),
  );
  container.replaceChildren(drawn.fragment);
  return { invalid: drawn.invalid };
}
