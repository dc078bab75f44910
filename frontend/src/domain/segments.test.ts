import { describe, expect, it } from 'vitest';
import { segmentText } from './segments';
import type { Span } from './spans';

const span = (id: string, start: number, end: number, label = 'X'): Span => ({ id, start, end, label });
const shape = (result: ReturnType<typeof segmentText>) =>
  result.segments.map((s) => [s.start, s.end, s.spans.map((x) => x.id).join(','), s.ending.map((x) => x.id).join(',')]);

describe('segmentText', () => {
  it('returns the whole text as one piece without spans', () => {
    expect(shape(segmentText([], 10))).toEqual([[0, 10, '', '']]);
  });

  it('returns no piece for an empty text', () => {
    expect(segmentText([], 0).segments).toEqual([]);
  });

  it('makes one piece per span and pieces between them', () => {
    expect(shape(segmentText([span('b', 6, 8), span('a', 0, 3)], 10))).toEqual([
      [0, 3, 'a', 'a'],
      [3, 6, '', ''],
      [6, 8, 'b', 'b'],
      [8, 10, '', ''],
    ]);
  });

  it('handles touching spans and a span covering the whole text', () => {
    expect(shape(segmentText([span('a', 0, 3), span('b', 3, 5)], 5))).toEqual([
      [0, 3, 'a', 'a'],
      [3, 5, 'b', 'b'],
    ]);
    expect(shape(segmentText([span('all', 0, 4)], 4))).toEqual([[0, 4, 'all', 'all']]);
  });

  it('splits nested and crossing spans, the enclosing span first, labels at each span end', () => {
    expect(shape(segmentText([span('inner', 2, 4), span('outer', 0, 6), span('cross', 5, 8)], 8))).toEqual([
      [0, 2, 'outer', ''],
      [2, 4, 'outer,inner', 'inner'],
      [4, 5, 'outer', ''],
      [5, 6, 'outer,cross', 'outer'],
      [6, 8, 'cross', 'cross'],
    ]);
  });

  it('keeps two spans on identical offsets together', () => {
    expect(shape(segmentText([span('a', 1, 3, 'A'), span('b', 1, 3, 'B')], 4))).toEqual([
      [0, 1, '', ''],
      [1, 3, 'a,b', 'a,b'],
      [3, 4, '', ''],
    ]);
  });

  it('leaves out spans outside the text or empty, and reports them', () => {
    const result = segmentText([span('ok', 0, 2), span('far', 3, 12), span('neg', -1, 1), span('empty', 2, 2)], 5);
    expect(shape(result)).toEqual([
      [0, 2, 'ok', 'ok'],
      [2, 5, '', ''],
    ]);
    expect(result.invalid.map((s) => s.id)).toEqual(['far', 'neg', 'empty']);
  });

  it('covers the text exactly, whatever the spans', () => {
    const spans: Span[] = [];
    for (let i = 0; i < 40; i++) spans.push(span(`s${i}`, (i * 13) % 90, ((i * 13) % 90) + 1 + (i % 7)));
    const { segments } = segmentText(spans, 100);
    expect(segments[0]?.start).toBe(0);
    expect(segments.at(-1)?.end).toBe(100);
    for (let i = 1; i < segments.length; i++) expect(segments[i]?.start).toBe(segments[i - 1]?.end);
    for (const s of spans) {
      const ends = segments.filter((seg) => seg.ending.includes(s));
      expect(ends).toHaveLength(1);
      expect(ends[0]?.end).toBe(s.end);
    }
  });
});
