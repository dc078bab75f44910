import { describe, expect, it } from 'vitest';
import {
  addSpan,
  compareSpans,
  createIdFactory,
  findSpan,
  relabelSpan,
  removeSpan,
  resizeSpan,
  sortSpans,
  spansAt,
  spansOverlap,
  stackDepth,
  stackLevels,
  type Span,
} from './spans';

const alice: Span = { id: 'a', start: 0, end: 5, label: 'PER' };
const paris: Span = { id: 'p', start: 14, end: 19, label: 'LOC' };
const bob: Span = { id: 'b', start: 10, end: 13, label: 'PER' };

describe('compareSpans and sortSpans', () => {
  it('orders by start, then the enclosing span first, then label and id', () => {
    const inner: Span = { id: 'i', start: 0, end: 3, label: 'X' };
    const outer: Span = { id: 'o', start: 0, end: 9, label: 'X' };
    const sameB: Span = { id: 'z', start: 0, end: 3, label: 'B' };
    const sameA: Span = { id: 'y', start: 0, end: 3, label: 'B' };
    expect(sortSpans([inner, paris, sameB, outer, sameA]).map((s) => s.id)).toEqual([
      'o',
      'y',
      'z',
      'i',
      'p',
    ]);
    expect(compareSpans(alice, alice)).toBe(0);
  });

  it('does not modify its input', () => {
    const input = [paris, alice];
    sortSpans(input);
    expect(input).toEqual([paris, alice]);
  });
});

describe('addSpan', () => {
  it('inserts in reading order without touching the input', () => {
    const before = [alice, paris];
    const after = addSpan(before, bob);
    expect(after.map((s) => s.id)).toEqual(['a', 'b', 'p']);
    expect(before.map((s) => s.id)).toEqual(['a', 'p']);
  });

  it('appends at the end and into an empty list', () => {
    expect(addSpan([], alice)).toEqual([alice]);
    expect(addSpan([alice], paris).map((s) => s.id)).toEqual(['a', 'p']);
  });

  it('refuses an id already present', () => {
    expect(() => addSpan([alice], { ...bob, id: 'a' })).toThrow(/already used/);
  });
});

describe('removeSpan, relabelSpan, resizeSpan', () => {
  const spans = [alice, bob, paris];

  it('removes by id and ignores an unknown id', () => {
    expect(removeSpan(spans, 'b').map((s) => s.id)).toEqual(['a', 'p']);
    expect(removeSpan(spans, 'nope')).toEqual(spans);
  });

  it('relabels one span and keeps the others identical', () => {
    const after = relabelSpan(spans, 'b', 'ORG');
    expect(findSpan(after, 'b')?.label).toBe('ORG');
    expect(findSpan(after, 'a')).toBe(alice);
    expect(bob.label).toBe('PER');
  });

  it('resizes and re-sorts', () => {
    const after = resizeSpan(spans, 'p', 6, 9);
    expect(after.map((s) => s.id)).toEqual(['a', 'p', 'b']);
    expect(findSpan(after, 'p')).toMatchObject({ start: 6, end: 9, label: 'LOC' });
  });

  it('returns the same array for an unknown id', () => {
    expect(relabelSpan(spans, 'nope', 'X')).toBe(spans);
    expect(resizeSpan(spans, 'nope', 0, 1)).toBe(spans);
  });

  it('keeps score and source through a change', () => {
    const predicted: Span = { id: 'q', start: 0, end: 2, label: 'X', score: 0.9, source: 'prediction' };
    expect(relabelSpan([predicted], 'q', 'Y')[0]).toEqual({ ...predicted, label: 'Y' });
  });
});

describe('spansAt and spansOverlap', () => {
  const outer: Span = { id: 'o', start: 0, end: 10, label: 'ORG' };
  const inner: Span = { id: 'i', start: 4, end: 6, label: 'LOC' };

  it('finds every span covering an offset, end exclusive', () => {
    expect(spansAt([inner, outer], 4).map((s) => s.id)).toEqual(['o', 'i']);
    expect(spansAt([inner, outer], 6).map((s) => s.id)).toEqual(['o']);
    expect(spansAt([inner, outer], 10)).toEqual([]);
    expect(spansAt([], 0)).toEqual([]);
  });

  it('treats touching spans as not overlapping', () => {
    expect(spansOverlap({ start: 0, end: 5 }, { start: 5, end: 8 })).toBe(false);
    expect(spansOverlap({ start: 0, end: 5 }, { start: 4, end: 8 })).toBe(true);
    expect(spansOverlap({ start: 2, end: 3 }, { start: 0, end: 8 })).toBe(true);
  });
});

describe('stackLevels', () => {
  it('puts disjoint and touching spans on level 0', () => {
    const levels = stackLevels([
      { id: 'x', start: 0, end: 3, label: 'A' },
      { id: 'y', start: 3, end: 6, label: 'A' },
      { id: 'z', start: 8, end: 9, label: 'A' },
    ]);
    expect([...levels.values()]).toEqual([0, 0, 0]);
    expect(stackDepth(levels)).toBe(1);
  });

  it('stacks nested spans, the enclosing one nearest the text', () => {
    const levels = stackLevels([
      { id: 'inner', start: 2, end: 4, label: 'A' },
      { id: 'outer', start: 0, end: 10, label: 'B' },
      { id: 'innermost', start: 3, end: 4, label: 'C' },
    ]);
    expect(levels.get('outer')).toBe(0);
    expect(levels.get('inner')).toBe(1);
    expect(levels.get('innermost')).toBe(2);
  });

  it('reuses a freed level for crossing spans', () => {
    const levels = stackLevels([
      { id: 'a', start: 0, end: 5, label: 'A' },
      { id: 'b', start: 3, end: 8, label: 'A' },
      { id: 'c', start: 6, end: 9, label: 'A' },
    ]);
    expect(levels.get('a')).toBe(0);
    expect(levels.get('b')).toBe(1);
    expect(levels.get('c')).toBe(0);
    expect(stackDepth(levels)).toBe(2);
  });

  it('never gives two overlapping spans the same level', () => {
    const spans: Span[] = [];
    for (let i = 0; i < 60; i++) {
      const start = (i * 7) % 50;
      spans.push({ id: `s${i}`, start, end: start + 1 + (i % 9), label: 'L' });
    }
    const levels = stackLevels(spans);
    for (const a of spans) {
      for (const b of spans) {
        if (a !== b && spansOverlap(a, b)) expect(levels.get(a.id)).not.toBe(levels.get(b.id));
      }
    }
  });

  it('gives identical spans with different labels different levels', () => {
    const levels = stackLevels([
      { id: 'a', start: 0, end: 5, label: 'A' },
      { id: 'b', start: 0, end: 5, label: 'B' },
    ]);
    expect(new Set(levels.values()).size).toBe(2);
  });

  it('returns an empty map for no spans', () => {
    expect(stackLevels([]).size).toBe(0);
    expect(stackDepth(new Map())).toBe(0);
  });
});

describe('createIdFactory', () => {
  it('makes distinct ids and skips taken ones', () => {
    const taken = new Set(['new2']);
    const next = createIdFactory('new', (id) => taken.has(id));
    expect([next(), next(), next()]).toEqual(['new1', 'new3', 'new4']);
  });
});
