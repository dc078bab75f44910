import { describe, expect, it } from 'vitest';
import { buildOffsetIndex } from './offsets';
import {
  cursorAt,
  cursorFromRange,
  cursorRange,
  dropWhitespaceTokens,
  extendLeft,
  extendRight,
  fallbackTokens,
  nextToken,
  prevToken,
  snapToTokens,
  tokenIndexAt,
  tokenIndexNear,
  type Token,
  nextTokenEnd,
  nextTokenStart,
  previousTokenEnd,
  previousTokenStart,
} from './snapping';

// Code points: "Hello"[0,5) "  "[5,7) "world"[7,12) ","[12,13) " " "😀"[14,15) " "
// "New"[16,19) " " "York"[20,24) "!"[24,25). spaCy makes the second space a token.
const text = 'Hello  world, 😀 New York!';
const offsets = buildOffsetIndex(text);
const spacyTokens: Token[] = [
  [0, 5],
  [6, 7],
  [7, 12],
  [12, 13],
  [14, 15],
  [16, 19],
  [20, 24],
  [24, 25],
];
const tokens = dropWhitespaceTokens(spacyTokens, offsets);
const words = (range: { start: number; end: number } | null) =>
  range && offsets.slice(range.start, range.end);

describe('dropWhitespaceTokens', () => {
  it('drops spaCy whitespace tokens and empty tokens', () => {
    expect(tokens).toHaveLength(7);
    expect(tokens.map(([s, e]) => offsets.slice(s, e))).toEqual(['Hello', 'world', ',', '😀', 'New', 'York', '!']);
    expect(dropWhitespaceTokens([[3, 3]], offsets)).toEqual([]);
  });

  it('drops tokens made of tabs and line breaks', () => {
    const crlf = 'a\r\n\tb';
    expect(dropWhitespaceTokens([[0, 1], [1, 4], [4, 5]], buildOffsetIndex(crlf))).toEqual([
      [0, 1],
      [4, 5],
    ]);
  });
});

describe('snapToTokens', () => {
  it('keeps a selection already on token boundaries', () => {
    expect(words(snapToTokens(tokens, 16, 24))).toBe('New York');
  });

  it('widens a selection cutting words to the whole words', () => {
    expect(words(snapToTokens(tokens, 18, 21))).toBe('New York');
    expect(words(snapToTokens(tokens, 1, 2))).toBe('Hello');
  });

  it('drops whitespace selected before and after the words', () => {
    expect(words(snapToTokens(tokens, 15, 20))).toBe('New');
    expect(words(snapToTokens(tokens, 5, 12))).toBe('world');
    expect(words(snapToTokens(tokens, 13, 16))).toBe('😀');
  });

  it('returns null for whitespace only, for an empty selection, and for no tokens', () => {
    expect(snapToTokens(tokens, 5, 7)).toBeNull();
    expect(snapToTokens(tokens, 19, 20)).toBeNull();
    expect(snapToTokens(tokens, 17, 17)).toBeNull();
    expect(snapToTokens(tokens, 9, 8)).toBeNull();
    expect(snapToTokens([], 0, 5)).toBeNull();
  });

  it('includes punctuation attached to a word when touched', () => {
    expect(words(snapToTokens(tokens, 10, 13))).toBe('world,');
    expect(words(snapToTokens(tokens, 10, 12))).toBe('world');
  });

  it('handles selections reaching past either end of the text', () => {
    expect(words(snapToTokens(tokens, -3, 2))).toBe('Hello');
    expect(words(snapToTokens(tokens, 21, 99))).toBe('York!');
    expect(words(snapToTokens(tokens, 0, 25))).toBe(text);
  });

  it('snaps over a token of combining marks and CRLF text', () => {
    const accented = 'Cafe\u0301\r\nbar';
    const index = buildOffsetIndex(accented);
    const accentedTokens = dropWhitespaceTokens([[0, 5], [5, 7], [7, 10]], index);
    const snapped = snapToTokens(accentedTokens, 4, 6);
    expect(snapped).toEqual({ start: 0, end: 5 });
    expect(index.slice(0, 5)).toBe('Cafe\u0301');
  });
});

describe('tokenIndexAt and tokenIndexNear', () => {
  it('finds the token containing an offset, end exclusive', () => {
    expect(tokenIndexAt(tokens, 0)).toBe(0);
    expect(tokenIndexAt(tokens, 4)).toBe(0);
    expect(tokenIndexAt(tokens, 7)).toBe(1);
    expect(tokenIndexAt(tokens, 24)).toBe(6);
  });

  it('returns -1 in whitespace, outside the text, or with no tokens', () => {
    expect(tokenIndexAt(tokens, 5)).toBe(-1);
    expect(tokenIndexAt(tokens, 25)).toBe(-1);
    expect(tokenIndexAt(tokens, -1)).toBe(-1);
    expect(tokenIndexAt([], 0)).toBe(-1);
  });

  it('finds the nearest following token from whitespace', () => {
    expect(tokenIndexNear(tokens, 5)).toBe(1);
    expect(tokenIndexNear(tokens, 2)).toBe(0);
    expect(tokenIndexNear(tokens, 99)).toBe(6);
    expect(tokenIndexNear([], 3)).toBe(-1);
  });
});

