/**
 * Token snapping and the keyboard token cursor.
 *
 * A person's mouse selection rarely lands on word boundaries; spans that cut words in
 * half are the usual source of bad training data. A raw selection is therefore widened
 * to the whole tokens it touches (the server's spaCy tokens, in code points).
 * Whitespace is never part of a token, so a selection that starts or ends in the
 * spaces between words loses those spaces, and one made of spaces only snaps to
 * nothing. All look-ups are binary searches over the sorted token list.
 */
import type { OffsetIndex } from './offsets';

/** [start, end) of one token, in code points, as `tokens` in the document object. */
export type Token = readonly [start: number, end: number];
export type Tokens = readonly Token[];

export interface Range {
  readonly start: number;
  readonly end: number;
}

/** Index of the first token whose end is after `offset` (tokens.length if none). */
function firstEndingAfter(tokens: Tokens, offset: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((tokens[middle] as Token)[1] <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Index of the last token that starts before `offset` (-1 if none). */
function lastStartingBefore(tokens: Tokens, offset: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((tokens[middle] as Token)[0] < offset) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/**
 * spaCy emits a token for runs of extra whitespace ("a  b" gives "a", " ", "b"). Such
 * tokens must not become span boundaries or cursor stops, so the editor drops them
 * once when it loads a document.
 */
export function dropWhitespaceTokens(tokens: Tokens, offsets: OffsetIndex): Token[] {
  return tokens.filter(([start, end]) => end > start && /\S/u.test(offsets.slice(start, end)));
}

/**
 * Word and punctuation tokens found by the browser's own segmenter, for a document
 * the server sent without tokens. Coarser than spaCy's, but keeps snapping usable.
 */
export function fallbackTokens(text: string, offsets: OffsetIndex): Token[] {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
  const tokens: Token[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    if (!/\S/u.test(segment)) continue;
    tokens.push([offsets.toCodePoint(index), offsets.toCodePoint(index + segment.length)]);
  }
  return tokens;
}

/**
 * Widens [start, end) to the whole tokens it touches. Returns null when it touches
 * none (an empty selection, or one of whitespace only).
 */
export function snapToTokens(tokens: Tokens, start: number, end: number): Range | null {
  if (end <= start) return null;
  const first = firstEndingAfter(tokens, start);
  const last = lastStartingBefore(tokens, end);
  if (first > last) return null;
  return { start: (tokens[first] as Token)[0], end: (tokens[last] as Token)[1] };
}

/** Index of the token containing the character at `offset`, or -1 (whitespace, outside). */
export function tokenIndexAt(tokens: Tokens, offset: number): number {
  const index = firstEndingAfter(tokens, offset);
  const token = tokens[index];
  return token && token[0] <= offset ? index : -1;
}

/**
 * Index of the token at `offset`, or else the next one, or else the last one: where a
 * keyboard cursor starts after a click. -1 only when there are no tokens.
 */
export function tokenIndexNear(tokens: Tokens, offset: number): number {
  if (tokens.length === 0) return -1;
  return Math.min(firstEndingAfter(tokens, offset), tokens.length - 1);
}

/**
 * Keyboard selection over tokens: `anchor` stays put while shift+arrow moves `focus`,
 * as in a text editor. The selected range runs from the lower to the higher token.
 */
export interface TokenCursor {
  readonly anchor: number;
  readonly focus: number;
}

function clampIndex(tokens: Tokens, index: number): number {
  return Math.max(0, Math.min(tokens.length - 1, index));
}

export function cursorAt(tokens: Tokens, index: number): TokenCursor {
  const clamped = clampIndex(tokens, index);
  return { anchor: clamped, focus: clamped };
}

/** Code-point range a cursor selects, or null when there are no tokens. */
export function cursorRange(tokens: Tokens, cursor: TokenCursor): Range | null {
  const first = tokens[Math.min(cursor.anchor, cursor.focus)];
  const last = tokens[Math.max(cursor.anchor, cursor.focus)];
  return first && last ? { start: first[0], end: last[1] } : null;
}

/** The cursor selecting the tokens a (mouse) range touches, anchored at its start. */
export function cursorFromRange(tokens: Tokens, range: Range): TokenCursor | null {
  if (range.end <= range.start) return null;
  const first = firstEndingAfter(tokens, range.start);
  const last = lastStartingBefore(tokens, range.end);
  return first > last ? null : { anchor: first, focus: last };
}

/** ArrowRight: one token after the focus, collapsed; stays on the last token. */
export function nextToken(tokens: Tokens, cursor: TokenCursor): TokenCursor {
  return cursorAt(tokens, cursor.focus + 1);
}

/** ArrowLeft: one token before the focus, collapsed; stays on the first token. */
export function prevToken(tokens: Tokens, cursor: TokenCursor): TokenCursor {
  return cursorAt(tokens, cursor.focus - 1);
}

/** Shift+ArrowRight: moves the focus right, growing or shrinking the selection. */
export function extendRight(tokens: Tokens, cursor: TokenCursor): TokenCursor {
  return { anchor: cursor.anchor, focus: clampIndex(tokens, cursor.focus + 1) };
}

/** Shift+ArrowLeft: moves the focus left, growing or shrinking the selection. */
export function extendLeft(tokens: Tokens, cursor: TokenCursor): TokenCursor {
  return { anchor: cursor.anchor, focus: clampIndex(tokens, cursor.focus - 1) };
}

/*
 * Token boundaries next to an offset, for moving one end of a span by a token with
 * the keyboard. Each returns null when there is no such boundary.
 */

/** The largest token start before `offset`. */
export function previousTokenStart(tokens: Tokens, offset: number): number | null {
  const index = lastStartingBefore(tokens, offset);
  return index >= 0 ? (tokens[index] as Token)[0] : null;
}

/** The smallest token start after `offset`. */
export function nextTokenStart(tokens: Tokens, offset: number): number | null {
  const index = lastStartingBefore(tokens, offset + 1) + 1;
  const token = tokens[index];
  return token ? token[0] : null;
}

/** The largest token end before `offset`. */
export function previousTokenEnd(tokens: Tokens, offset: number): number | null {
  const index = firstEndingAfter(tokens, offset - 1) - 1;
  const token = tokens[index];
  return token ? token[1] : null;
}

/** The smallest token end after `offset`. */
export function nextTokenEnd(tokens: Tokens, offset: number): number | null {
  const token = tokens[firstEndingAfter(tokens, offset)];
  return token ? token[1] : null;
}
