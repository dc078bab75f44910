/**
 * The span model. Offsets are code points of the document text, end exclusive, as in
 * the API. Every helper returns a new array and leaves its input untouched, so editor
 * states can be kept whole on the undo stack and compared by reference.
 */

/** `prediction`: a model's pre-label not yet accepted; `mine`: the person's own span. */
export type SpanSource = 'prediction' | 'mine';

export interface Span {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly label: string;
  readonly score?: number;
  readonly source?: SpanSource;
}

export type Spans = readonly Span[];

/** Reading order: by start, the longer (enclosing) span first, then label and id. */
export function compareSpans(a: Span, b: Span): number {
  return (
    a.start - b.start ||
    b.end - a.end ||
    (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export function sortSpans(spans: Spans): Span[] {
  return [...spans].sort(compareSpans);
}

export function findSpan(spans: Spans, id: string): Span | undefined {
  return spans.find((span) => span.id === id);
}

/** Adds a span, keeping reading order. Refuses an id already present. */
export function addSpan(spans: Spans, span: Span): Spans {
  if (findSpan(spans, span.id)) throw new Error(`span id ${span.id} is already used`);
  const result = [...spans];
  let position = result.findIndex((other) => compareSpans(span, other) < 0);
  if (position < 0) position = result.length;
  result.splice(position, 0, span);
  return result;
}

export function removeSpan(spans: Spans, id: string): Spans {
  return spans.filter((span) => span.id !== id);
}

/** Replaces one span by `change(span)`; returns the input itself when `id` is absent. */
function updateSpan(spans: Spans, id: string, change: (span: Span) => Span): Spans {
  if (!findSpan(spans, id)) return spans;
  return sortSpans(spans.map((span) => (span.id === id ? change(span) : span)));
}

export function relabelSpan(spans: Spans, id: string, label: string): Spans {
  return updateSpan(spans, id, (span) => ({ ...span, label }));
}

export function resizeSpan(spans: Spans, id: string, start: number, end: number): Spans {
  return updateSpan(spans, id, (span) => ({ ...span, start, end }));
}

/** Spans covering the character at `offset` (start <= offset < end), in reading order. */
export function spansAt(spans: Spans, offset: number): Span[] {
  return sortSpans(spans.filter((span) => span.start <= offset && offset < span.end));
}

export function spansOverlap(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Assigns each span a stack level so that spans sharing a character never share a
 * level: level 0 is nearest the text, an enclosing span sits below what it encloses.
 * Greedy interval colouring in reading order, which uses the fewest levels possible
 * (the most spans covering any one character).
 */
export function stackLevels(spans: Spans): Map<string, number> {
  const levels = new Map<string, number>();
  // levelEnds[level] = end of the last span placed on that level.
  const levelEnds: number[] = [];
  for (const span of sortSpans(spans)) {
    let level = levelEnds.findIndex((end) => end <= span.start);
    if (level < 0) level = levelEnds.length;
    levelEnds[level] = Math.max(span.end, span.start + 1);
    levels.set(span.id, level);
  }
  return levels;
}

/** Number of levels `stackLevels` uses (0 for no spans). */
export function stackDepth(levels: ReadonlyMap<string, number>): number {
  let depth = 0;
  for (const level of levels.values()) depth = Math.max(depth, level + 1);
  return depth;
}

/**
 * Makes ids for spans and relations created in the editor. Ids only need to be unique
 * within one PUT body (the server answers with its own), so a counter suffices;
 * `isTaken` skips ids already used by what was loaded.
 */
export function createIdFactory(prefix: string, isTaken: (id: string) => boolean = () => false): () => string {
  let counter = 0;
  return () => {
    let id: string;
    do id = `${prefix}${++counter}`;
    while (isTaken(id));
    return id;
  };
}
