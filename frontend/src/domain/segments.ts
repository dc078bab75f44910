/**
 * Cuts a text into the pieces a renderer draws: every span start and end is a cut, so
 * each piece is covered by one fixed set of spans (possibly none). With non-overlapping
 * spans each span is exactly one piece; overlapping spans share the pieces they share.
 * Code points throughout; the renderer converts each piece's ends to UTF-16 to slice.
 */
import { sortSpans, stackLevels, type Span, type Spans } from './spans';

export interface Segment {
  readonly start: number;
  readonly end: number;
  /** Spans covering the piece, by stack level (the enclosing span first). */
  readonly spans: readonly Span[];
  /** Spans whose last piece this is: where their label goes. */
  readonly ending: readonly Span[];
}

export interface Segmentation {
  readonly segments: Segment[];
  readonly levels: Map<string, number>;
  /** Spans left out because they do not fit the text: shown as an error, never drawn. */
  readonly invalid: Span[];
}

export function segmentText(spans: Spans, textLength: number): Segmentation {
  return segmentRange(spans, 0, textLength);
}

/**
 * The pieces of the part [from, to) of a text, for a renderer that draws a long text in
 * chunks. Spans must lie inside [from, to); any that do not are returned as invalid.
 */
export function segmentRange(spans: Spans, from: number, to: number): Segmentation {
  const textLength = to;
  const valid: Span[] = [];
  const invalid: Span[] = [];
  for (const span of spans) {
    const fits = Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= from && span.end <= textLength;
    (fits && span.start < span.end ? valid : invalid).push(span);
  }
  const levels = stackLevels(valid);
  const byLevel = (a: Span, b: Span) => (levels.get(a.id) ?? 0) - (levels.get(b.id) ?? 0);

  const cuts = new Set<number>([from, textLength]);
  for (const span of valid) cuts.add(span.start).add(span.end);
  const sortedCuts = [...cuts].sort((a, b) => a - b);

  // Sweep the cuts, keeping the spans open at each piece.
  const starting = sortSpans(valid);
  let next = 0;
  let open: Span[] = [];
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < sortedCuts.length; i++) {
    const start = sortedCuts[i] as number;
    const end = sortedCuts[i + 1] as number;
    open = open.filter((span) => span.end > start);
    while (next < starting.length && (starting[next] as Span).start === start) open.push(starting[next++] as Span);
    const covering = [...open].sort(byLevel);
    segments.push({ start, end, spans: covering, ending: covering.filter((span) => span.end === end) });
  }
  return { segments, levels, invalid };
}
