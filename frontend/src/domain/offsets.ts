/**
 * Conversion between code-point offsets and UTF-16 offsets.
 *
 * The API, the database and every export count Unicode code points (Python `str`
 * indices); JavaScript strings, DOM selections and `Range`s count UTF-16 code units.
 * The two differ only at characters outside the Basic Multilingual Plane (emoji,
 * rare CJK, ...), each of which is one code point but two UTF-16 units. This module
 * is the one place that converts; everything else in the editor works in code points.
 *
 * The index stores only the positions of those astral characters, so a text without
 * any converts in O(1) and one with k of them in O(log k), after one O(n) scan.
 *
 * A lone surrogate (possible in a Python str decoded from JSON "\ud800") is one code
 * point in Python and one unit in JavaScript, so it counts as an ordinary character.
 */

/** How to resolve a UTF-16 offset that falls between the two halves of a surrogate pair. */
export type SurrogateRounding = 'floor' | 'ceil';

export interface OffsetIndex {
  /** Length of the text in code points (what Python's `len()` says). */
  readonly codePointLength: number;
  /** Length of the text in UTF-16 units (what JavaScript's `.length` says). */
  readonly utf16Length: number;
  /** Code-point offset -> UTF-16 offset. Throws RangeError outside [0, codePointLength]. */
  toUtf16(codePointOffset: number): number;
  /**
   * UTF-16 offset -> code-point offset. Throws RangeError outside [0, utf16Length].
   * An offset inside a surrogate pair rounds down (`floor`, default: the character
   * it splits is excluded) or up (`ceil`: included).
   */
  toCodePoint(utf16Offset: number, rounding?: SurrogateRounding): number;
  /** False when the UTF-16 offset splits a surrogate pair. */
  isUtf16Boundary(utf16Offset: number): boolean;
  /** The substring between two code-point offsets. */
  slice(codePointStart: number, codePointEnd: number): string;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Number of entries of the sorted `values` that are strictly less than `target`. */
function countLessThan(values: Uint32Array, target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] as number) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

function checkOffset(offset: number, max: number, unit: string): void {
  if (!Number.isInteger(offset) || offset < 0 || offset > max) {
    throw new RangeError(`${unit} offset ${offset} is outside the text (0..${max})`);
  }
}

export function buildOffsetIndex(text: string): OffsetIndex {
  // Code-point index of each astral character, and the UTF-16 index where it starts.
  const astralCodePoints: number[] = [];
  const astralUtf16Starts: number[] = [];
  let codePoint = 0;
  for (let unit = 0; unit < text.length; unit++, codePoint++) {
    if (
      isHighSurrogate(text.charCodeAt(unit)) &&
      unit + 1 < text.length &&
      isLowSurrogate(text.charCodeAt(unit + 1))
    ) {
      astralCodePoints.push(codePoint);
      astralUtf16Starts.push(unit);
      unit++;
    }
  }
  const codePointLength = codePoint;
  const utf16Length = text.length;
  const byCodePoint = Uint32Array.from(astralCodePoints);
  const byUtf16 = Uint32Array.from(astralUtf16Starts);

  function toUtf16(codePointOffset: number): number {
    checkOffset(codePointOffset, codePointLength, 'code-point');
    // Every astral character before the offset adds one extra unit.
    return codePointOffset + countLessThan(byCodePoint, codePointOffset);
  }

  function toCodePoint(utf16Offset: number, rounding: SurrogateRounding = 'floor'): number {
    checkOffset(utf16Offset, utf16Length, 'UTF-16');
    const startedBefore = countLessThan(byUtf16, utf16Offset);
    const codePointFloor = utf16Offset - startedBefore;
    const splitsPair =
      startedBefore > 0 && (byUtf16[startedBefore - 1] as number) + 1 === utf16Offset;
    return splitsPair && rounding === 'ceil' ? codePointFloor + 1 : codePointFloor;
  }

  function isUtf16Boundary(utf16Offset: number): boolean {
    checkOffset(utf16Offset, utf16Length, 'UTF-16');
    const startedBefore = countLessThan(byUtf16, utf16Offset);
    return !(startedBefore > 0 && (byUtf16[startedBefore - 1] as number) + 1 === utf16Offset);
  }

  function slice(codePointStart: number, codePointEnd: number): string {
    return text.slice(toUtf16(codePointStart), toUtf16(codePointEnd));
  }

  return { codePointLength, utf16Length, toUtf16, toCodePoint, isUtf16Boundary, slice };
}
