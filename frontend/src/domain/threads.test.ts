import { describe, expect, it } from 'vitest';
import { threadCountText, threadCounts, threadsInOrder, whenText } from './threads';

const t = (id: number, flag: boolean, resolved: boolean) => ({ id, flag, resolved });

describe('threads', () => {
  it('puts open flags first, then open questions, then resolved threads, each oldest first', () => {
    const ordered = threadsInOrder([t(1, false, true), t(2, false, false), t(3, true, false), t(4, true, true), t(5, false, false)]);
    expect(ordered.map((thread) => thread.id)).toEqual([3, 2, 5, 1, 4]);
  });

  it('counts open threads and open flags; resolved ones count for neither', () => {
    expect(threadCounts([t(1, true, false), t(2, false, false), t(3, true, true)])).toEqual({ open: 2, flagged: 1 });
    expect(threadCountText([t(1, true, false), t(2, false, false)])).toBe('2 open · 1 flagged');
    expect(threadCountText([t(1, false, false)])).toBe('1 open');
    expect(threadCountText([t(1, false, true)])).toBe('all resolved');
    expect(threadCountText([])).toBe('none yet');
  });

  it('says when a comment was written, relative to now', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    expect(whenText('2026-12-02T11:59:30Z', now)).toBe('just now');
    expect(whenText('2026-12-02T11:55:00Z', now)).toBe('5 min ago');
    expect(whenText('2026-12-02T09:00:00Z', now)).toBe('3 h ago');
    expect(whenText('2026-11-20T09:00:00Z', now)).toBe('2026-11-20');
    expect(whenText('not a date', now)).toBe('');
  });
});
