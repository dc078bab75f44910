import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, createHistory, DEFAULT_UNDO_DEPTH, push, redo, undo } from './undo';

describe('undo history', () => {
  it('starts with nothing to undo or redo', () => {
    const history = createHistory('a');
    expect(history.present).toBe('a');
    expect(canUndo(history)).toBe(false);
    expect(canRedo(history)).toBe(false);
    expect(history.maxDepth).toBe(DEFAULT_UNDO_DEPTH);
  });

  it('undoes and redoes in order', () => {
    let history = push(push(createHistory('a'), 'b'), 'c');
    history = undo(history);
    expect(history.present).toBe('b');
    history = undo(history);
    expect(history.present).toBe('a');
    expect(canUndo(history)).toBe(false);
    history = redo(history);
    expect(history.present).toBe('b');
    history = redo(history);
    expect(history.present).toBe('c');
    expect(canRedo(history)).toBe(false);
  });

  it('treats undo and redo with nothing to do as no-ops returning the same history', () => {
    const history = createHistory('a');
    expect(undo(history)).toBe(history);
    expect(redo(history)).toBe(history);
  });

  it('clears the redo branch when a new state is pushed after an undo', () => {
    let history = push(push(createHistory('a'), 'b'), 'c');
    history = push(undo(history), 'd');
    expect(canRedo(history)).toBe(false);
    expect(history.past).toEqual(['a', 'b']);
    expect(undo(history).present).toBe('b');
  });

  it('ignores pushing the present itself, so refused edits leave no step', () => {
    const state = { spans: [] };
    const history = createHistory(state);
    expect(push(history, state)).toBe(history);
    expect(canUndo(push(history, { spans: [] }))).toBe(true);
  });

  it('never mutates a history', () => {
    const first = push(createHistory('a'), 'b');
    const snapshot = JSON.stringify(first);
    push(first, 'c');
    undo(first);
    redo(undo(first));
    expect(JSON.stringify(first)).toBe(snapshot);
  });

  it('forgets the oldest states past maxDepth', () => {
    let history = createHistory(0, { maxDepth: 3 });
    for (let i = 1; i <= 10; i++) history = push(history, i);
    expect(history.past).toEqual([7, 8, 9]);
    history = undo(undo(undo(history)));
    expect(history.present).toBe(7);
    expect(canUndo(history)).toBe(false);
    history = redo(redo(redo(history)));
    expect(history.present).toBe(10);
    expect(history.past).toEqual([7, 8, 9]);
  });

  it('keeps no past with maxDepth 0, and refuses a bad depth', () => {
    const history = push(createHistory('a', { maxDepth: 0 }), 'b');
    expect(canUndo(history)).toBe(false);
    expect(() => createHistory('a', { maxDepth: -1 })).toThrow(RangeError);
    expect(() => createHistory('a', { maxDepth: 1.5 })).toThrow(RangeError);
  });
});
