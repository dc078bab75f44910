import { describe, expect, it } from 'vitest';
import {
  changeAgainst,
  changeText,
  differenceText,
  historyRows,
  sourceName,
  timeAgo,
  versionDifferences,
  type HistoryEntry,
} from './history';

// "Zoë 🎉 Maria Okafor works for Oxfam": offsets in code points (ë is e + a combining mark).
const TEXT = 'Zoe\u0308 🎉 Maria Okafor works for Oxfam';
const chars = [...TEXT];
const textOf = (start: number, end: number) => chars.slice(start, end).join('');
const at = (needle: string) => {
  const start = [...TEXT.slice(0, TEXT.indexOf(needle))].length;
  return { start, end: start + [...needle].length };
};
const span = (needle: string, label: string) => ({ ...at(needle), label });

const current = [span('Maria Okafor', 'PERSON'), span('Oxfam', 'ORG')];
const entry = (version: number, spans: HistoryEntry['spans'], overrides: Partial<HistoryEntry> = {}): HistoryEntry => ({
  version,
  author: 'alice',
  created_at: '2026-12-02T10:00:00Z',
  source: 'editor',
  spans,
  relations: [],
  ...overrides,
});

describe('changeAgainst', () => {
  it('counts what restoring a version adds and takes away, a relabel as one of each', () => {
    expect(changeAgainst([span('Maria Okafor', 'PERSON'), span('Oxfam', 'GPE'), span('Zoe\u0308', 'PERSON')], current)).toEqual({ added: 2, removed: 1 });
    expect(changeAgainst([], current)).toEqual({ added: 0, removed: 2 });
    expect(changeAgainst(current, current)).toEqual({ added: 0, removed: 0 });
  });

  it('counts duplicate spans one by one', () => {
    const twice = [span('Oxfam', 'ORG'), span('Oxfam', 'ORG')];
    expect(changeAgainst(twice, [span('Oxfam', 'ORG')])).toEqual({ added: 1, removed: 0 });
  });
});

describe('changeText', () => {
  it('says plus and minus, or the same', () => {
    expect(changeText({ added: 2, removed: 1 })).toBe('+2 \u22121 spans');
    expect(changeText({ added: 0, removed: 1 })).toBe('+0 \u22121 span');
    expect(changeText({ added: 0, removed: 0 })).toBe('same spans');
  });
});

describe('sourceName and timeAgo', () => {
  it('names every source of the contract, and passes an unknown one through', () => {
    expect(['editor', 'api', 'import', 'prelabel', 'review', 'restore', 'other'].map(sourceName)).toEqual([
      'editor', 'API', 'import', 'pre-label', 'review', 'restore', 'other',
    ]);
  });

  it('says how long ago, then the date', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    expect(timeAgo('2026-12-02T11:59:30Z', now)).toBe('just now');
    expect(timeAgo('2026-12-02T11:55:00Z', now)).toBe('5 min ago');
    expect(timeAgo('2026-12-02T09:00:00Z', now)).toBe('3 h ago');
    expect(timeAgo('2026-12-01T12:00:00Z', now)).toBe('1 day ago');
    expect(timeAgo('2026-11-01T12:00:00Z', now)).toBe('2026-11-01');
    expect(timeAgo('not a date', now)).toBe('not a date');
  });
});

describe('historyRows', () => {
  it('sums each version up against the current content, newest first as given, and marks the current one', () => {
    const rows = historyRows(
      [
        entry(3, current, { author: 'bob', source: 'restore', created_at: '2026-12-02T11:58:00Z' }),
        entry(2, [span('Maria Okafor', 'PERSON')], { source: 'api' }),
        entry(1, [], { author: null, source: 'prelabel' }),
      ],
      { version: 3, spans: current, relations: 0 },
      new Date('2026-12-02T12:00:00Z'),
    );
    expect(rows.map((row) => [row.name, row.author, row.when, row.source, row.changeText, row.current])).toEqual([
      ['v3', 'bob', '2 min ago', 'restore', 'same spans', true],
      ['v2', 'alice', '2 h ago', 'API', '+0 \u22121 span', false],
      ['v1', 'deleted user', '2 h ago', 'pre-label', '+0 \u22122 spans', false],
    ]);
  });
});

describe('versionDifferences', () => {
  it('lists what restoring would change, in text order, in words with the text of each span', () => {
    const version = [span('Zoe\u0308', 'PERSON'), span('Maria', 'PERSON'), span('Oxfam', 'GPE')];
    const rows = versionDifferences(version, [...current, span('works', 'MISC')]);
    expect(rows.map((row) => row.kind)).toEqual(['added', 'boundary', 'removed', 'label']);
    expect(rows.map((row) => differenceText(row, textOf))).toEqual([
      '+ "Zoe\u0308" PERSON',
      '"Maria Okafor" PERSON \u2192 "Maria" PERSON',
      '\u2212 "works" MISC',
      '"Oxfam" ORG \u2192 GPE',
    ]);
  });

  it('has nothing to list for the same content', () => {
    expect(versionDifferences(current, [...current].reverse())).toEqual([]);
  });
});
