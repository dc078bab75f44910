/**
 * Cuts a long text into the parts a renderer draws separately, so an edit redraws only
 * the part it touches and the browser lays out only what is on screen.
 *
 * - A **block** is a paragraph: it ends after a run of line breaks (LF, CRLF or CR).
 *   Blocks are drawn as block elements, so a block boundary is where the text breaks
 *   a line anyway and drawing it changes nothing visible.
 * - A **chunk** is a piece of a block of about `chunkSize` code points ending after a
 *   space. Chunks are drawn as inline elements, so a long paragraph is still redrawn
 *   a piece at a time.
 *
 * No cut ever falls inside a span: a span (and every span it overlaps) lies in one
 * chunk, so a chunk can be segmented and drawn on its own. Where a span crosses a
 * possible cut, the two parts are drawn as one. Code points throughout.
 */
import type { Span, Spans } from './spans';

export interface TextCuts {
  /** Length of the text in code points. */
  readonly length: number;
  /** Where blocks may end (after a run of line breaks), ascending, each in (0, length). */
  readonly blockCuts: readonly number[];
  /** Where chunks may end inside a block (after a space), ascending, each in (0, length). */
  readonly chunkCuts: readonly number[];
}

export interface Chunk {
  readonly start: number;
  readonly end: number;
}

export interface Block {
  readonly start: number;
  readonly end: number;
  /** Index of its first chunk in `Partition.chunks`. */
  readonly firstChunk: number;
  /** Index after its last chunk. */
  readonly endChunk: number;
}

export interface Partition {
  readonly blocks: readonly Block[];
  readonly chunks: readonly Chunk[];
}

export const DEFAULT_CHUNK_SIZE = 400;

const isLineBreak = (char: string) => char === '\n' || char === '\r';
const isSpace = (char: string) => char === ' ' || char === '\t' || char === '\u00a0' || char === '\u3000';

/** The possible cuts of a text: one O(n) scan, done once per document. */
export function findCuts(text: string, options: { chunkSize?: number } = {}): TextCuts {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const blockCuts: number[] = [];
  const chunkCuts: number[] = [];
  let position = 0;
  let afterLineBreak = false;
  let afterSpace = false;
  let lastCut = 0;
  for (const char of text) {
    if (position > 0 && !isLineBreak(char)) {
      if (afterLineBreak) {
        blockCuts.push(position);
        lastCut = position;
      } else if (afterSpace && !isSpace(char) && position - lastCut >= chunkSize) {
        chunkCuts.push(position);
        lastCut = position;
      }
    }
    afterLineBreak = isLineBreak(char);
    afterSpace = isSpace(char);
    position++;
  }
  return { length: position, blockCuts, chunkCuts };
}

/** Spans that fit the text, by start (the order editor states keep them in). */
function fitting(spans: Spans, length: number): Span[] {
  const result = spans.filter((span) => span.start >= 0 && span.end <= length && span.start < span.end);
  for (let i = 1; i < result.length; i++) {
    if ((result[i - 1] as Span).start > (result[i] as Span).start) return result.sort((a, b) => a.start - b.start);
  }
  return result;
}

/** A test for "does a span cover both sides of this cut", O(log n) per cut. */
function insideSpanTest(spans: readonly Span[]): (cut: number) => boolean {
  const starts = spans.map((span) => span.start);
  const maxEnd: number[] = [];
  let running = 0;
  for (const span of spans) maxEnd.push((running = Math.max(running, span.end)));
  return (cut) => {
    // Number of spans starting before the cut.
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((starts[middle] as number) < cut) low = middle + 1;
      else high = middle;
    }
    return low > 0 && (maxEnd[low - 1] as number) > cut;
  };
}

/** Blocks and chunks of the text with the given spans: O((cuts + spans) log spans). */
export function partitionText(cuts: TextCuts, spans: Spans): Partition {
  const inside = insideSpanTest(fitting(spans, cuts.length));
  const blockEnds = cuts.blockCuts.filter((cut) => !inside(cut));
  blockEnds.push(cuts.length);
  const chunkCuts = cuts.chunkCuts.filter((cut) => !inside(cut));

  const blocks: Block[] = [];
  const chunks: Chunk[] = [];
  let start = 0;
  let nextChunkCut = 0;
  for (const end of blockEnds) {
    const firstChunk = chunks.length;
    let chunkStart = start;
    while (nextChunkCut < chunkCuts.length && (chunkCuts[nextChunkCut] as number) < end) {
      const cut = chunkCuts[nextChunkCut++] as number;
      if (cut <= chunkStart) continue;
      chunks.push({ start: chunkStart, end: cut });
      chunkStart = cut;
    }
    chunks.push({ start: chunkStart, end });
    blocks.push({ start, end, firstChunk, endChunk: chunks.length });
    start = end;
  }
  return { blocks, chunks };
}

/** Index of the part (chunk or block) containing `offset`: the last one starting at or before it. */
export function partAt(parts: readonly { readonly start: number }[], offset: number): number {
  let low = 0;
  let high = parts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((parts[middle] as { start: number }).start <= offset) low = middle + 1;
    else high = middle;
  }
  return Math.max(0, low - 1);
}

/**
 * The spans of each chunk, in the order given. Spans that do not fit in one chunk
 * (outside the text, empty) are returned apart, never drawn.
 */
export function spansByChunk(partition: Partition, spans: Spans): { byChunk: Span[][]; invalid: Span[] } {
  const byChunk: Span[][] = partition.chunks.map(() => []);
  const invalid: Span[] = [];
  const last = partition.chunks[partition.chunks.length - 1];
  const length = last ? last.end : 0;
  for (const span of spans) {
    if (!(span.start >= 0 && span.end <= length && span.start < span.end)) {
      invalid.push(span);
      continue;
    }
    const index = partAt(partition.chunks, span.start);
    const chunk = partition.chunks[index] as Chunk;
    if (span.end > chunk.end) invalid.push(span);
    else (byChunk[index] as Span[]).push(span);
  }
  return { byChunk, invalid };
}