describe('token cursor', () => {
  it('moves right and left one token, collapsing a selection', () => {
    let cursor = cursorAt(tokens, 0);
    cursor = nextToken(tokens, cursor);
    expect(words(cursorRange(tokens, cursor))).toBe('world');
    cursor = nextToken(tokens, { anchor: 1, focus: 4 });
    expect(cursor).toEqual({ anchor: 5, focus: 5 });
    cursor = prevToken(tokens, cursor);
    expect(words(cursorRange(tokens, cursor))).toBe('New');
  });

  it('stops at the first and the last token', () => {
    expect(prevToken(tokens, cursorAt(tokens, 0))).toEqual({ anchor: 0, focus: 0 });
    expect(nextToken(tokens, cursorAt(tokens, 6))).toEqual({ anchor: 6, focus: 6 });
    expect(cursorAt(tokens, 99)).toEqual({ anchor: 6, focus: 6 });
  });

  it('extends right and shrinks back left like shift+arrow', () => {
    let cursor = cursorAt(tokens, 4); // New
    cursor = extendRight(tokens, cursor);
    expect(words(cursorRange(tokens, cursor))).toBe('New York');
    cursor = extendRight(tokens, cursor);
    cursor = extendRight(tokens, cursor); // already at the last token
    expect(words(cursorRange(tokens, cursor))).toBe('New York!');
    cursor = extendLeft(tokens, cursor);
    expect(words(cursorRange(tokens, cursor))).toBe('New York');
  });

  it('extends left past the anchor, selecting backwards', () => {
    let cursor = cursorAt(tokens, 5); // York
    cursor = extendLeft(tokens, extendLeft(tokens, cursor));
    expect(cursor).toEqual({ anchor: 5, focus: 3 });
    expect(words(cursorRange(tokens, cursor))).toBe('😀 New York');
    expect(extendLeft(tokens, { anchor: 0, focus: 0 })).toEqual({ anchor: 0, focus: 0 });
  });

  it('starts from a mouse range and keeps extending from it', () => {
    const cursor = cursorFromRange(tokens, { start: 18, end: 21 });
    expect(cursor).toEqual({ anchor: 4, focus: 5 });
    expect(words(cursorRange(tokens, extendRight(tokens, cursor!)))).toBe('New York!');
    expect(cursorFromRange(tokens, { start: 5, end: 7 })).toBeNull();
  });

  it('selects nothing when there are no tokens', () => {
    expect(cursorRange([], cursorAt([], 0))).toBeNull();
    expect(cursorRange([], extendRight([], { anchor: 0, focus: 0 }))).toBeNull();
  });
});

describe('fallbackTokens', () => {
  it('makes word and punctuation tokens in code points, skipping whitespace', () => {
    const fallback = fallbackTokens(text, offsets);
    const found = fallback.map(([s, e]) => offsets.slice(s, e));
    expect(found).toContain('Hello');
    expect(found).toContain('York');
    expect(found).toContain('😀');
    expect(found).not.toContain(' ');
    expect(fallback.find(([s, e]) => offsets.slice(s, e) === 'York')).toEqual([20, 24]);
  });

  it('keeps a ZWJ family emoji as one token', () => {
    const family = 'hi 👨\u200d👩\u200d👧 there';
    const index = buildOffsetIndex(family);
    expect(fallbackTokens(family, index)).toEqual([
      [0, 2],
      [3, 8],
      [9, 14],
    ]);
  });
});

describe('token boundaries next to an offset', () => {
  //                 [0,3) [4,8) [9,11) [11,12)
  const tokens: Token[] = [[0, 3], [4, 8], [9, 11], [11, 12]];

  it('finds the token starts before and after', () => {
    expect(previousTokenStart(tokens, 4)).toBe(0);
    expect(previousTokenStart(tokens, 6)).toBe(4);
    expect(previousTokenStart(tokens, 0)).toBeNull();
    expect(nextTokenStart(tokens, 4)).toBe(9);
    expect(nextTokenStart(tokens, 10)).toBe(11);
    expect(nextTokenStart(tokens, 11)).toBeNull();
  });

  it('finds the token ends before and after', () => {
    expect(previousTokenEnd(tokens, 8)).toBe(3);
    expect(previousTokenEnd(tokens, 9)).toBe(8);
    expect(previousTokenEnd(tokens, 3)).toBeNull();
    expect(nextTokenEnd(tokens, 8)).toBe(11);
    expect(nextTokenEnd(tokens, 5)).toBe(8);
    expect(nextTokenEnd(tokens, 12)).toBeNull();
  });
});
