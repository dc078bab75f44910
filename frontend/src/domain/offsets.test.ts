import { describe, expect, it } from 'vitest';
import { buildOffsetIndex } from './offsets';

/** Reference conversion: string iteration yields code points, as Python indexes them. */
function referenceToUtf16(text: string, codePoint: number): number {
  return Array.from(text).slice(0, codePoint).join('').length;
}

function expectAgreesWithReference(text: string): void {
  const index = buildOffsetIndex(text);
  const codePoints = Array.from(text);
  expect(index.codePointLength).toBe(codePoints.length);
  expect(index.utf16Length).toBe(text.length);
  for (let cp = 0; cp <= codePoints.length; cp++) {
    const u16 = referenceToUtf16(text, cp);
    expect(index.toUtf16(cp)).toBe(u16);
    expect(index.toCodePoint(u16)).toBe(cp);
    expect(index.isUtf16Boundary(u16)).toBe(true);
  }
}

describe('buildOffsetIndex', () => {
  it('is the identity on ASCII text', () => {
    const index = buildOffsetIndex('Alice met Bob.');
    expect(index.toUtf16(6)).toBe(6);
    expect(index.toCodePoint(14)).toBe(14);
    expect(index.slice(0, 5)).toBe('Alice');
  });

  it('handles the empty text', () => {
    const index = buildOffsetIndex('');
    expect(index.codePointLength).toBe(0);
    expect(index.toUtf16(0)).toBe(0);
    expect(index.toCodePoint(0)).toBe(0);
    expect(() => index.toUtf16(1)).toThrow(RangeError);
  });

  it('counts an emoji as one code point and two UTF-16 units', () => {
    const text = 'I 😀 Paris';
    const index = buildOffsetIndex(text);
    expect(index.codePointLength).toBe(9);
    expect(text.length).toBe(10);
    // "Paris" is [4, 9) in code points (Python) and [5, 10) in UTF-16.
    expect(index.toUtf16(4)).toBe(5);
    expect(index.toUtf16(9)).toBe(10);
    expect(index.toCodePoint(5)).toBe(4);
    expect(index.slice(4, 9)).toBe('Paris');
    expect(index.slice(2, 3)).toBe('😀');
  });

  it('counts each member of a ZWJ family emoji as its own code point', () => {
    // 👨‍👩‍👧 = MAN, ZWJ, WOMAN, ZWJ, GIRL: 5 code points, 8 UTF-16 units, 1 grapheme.
    const family = '👨\u200d👩\u200d👧';
    expect(Array.from(family)).toHaveLength(5);
    const text = `a ${family} b`;
    const index = buildOffsetIndex(text);
    expect(index.codePointLength).toBe(9);
    expect(index.toUtf16(8)).toBe(11); // the "b": 2 + 8 + 1 units before it
    expect(index.slice(2, 7)).toBe(family);
    expectAgreesWithReference(text);
  });

  it('keeps CJK in the BMP one-to-one, and astral CJK as pairs', () => {
    expectAgreesWithReference('東京で会議があった。');
    // U+20BB7 (𠮷) is an astral ideograph.
    const text = '𠮷野家で食べた';
    const index = buildOffsetIndex(text);
    expect(index.toUtf16(1)).toBe(2);
    expect(index.slice(1, 3)).toBe('野家');
    expectAgreesWithReference(text);
  });

  it('counts a combining mark as its own code point', () => {
    const text = 'Caf' + 'e\u0301' + ' ok'; // "Café" with a decomposed é
    const index = buildOffsetIndex(text);
    expect(index.codePointLength).toBe(text.length);
    expect(index.slice(0, 5)).toBe('Cafe\u0301');
    expectAgreesWithReference(text);
  });

  it('counts CRLF as two code points', () => {
    const text = 'line one\r\nline 😀 two\r\n';
    const index = buildOffsetIndex(text);
    expect(index.slice(10, 14)).toBe('line');
    expect(index.toUtf16(17)).toBe(18); // after the emoji
    expectAgreesWithReference(text);
  });

  it('agrees with the reference on a mixed text', () => {
    expectAgreesWithReference('😀😀a😀\u0301b\r\n中文👍🏽x👨\u200d👩\u200d👧\u200d👦');
  });

  it('treats lone surrogates as one code point, as Python does', () => {
    const text = 'a\ud800b\udc00c';
    const index = buildOffsetIndex(text);
    expect(index.codePointLength).toBe(5);
    expect(index.toUtf16(3)).toBe(3);
    expect(index.toCodePoint(4)).toBe(4);
  });

  it('rounds an offset inside a surrogate pair down or up', () => {
    const index = buildOffsetIndex('a😀b');
    expect(index.isUtf16Boundary(2)).toBe(false);
    expect(index.toCodePoint(2)).toBe(1);
    expect(index.toCodePoint(2, 'floor')).toBe(1);
    expect(index.toCodePoint(2, 'ceil')).toBe(2);
    expect(index.toCodePoint(3, 'ceil')).toBe(2); // a boundary is not rounded
  });

  it('refuses offsets outside the text or not integers', () => {
    const index = buildOffsetIndex('a😀');
    expect(() => index.toUtf16(-1)).toThrow(RangeError);
    expect(() => index.toUtf16(3)).toThrow(RangeError);
    expect(() => index.toUtf16(0.5)).toThrow(RangeError);
    expect(() => index.toCodePoint(4)).toThrow(RangeError);
    expect(() => index.toCodePoint(Number.NaN)).toThrow(RangeError);
    expect(index.toUtf16(2)).toBe(3);
  });

  it('converts a 10,000-word document with many emoji correctly at its end', () => {
    const word = 'word😀 ';
    const text = word.repeat(10_000);
    const index = buildOffsetIndex(text);
    expect(index.codePointLength).toBe(60_000);
    expect(index.toUtf16(60_000)).toBe(70_000);
    expect(index.toCodePoint(69_993)).toBe(59_994); // start of the last word
    expect(index.slice(59_994, 59_999)).toBe('word😀');
  });
});
