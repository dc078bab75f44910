import { describe, expect, it } from 'vitest';
import { canAdd } from './overlap';
import type { Span } from './spans';

const existing: Span[] = [
  { id: 'a', start: 0, end: 5, label: 'PER' },
  { id: 'b', start: 10, end: 15, label: 'ORG' },
];
const strict = { allowOverlap: false, textLength: 20 };
const loose = { allowOverlap: true, textLength: 20 };

describe('canAdd', () => {
  it('accepts a span in free text', () => {
    expect(canAdd(existing, { start: 6, end: 9, label: 'LOC' }, strict)).toEqual({ ok: true });
  });

  it('accepts spans that only touch', () => {
    expect(canAdd(existing, { start: 5, end: 10, label: 'LOC' }, strict).ok).toBe(true);
  });

  it('accepts a span covering the whole text, and one at its very end', () => {
    expect(canAdd([], { start: 0, end: 20, label: 'X' }, strict).ok).toBe(true);
    expect(canAdd([], { start: 19, end: 20, label: 'X' }, strict).ok).toBe(true);
  });

  it('refuses an overlap where the project forbids it, naming the span hit', () => {
    const check = canAdd(existing, { start: 3, end: 7, label: 'LOC' }, strict);
    expect(check).toMatchObject({ ok: false, reason: 'overlap', conflictsWith: existing[0] });
    if (!check.ok) expect(check.message).toContain('PER [0, 5)');
  });

  it('refuses a span enclosing another, and one inside another', () => {
    expect(canAdd(existing, { start: 9, end: 16, label: 'X' }, strict)).toMatchObject({ reason: 'overlap' });
    expect(canAdd(existing, { start: 11, end: 12, label: 'X' }, strict)).toMatchObject({ reason: 'overlap' });
  });

  it('accepts an overlap where the project allows it', () => {
    expect(canAdd(existing, { start: 3, end: 7, label: 'LOC' }, loose).ok).toBe(true);
    expect(canAdd(existing, { start: 0, end: 5, label: 'LOC' }, loose).ok).toBe(true);
  });

  it('refuses a duplicate whether or not overlaps are allowed', () => {
    for (const rules of [strict, loose]) {
      expect(canAdd(existing, { start: 0, end: 5, label: 'PER' }, rules)).toMatchObject({
        ok: false,
        reason: 'duplicate',
        conflictsWith: existing[0],
      });
    }
  });

  it('refuses empty and reversed spans', () => {
    expect(canAdd([], { start: 4, end: 4, label: 'X' }, loose)).toMatchObject({ reason: 'empty' });
    expect(canAdd([], { start: 5, end: 4, label: 'X' }, loose)).toMatchObject({ reason: 'empty' });
  });

  it('refuses offsets outside the text or not integers', () => {
    expect(canAdd([], { start: -1, end: 3, label: 'X' }, loose)).toMatchObject({ reason: 'out-of-range' });
    expect(canAdd([], { start: 18, end: 21, label: 'X' }, loose)).toMatchObject({ reason: 'out-of-range' });
    expect(canAdd([], { start: 1.5, end: 3, label: 'X' }, loose)).toMatchObject({ reason: 'out-of-range' });
    expect(canAdd([], { start: 0, end: Number.NaN, label: 'X' }, loose)).toMatchObject({ reason: 'out-of-range' });
  });

  it('checks only the lower bound when the text length is unknown', () => {
    expect(canAdd([], { start: 0, end: 1_000_000, label: 'X' }, { allowOverlap: false }).ok).toBe(true);
    expect(canAdd([], { start: -2, end: 1, label: 'X' }, { allowOverlap: false }).ok).toBe(false);
  });

  it('ignores the span being changed, so resizing a span over itself is fine', () => {
    const rules = { ...strict, ignoreId: 'a' };
    expect(canAdd(existing, { start: 1, end: 6, label: 'PER' }, rules).ok).toBe(true);
    expect(canAdd(existing, { start: 0, end: 5, label: 'PER' }, rules).ok).toBe(true);
    expect(canAdd(existing, { start: 1, end: 11, label: 'PER' }, rules)).toMatchObject({
      reason: 'overlap',
      conflictsWith: existing[1],
    });
  });
});

describe('canAdd messages with the text', () => {
  const text = 'Zoë 😀 at the Kenya Ports Authority in 北京';
  const cps = [...text];
  const textOf = (start: number, end: number) => cps.slice(start, end).join('');
  const at = (needle: string) => {
    const start = [...text.slice(0, text.indexOf(needle))].length;
    return { start, end: start + [...needle].length };
  };

  it('quotes the words of both spans instead of offsets, after an emoji (code points)', () => {
    const ports = { id: 'a', ...at('Ports'), label: 'GPE', source: 'mine' as const };
    const check = canAdd([ports], { ...at('Kenya Ports Authority'), label: 'ORG' }, { allowOverlap: false, textOf });
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.message).toBe("'Kenya Ports Authority' (ORG) overlaps 'Ports' (GPE): this project does not allow overlapping spans");
      expect(check.message).not.toMatch(/\[\d+, \d+\)/);
    }
  });

  it('quotes CJK words of a duplicate', () => {
    const place = { id: 'b', ...at('北京'), label: 'GPE', source: 'mine' as const };
    const check = canAdd([place], { ...at('北京'), label: 'GPE' }, { allowOverlap: true, textOf });
    expect(!check.ok && check.message).toBe("'北京' (GPE) is already marked");
  });
});
