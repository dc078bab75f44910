import { describe, expect, it } from 'vitest';
import { findCuts, partAt, partitionText, spansByChunk, type Partition } from './blocks';
import type { Span } from './spans';

const span = (id: string, start: number, end: number, label = 'X'): Span => ({ id, start, end, label, source: 'mine' });
const ranges = (parts: readonly { start: number; end: number }[]) => parts.map((p) => [p.start, p.end]);

/** Every offset is covered exactly once, blocks by their chunks. */
function expectConsistent(partition: Partition, length: number) {
  let at = 0;
  for (const block of partition.blocks) {
    expect(block.start).toBe(at);
    const chunks = partition.chunks.slice(block.firstChunk, block.endChunk);
    expect(chunks[0]?.start).toBe(block.start);
    expect(chunks[chunks.length - 1]?.end).toBe(block.end);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]?.start).toBe(chunks[i - 1]?.end);
    at = block.end;
  }
  expect(at).toBe(length);
}

describe('findCuts', () => {
  it('cuts blocks after each run of line breaks, LF, CRLF or CR', () => {
    expect(findCuts('ab\ncd').blockCuts).toEqual([3]);
    expect(findCuts('ab\r\n\r\ncd\ref').blockCuts).toEqual([6, 9]);
    expect(findCuts('\n\nab\n').blockCuts).toEqual([2]);
    expect(findCuts('no breaks').blockCuts).toEqual([]);
  });

  it('counts code points, not UTF-16 units', () => {
    const text = '😀😀\nab'; // 5 UTF-16 units before the line break's end, 3 code points
    expect(findCuts(text)).toMatchObject({ length: 5, blockCuts: [3] });
  });

  it('cuts chunks after a space once a chunk is long enough, never after a line break', () => {
    const text = 'aaaa bbbb cccc dddd';
    expect(findCuts(text, { chunkSize: 5 }).chunkCuts).toEqual([5, 10, 15]);
    expect(findCuts(text, { chunkSize: 8 }).chunkCuts).toEqual([10]);
    expect(findCuts('aaaa  bbbb', { chunkSize: 2 }).chunkCuts).toEqual([6]);
    // The chunk count restarts at a block cut.
    expect(findCuts('aa\nbb cc', { chunkSize: 4 })).toMatchObject({ blockCuts: [3], chunkCuts: [] });
  });

  it('handles the empty text', () => {
    expect(findCuts('')).toEqual({ length: 0, blockCuts: [], chunkCuts: [] });
  });
});

describe('partitionText', () => {
  const text = 'One two three.\n\nFour five six.\nSeven.';
  const cuts = findCuts(text, { chunkSize: 4 });

  it('makes blocks of paragraphs and chunks inside them', () => {
    const partition = partitionText(cuts, []);
    expect(ranges(partition.blocks)).toEqual([[0, 16], [16, 31], [31, 37]]);
    expect(ranges(partition.chunks)).toEqual([[0, 4], [4, 8], [8, 16], [16, 21], [21, 26], [26, 31], [31, 37]]);
    expectConsistent(partition, text.length);
  });

  it('never cuts inside a span, and merges blocks a span crosses', () => {
    const partition = partitionText(cuts, [span('a', 2, 6), span('b', 26, 33)]);
    expect(ranges(partition.blocks)).toEqual([[0, 16], [16, 37]]);
    expect(ranges(partition.chunks)).toEqual([[0, 8], [8, 16], [16, 21], [21, 26], [26, 37]]);
    expectConsistent(partition, text.length);
  });

  it('treats overlapping spans as one stretch', () => {
    const partition = partitionText(cuts, [span('a', 0, 5), span('b', 3, 10)]);
    expect(ranges(partition.chunks).slice(0, 2)).toEqual([[0, 16], [16, 21]]);
  });

  it('allows a cut exactly at a span boundary, and ignores spans outside the text', () => {
    const partition = partitionText(cuts, [span('a', 4, 8), span('bad', 30, 99)]);
    expect(ranges(partition.chunks).slice(0, 3)).toEqual([[0, 4], [4, 8], [8, 16]]);
  });

  it('works when spans come in any order', () => {
    const sorted = partitionText(cuts, [span('a', 2, 6), span('b', 17, 23)]);
    const unsorted = partitionText(cuts, [span('b', 17, 23), span('a', 2, 6)]);
    expect(unsorted).toEqual(sorted);
  });

  it('gives one empty block for the empty text', () => {
    expect(partitionText(findCuts(''), [])).toEqual({ blocks: [{ start: 0, end: 0, firstChunk: 0, endChunk: 1 }], chunks: [{ start: 0, end: 0 }] });
  });
});

describe('partAt and spansByChunk', () => {
  const text = 'One two three.\n\nFour five six.';
  const partition = partitionText(findCuts(text, { chunkSize: 4 }), []);

  it('finds the part containing an offset', () => {
    expect(partAt(partition.chunks, 0)).toBe(0);
    expect(partAt(partition.chunks, 4)).toBe(1);
    expect(partAt(partition.chunks, 15)).toBe(2);
    expect(partAt(partition.blocks, 16)).toBe(1);
    expect(partAt(partition.blocks, 999)).toBe(1);
  });

  it('puts each span in its chunk, keeping order, and sets aside what does not fit', () => {
    const spans = [span('a', 0, 3), span('b', 4, 7), span('c', 5, 6), span('x', 2, 6), span('y', 25, 99)];
    const { byChunk, invalid } = spansByChunk(partition, spans);
    expect(byChunk.map((list) => list.map((s) => s.id))).toEqual([['a'], ['b', 'c'], [], [], [], []]);
    expect(invalid.map((s) => s.id)).toEqual(['x', 'y']);
  });
});
