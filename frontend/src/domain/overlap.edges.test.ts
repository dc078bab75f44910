import { describe, expect, it } from 'vitest';
import { canAdd, spanWords } from './overlap';
import type { Span } from './spans';

const per: Span = { id: 'a', start: 4, end: 9, label: 'PER' };

describe('canAdd where overlaps are allowed', () => {
  const rules = { allowOverlap: true, textLength: 20 };

  it('refuses only an exact duplicate: same start, same end, same label', () => {
    expect(canAdd([per], { start: 4, end: 9, label: 'PER' }, rules)).toMatchObject({
      ok: false,
      reason: 'duplicate',
      message: 'a PER span already covers [4, 9)',
      conflictsWith: per,
    });
    expect(canAdd([per], { start: 5, end: 9, label: 'PER' }, rules)).toEqual({ ok: true });
    expect(canAdd([per], { start: 4, end: 8, label: 'PER' }, rules)).toEqual({ ok: true });
    expect(canAdd([per], { start: 4, end: 9, label: 'ORG' }, rules)).toEqual({ ok: true });
  });

  it('lets a span be resized onto its own offsets', () => {
    expect(canAdd([per], { start: 4, end: 9, label: 'PER' }, { ...rules, ignoreId: 'a' })).toEqual({ ok: true });
  });
});

describe('canAdd where overlaps are forbidden', () => {
  const rules = { allowOverlap: false, textLength: 20 };

  it('names the span it overlaps, and lets a touching one in', () => {
    expect(canAdd([per], { start: 8, end: 12, label: 'ORG' }, rules)).toEqual({
      ok: false,
      reason: 'overlap',
      message: 'this project does not allow overlapping spans: [8, 12) overlaps PER [4, 9)',
      conflictsWith: per,
    });
    expect(canAdd([per], { start: 9, end: 12, label: 'ORG' }, rules)).toEqual({ ok: true });
    expect(canAdd([per], { start: 0, end: 4, label: 'ORG' }, rules)).toEqual({ ok: true });
  });

  it('calls an exact copy a duplicate, the more precise reason', () => {
    expect(canAdd([per], { start: 4, end: 9, label: 'PER' }, rules)).toMatchObject({ reason: 'duplicate' });
  });

  it('leaves the span being resized out of the comparison', () => {
    expect(canAdd([per], { start: 3, end: 10, label: 'PER' }, { ...rules, ignoreId: 'a' })).toEqual({ ok: true });
  });
});

describe('canAdd offsets', () => {
  const rules = { allowOverlap: true, textLength: 10 };

  it('accepts a span ending exactly at the end of the text and refuses one past it', () => {
    expect(canAdd([], { start: 0, end: 10, label: 'X' }, rules)).toEqual({ ok: true });
    expect(canAdd([], { start: 0, end: 11, label: 'X' }, rules)).toEqual({
      ok: false,
      reason: 'out-of-range',
      message: 'span [0, 11) is outside the text (0..10)',
    });
  });

  it('refuses negative and fractional offsets, and says ? without a known length', () => {
    expect(canAdd([], { start: -1, end: 2, label: 'X' }, { allowOverlap: true })).toEqual({
      ok: false,
      reason: 'out-of-range',
      message: 'span [-1, 2) is outside the text (0..?)',
    });
    expect(canAdd([], { start: 0.5, end: 2, label: 'X' }, rules)).toMatchObject({ reason: 'out-of-range' });
    expect(canAdd([], { start: 0, end: 2.5, label: 'X' }, rules)).toMatchObject({ reason: 'out-of-range' });
    expect(canAdd([], { start: 0, end: 1e9, label: 'X' }, { allowOverlap: true })).toEqual({ ok: true });
  });

  it('refuses an empty or reversed span', () => {
    expect(canAdd([], { start: 3, end: 3, label: 'X' }, rules)).toEqual({
      ok: false,
      reason: 'empty',
      message: 'span [3, 3) is empty',
    });
    expect(canAdd([], { start: 4, end: 3, label: 'X' }, rules)).toMatchObject({ reason: 'empty' });
  });
});

describe('spanWords: how a refusal names a span', () => {
  const kenya = { start: 4, end: 25, label: 'ORG' };

  it('gives the label and the offsets when the text is not at hand', () => {
    expect(spanWords(kenya)).toBe('ORG [4, 25)');
  });

  it('quotes the words with every run of whitespace as one space and none at the ends', () => {
    expect(spanWords(kenya, () => ' Kenya\n\tPorts   Authority\r\n')).toBe("'Kenya Ports Authority' (ORG)");
  });

  it('keeps 40 characters whole and cuts a longer text to 39 and an ellipsis, counting code points', () => {
    const forty = '😀'.repeat(40);
    expect(spanWords(kenya, () => forty)).toBe(`'${forty}' (ORG)`);
    expect(spanWords(kenya, () => `${forty}x`)).toBe(`'${'😀'.repeat(39)}…' (ORG)`);
  });

  it('quotes the words in a refusal when the text is given', () => {
    const text = 'The Kenya Ports Authority said';
    const textOf = (start: number, end: number) => text.slice(start, end);
    const ports: Span = { id: 'p', start: 10, end: 15, label: 'GPE' };
    expect(canAdd([ports], { start: 4, end: 25, label: 'ORG' }, { allowOverlap: false, textOf })).toMatchObject({
      message: "'Kenya Ports Authority' (ORG) overlaps 'Ports' (GPE): this project does not allow overlapping spans",
    });
  });
});
