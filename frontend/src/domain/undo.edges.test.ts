import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, createHistory, DEFAULT_UNDO_DEPTH, push, redo, undo } from './undo';

describe('undo depth', () => {
  it('keeps exactly maxDepth steps, forgetting the oldest', () => {
    let history = createHistory(0, { maxDepth: 2 });
    for (const state of [1, 2, 3]) history = push(history, state);
    expect(history.past).toEqual([1, 2]);
    history = undo(undo(history));
    expect(history.present).toBe(1);
    expect(canUndo(history)).toBe(false);
  });

  it('keeps nothing with depth 0, and 200 steps by default', () => {
    expect(push(createHistory('a', { maxDepth: 0 }), 'b').past).toEqual([]);
    let history = createHistory(0);
    for (let state = 1; state <= DEFAULT_UNDO_DEPTH + 1; state++) history = push(history, state);
    expect(DEFAULT_UNDO_DEPTH).toBe(200);
    expect(history.past.length).toBe(200);
    expect(history.past[0]).toBe(1);
  });

  it('refuses a negative or fractional depth, naming it', () => {
    expect(() => createHistory(0, { maxDepth: -1 })).toThrow('maxDepth must be a whole number >= 0, not -1');
    expect(() => createHistory(0, { maxDepth: 1.5 })).toThrow(RangeError);
  });
});

describe('redo', () => {
  it('steps forward in order, then has nothing left; a new edit drops the redo branch', () => {
    let history = push(push(createHistory('a'), 'b'), 'c');
    history = undo(undo(history));
    expect(history.future).toEqual(['b', 'c']);
    history = redo(history);
    expect([history.present, history.past, history.future]).toEqual(['b', ['a'], ['c']]);
    history = redo(history);
    expect(canRedo(history)).toBe(false);
    expect(redo(history)).toBe(history);
    expect(push(undo(history), 'x').future).toEqual([]);
  });

  it('keeps the depth through undo and redo', () => {
    const history = redo(undo(push(createHistory(1, { maxDepth: 3 }), 2)));
    expect(history.maxDepth).toBe(3);
    expect(undo(createHistory(1)).present).toBe(1);
  });
});
