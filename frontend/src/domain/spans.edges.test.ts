import { describe, expect, it } from 'vitest';
import {
  addSpan,
  compareSpans,
  createIdFactory,
  relabelSpan,
  resizeSpan,
  spansAt,
  spansOverlap,
  stackDepth,
  stackLevels,
  type Span,
} from './spans';

const span = (id: string, start: number, end: number, label = 'PER'): Span => ({ id, start, end, label });

describe('addSpan at the edges of reading order', () => {
  it('puts a span that sorts first at the front, not at the end', () => {
    const spans = [span('b', 5, 8), span('c', 10, 12)];
    expect(addSpan(spans, span('a', 0, 3)).map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });

  it('puts a span that sorts last at the end and one in between in its place', () => {
    const spans = [span('a', 0, 3), span('c', 10, 12)];
    expect(addSpan(spans, span('z', 20, 22)).map((s) => s.id)).toEqual(['a', 'c', 'z']);
    expect(addSpan(spans, span('b', 5, 6)).map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });

  it('adds to an empty list and leaves the input untouched', () => {
    const spans: Span[] = [];
    expect(addSpan(spans, span('a', 0, 3))).toEqual([span('a', 0, 3)]);
    expect(spans).toEqual([]);
  });

  it('refuses an id already present, naming it', () => {
    expect(() => addSpan([span('a', 0, 3)], span('a', 5, 6))).toThrow('span id a is already used');
  });
});

describe('compareSpans ties', () => {
  it('orders equal offsets by label, then by id, and calls identical spans equal', () => {
    expect(compareSpans(span('x', 0, 3, 'A'), span('a', 0, 3, 'B'))).toBeLessThan(0);
    expect(compareSpans(span('x', 0, 3, 'B'), span('a', 0, 3, 'A'))).toBeGreaterThan(0);
    expect(compareSpans(span('a', 0, 3), span('b', 0, 3))).toBeLessThan(0);
    expect(compareSpans(span('b', 0, 3), span('a', 0, 3))).toBeGreaterThan(0);
    expect(compareSpans(span('a', 0, 3), span('a', 0, 3))).toBe(0);
  });
});

describe('relabel and resize keep reading order and identity', () => {
  it('moves a resized span to its new place', () => {
    const spans = [span('a', 0, 3), span('b', 5, 8)];
    expect(resizeSpan(spans, 'a', 9, 12).map((s) => s.id)).toEqual(['b', 'a']);
  });

  it('returns the very same list for an unknown id', () => {
    const spans = [span('a', 0, 3)];
    expect(relabelSpan(spans, 'nope', 'ORG')).toBe(spans);
    expect(resizeSpan(spans, 'nope', 1, 2)).toBe(spans);
  });
});

describe('spansAt and spansOverlap at the ends of a span', () => {
  it('covers the first character and not the end offset', () => {
    const spans = [span('a', 2, 5)];
    expect(spansAt(spans, 1)).toEqual([]);
    expect(spansAt(spans, 2).map((s) => s.id)).toEqual(['a']);
    expect(spansAt(spans, 4).map((s) => s.id)).toEqual(['a']);
    expect(spansAt(spans, 5)).toEqual([]);
  });

  it('calls touching spans apart and one shared character an overlap, both ways', () => {
    expect(spansOverlap({ start: 0, end: 3 }, { start: 3, end: 5 })).toBe(false);
    expect(spansOverlap({ start: 3, end: 5 }, { start: 0, end: 3 })).toBe(false);
    expect(spansOverlap({ start: 0, end: 4 }, { start: 3, end: 5 })).toBe(true);
    expect(spansOverlap({ start: 3, end: 5 }, { start: 0, end: 4 })).toBe(true);
  });
});

describe('stackLevels', () => {
  it('puts touching spans on one level and a span inside another above it', () => {
    const levels = stackLevels([span('a', 0, 3), span('b', 3, 5), span('outer', 0, 10), span('in', 6, 7)]);
    expect(Object.fromEntries(levels)).toEqual({ outer: 0, a: 1, b: 1, in: 1 });
    expect(stackDepth(levels)).toBe(2);
  });

  it('gives an empty span a level of its own width so nothing lands on it', () => {
    const levels = stackLevels([span('empty', 4, 4), span('next', 4, 6)]);
    expect(levels.get('empty')).not.toBe(levels.get('next'));
  });

  it('has depth 0 without spans', () => {
    expect(stackDepth(stackLevels([]))).toBe(0);
  });
});

describe('createIdFactory', () => {
  it('counts up from 1 and skips every id that is taken', () => {
    const taken = new Set(['s1', 's2', 's4']);
    const next = createIdFactory('s', (id) => taken.has(id));
    expect([next(), next(), next()]).toEqual(['s3', 's5', 's6']);
    const plain = createIdFactory('r');
    expect([plain(), plain()]).toEqual(['r1', 'r2']);
  });
});

describe('more ties', () => {
  it('orders by label before id whichever way the ids go', () => {
    expect(compareSpans(span('a', 0, 3, 'B'), span('x', 0, 3, 'A'))).toBeGreaterThan(0);
    expect(compareSpans(span('x', 0, 3, 'A'), span('a', 0, 3, 'B'))).toBeLessThan(0);
  });

  it('gives two empty spans at one offset levels of their own', () => {
    const levels = stackLevels([span('a', 4, 4), span('b', 4, 4)]);
    expect(levels.get('a')).not.toBe(levels.get('b'));
  });
});
