import { describe, expect, it } from 'vitest';
import type { DocumentState } from './edits';
import { copyKey, decodeCopy, encodeCopy, readRejected, rejectedKey, safeStore, sameContent, type KeyValueStore } from './localcopy';

const state: DocumentState = {
  spans: [
    { id: 'b', start: 10, end: 12, label: 'ORG', source: 'prediction', score: 0.5 },
    { id: 'a', start: 0, end: 5, label: 'PER', source: 'mine' },
  ],
  relations: [{ id: 'r', head: 'a', child: 'b', label: 'works_for' }],
};

function memory(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

describe('local copy', () => {
  it('round-trips a state, spans in reading order, scores dropped', () => {
    const copy = decodeCopy(encodeCopy({ savedAt: '2025-01-01T00:00:00Z', baseVersion: 3, state }));
    expect(copy).toEqual({
      savedAt: '2025-01-01T00:00:00Z',
      baseVersion: 3,
      state: {
        spans: [
          { id: 'a', start: 0, end: 5, label: 'PER', source: 'mine' },
          { id: 'b', start: 10, end: 12, label: 'ORG', source: 'prediction' },
        ],
        relations: state.relations,
      },
    });
    expect(decodeCopy(encodeCopy({ savedAt: 'x', baseVersion: null, state }))?.baseVersion).toBeNull();
  });

  it('ignores anything that does not read as a copy', () => {
    const good = JSON.parse(encodeCopy({ savedAt: 'x', baseVersion: 1, state }));
    const broken = [
      null,
      '',
      'not json',
      '[]',
      JSON.stringify({ ...good, baseVersion: 'one' }),
      JSON.stringify({ ...good, spans: [{ ...good.spans[0], end: -1 }] }),
      JSON.stringify({ ...good, spans: [{ ...good.spans[0], source: 'other' }] }),
      JSON.stringify({ ...good, spans: [good.spans[0], good.spans[0]] }),
      JSON.stringify({ ...good, relations: [{ id: 'r', head: 'a', child: 'zz', label: 'x' }] }),
    ];
    for (const raw of broken) expect(decodeCopy(raw)).toBeNull();
  });

  it('compares content whatever the ids', () => {
    const renamed: DocumentState = {
      spans: [
        { id: 'x', start: 0, end: 5, label: 'PER', source: 'mine' },
        { id: 'y', start: 10, end: 12, label: 'ORG', source: 'prediction' },
      ],
      relations: [{ id: 'q', head: 'x', child: 'y', label: 'works_for' }],
    };
    expect(sameContent(state, renamed)).toBe(true);
    expect(sameContent(state, { ...renamed, relations: [] })).toBe(false);
    expect(sameContent(state, { ...renamed, spans: renamed.spans.map((s) => ({ ...s, source: 'mine' as const })) })).toBe(false);
  });

  it('has one key per person and document', () => {
    expect(copyKey('alice', '7')).not.toBe(copyKey('bob', '7'));
    expect(copyKey('alice', '7')).not.toBe(rejectedKey('alice', '7'));
  });

  it('never throws from storage, and reads rejected keys defensively', () => {
    const throwing: KeyValueStore = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('full');
      },
      removeItem: () => {
        throw new Error('blocked');
      },
    };
    const store = safeStore(throwing);
    expect(store.getItem('k')).toBeNull();
    expect(() => store.setItem('k', 'v')).not.toThrow();
    expect(() => store.removeItem('k')).not.toThrow();
    expect(safeStore(null).getItem('k')).toBeNull();
    const mem = memory();
    mem.setItem('r', JSON.stringify(['1:2:X', 5]));
    expect([...readRejected(mem, 'r')]).toEqual(['1:2:X']);
    mem.setItem('r', '{bad');
    expect(readRejected(mem, 'r').size).toBe(0);
  });
});
