import { describe, expect, it } from 'vitest';
import {
  cursorFromRange,
  cursorRange,
  nextTokenEnd,
  nextTokenStart,
  previousTokenEnd,
  previousTokenStart,
  snapToTokens,
  tokenIndexAt,
  tokenIndexNear,
  type Tokens,
} from './snapping';

// "Ann  met 😀 Bob": tokens in code points.
const tokens: Tokens = [
  [0, 3],
  [5, 8],
  [9, 10],
  [11, 14],
];

describe('an empty range is no selection', () => {
  it('yields no cursor, whatever token it sits in', () => {
    expect(cursorFromRange(tokens, { start: 1, end: 1 })).toBeNull();
    expect(cursorFromRange(tokens, { start: 6, end: 6 })).toBeNull();
    expect(cursorFromRange(tokens, { start: 6, end: 5 })).toBeNull();
    expect(snapToTokens(tokens, 6, 6)).toBeNull();
  });

  it('a one-character range inside a token yields that token', () => {
    expect(cursorFromRange(tokens, { start: 6, end: 7 })).toEqual({ anchor: 1, focus: 1 });
    expect(snapToTokens(tokens, 6, 7)).toEqual({ start: 5, end: 8 });
  });

  it('a range of whitespace only yields nothing; one touching a token edge yields just that token', () => {
    expect(cursorFromRange(tokens, { start: 3, end: 5 })).toBeNull();
    expect(cursorFromRange(tokens, { start: 2, end: 5 })).toEqual({ anchor: 0, focus: 0 });
    expect(cursorFromRange(tokens, { start: 3, end: 6 })).toEqual({ anchor: 1, focus: 1 });
    expect(cursorRange(tokens, { anchor: 3, focus: 1 })).toEqual({ start: 5, end: 14 });
  });
});

describe('token look-ups at token edges', () => {
  it('finds the token at its first character but not at its end', () => {
    expect(tokenIndexAt(tokens, 5)).toBe(1);
    expect(tokenIndexAt(tokens, 8)).toBe(-1);
    expect(tokenIndexAt(tokens, 14)).toBe(-1);
    expect(tokenIndexNear(tokens, 8)).toBe(2);
    expect(tokenIndexNear(tokens, 99)).toBe(3);
    expect(tokenIndexNear([], 0)).toBe(-1);
  });

  it('moves span edges by whole tokens, stopping at the first and last', () => {
    expect(previousTokenStart(tokens, 5)).toBe(0);
    expect(previousTokenStart(tokens, 6)).toBe(5);
    expect(previousTokenStart(tokens, 0)).toBeNull();
    expect(nextTokenStart(tokens, 5)).toBe(9);
    expect(nextTokenStart(tokens, 4)).toBe(5);
    expect(nextTokenStart(tokens, 11)).toBeNull();
    expect(previousTokenEnd(tokens, 8)).toBe(3);
    expect(previousTokenEnd(tokens, 9)).toBe(8);
    expect(previousTokenEnd(tokens, 3)).toBeNull();
    expect(nextTokenEnd(tokens, 8)).toBe(10);
    expect(nextTokenEnd(tokens, 7)).toBe(8);
    expect(nextTokenEnd(tokens, 14)).toBeNull();
  });
});

describe('a cursor left over from a longer token list', () => {
  it('selects nothing instead of failing', () => {
    expect(cursorRange(tokens, { anchor: 1, focus: 9 })).toBeNull();
    expect(cursorRange(tokens, { anchor: 9, focus: 1 })).toBeNull();
    expect(cursorRange([], { anchor: 0, focus: 0 })).toBeNull();
  });
});
