import { describe, expect, it } from 'vitest';
import { buildOffsetIndex } from './offsets';

// Code units at the very edges of the surrogate ranges.
const HIGH_FIRST = '\ud800';
const HIGH_LAST = '\udbff';
const LOW_FIRST = '\udc00';
const LOW_LAST = '\udfff';

describe('surrogate pairs at the edges of the surrogate ranges', () => {
  it.each([
    ['U+10000', HIGH_FIRST + LOW_FIRST],
    ['U+103FF', HIGH_FIRST + LOW_LAST],
    ['U+10FC00', HIGH_LAST + LOW_FIRST],
    ['U+10FFFF', HIGH_LAST + LOW_LAST],
  ])('%s counts as one code point', (_name, pair) => {
    const text = `a${pair}b`;
    expect([...text].length).toBe(3);
    const index = buildOffsetIndex(text);
    expect(index.codePointLength).toBe(3);
    expect(index.toUtf16(2)).toBe(3);
    expect(index.toCodePoint(2)).toBe(1);
    expect(index.toCodePoint(2, 'ceil')).toBe(2);
    expect(index.isUtf16Boundary(2)).toBe(false);
    expect(index.slice(1, 2)).toBe(pair);
  });

  it('treats the units just outside the ranges as ordinary characters', () => {
    const text = '\ud7ff\ue000x';
    const index = buildOffsetIndex(text);
    expect(index.codePointLength).toBe(3);
    expect(index.toUtf16(2)).toBe(2);
  });
});

describe('lone surrogates count as one character, as in Python', () => {
  it.each([
    ['a lone high surrogate at the end', `ab${HIGH_FIRST}`, 3],
    ['a lone low surrogate at the start', `${LOW_LAST}ab`, 3],
    ['a low before a high (not a pair)', `${LOW_FIRST}${HIGH_LAST}`, 2],
    ['two highs in a row', `${HIGH_FIRST}${HIGH_LAST}x`, 3],
    ['a high followed by an ordinary character', `${HIGH_LAST}x`, 2],
  ])('%s', (_name, text, length) => {
    const index = buildOffsetIndex(text);
    expect(index.codePointLength).toBe(length);
    expect(index.utf16Length).toBe(length);
    for (let offset = 0; offset <= length; offset++) {
      expect(index.toUtf16(offset)).toBe(offset);
      expect(index.toCodePoint(offset)).toBe(offset);
      expect(index.toCodePoint(offset, 'ceil')).toBe(offset);
      expect(index.isUtf16Boundary(offset)).toBe(true);
    }
  });

  it('pairs a high surrogate with the low one after a lone high', () => {
    const text = `${HIGH_FIRST}${HIGH_LAST}${LOW_FIRST}z`;
    const index = buildOffsetIndex(text);
    expect(index.codePointLength).toBe(3);
    expect(index.toUtf16(2)).toBe(3);
    expect(index.isUtf16Boundary(2)).toBe(false);
    expect(index.slice(1, 2)).toBe(HIGH_LAST + LOW_FIRST);
  });
});

describe('many astral characters', () => {
  it('converts at every offset both ways, whatever their number', () => {
    const text = 'a😀b😀😀c👩‍💻d';
    const index = buildOffsetIndex(text);
    const units: number[] = [];
    let unit = 0;
    for (const character of text) {
      units.push(unit);
      unit += character.length;
    }
    units.push(unit);
    expect(index.codePointLength).toBe(units.length - 1);
    units.forEach((utf16, codePoint) => {
      expect(index.toUtf16(codePoint)).toBe(utf16);
      expect(index.toCodePoint(utf16)).toBe(codePoint);
      expect(index.isUtf16Boundary(utf16)).toBe(true);
    });
  });
});

describe('offsets outside the text', () => {
  it('names the offset, the unit and the range', () => {
    const index = buildOffsetIndex('a😀');
    expect(() => index.toUtf16(3)).toThrow(new RangeError('code-point offset 3 is outside the text (0..2)'));
    expect(() => index.toUtf16(-1)).toThrow(RangeError);
    expect(() => index.toUtf16(0.5)).toThrow(RangeError);
    expect(() => index.toCodePoint(4)).toThrow(new RangeError('UTF-16 offset 4 is outside the text (0..3)'));
    expect(() => index.isUtf16Boundary(-1)).toThrow(RangeError);
    expect(index.toUtf16(2)).toBe(3);
    expect(index.toCodePoint(3)).toBe(2);
  });

  it('accepts 0 on the empty text', () => {
    const index = buildOffsetIndex('');
    expect([index.codePointLength, index.utf16Length, index.toUtf16(0), index.toCodePoint(0)]).toEqual([0, 0, 0, 0]);
    expect(index.slice(0, 0)).toBe('');
  });
});

describe('characters next to the surrogate ranges never pair up', () => {
  it.each([
    ['an ordinary character before a lone low surrogate', `a${LOW_FIRST}`],
    ['U+E000 before a lone low surrogate', `\ue000${LOW_FIRST}`],
    ['a lone high surrogate before U+E000', `${HIGH_FIRST}\ue000`],
    ['a lone high surrogate before U+FFFF', `${HIGH_LAST}\uffff`],
  ])('%s: two code points', (_name, text) => {
    const index = buildOffsetIndex(text);
    expect(index.codePointLength).toBe(2);
    expect(index.isUtf16Boundary(1)).toBe(true);
  });

  it('names the unit in the error of a boundary check outside the text', () => {
    expect(() => buildOffsetIndex('ab').isUtf16Boundary(3)).toThrow(
      new RangeError('UTF-16 offset 3 is outside the text (0..2)'),
    );
  });
});
