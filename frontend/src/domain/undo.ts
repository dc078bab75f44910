/**
 * Undo/redo over immutable states. The editor's states share unchanged spans by
 * reference, so keeping whole states is cheap and undo can never replay an edit wrongly.
 * A history is itself immutable: every operation returns a new one.
 */

export interface History<T> {
  /** Older states, oldest first. */
  readonly past: readonly T[];
  readonly present: T;
  /** States undone, the next to redo first. */
  readonly future: readonly T[];
  /** How many past states are kept; older ones are forgotten. */
  readonly maxDepth: number;
}

export const DEFAULT_UNDO_DEPTH = 200;

export function createHistory<T>(initial: T, options: { maxDepth?: number } = {}): History<T> {
  const maxDepth = options.maxDepth ?? DEFAULT_UNDO_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 0) {
    throw new RangeError(`maxDepth must be a whole number >= 0, not ${maxDepth}`);
  }
  return { past: [], present: initial, future: [], maxDepth };
}

/**
 * Records a new present state. Pushing the present itself changes nothing, so a refused
 * edit (which returns the same state) leaves no empty undo step. A new state clears
 * the redo branch, as in every editor.
 */
export function push<T>(history: History<T>, state: T): History<T> {
  if (Object.is(state, history.present)) return history;
  const past = [...history.past, history.present];
  return {
    past: past.length > history.maxDepth ? past.slice(past.length - history.maxDepth) : past,
    present: state,
    future: [],
    maxDepth: history.maxDepth,
  };
}

export function canUndo<T>(history: History<T>): boolean {
  return history.past.length > 0;
}

export function canRedo<T>(history: History<T>): boolean {
  return history.future.length > 0;
}

/** Steps back one state; a no-op (same history) when there is nothing to undo. */
export function undo<T>(history: History<T>): History<T> {
  if (!canUndo(history)) return history;
  return {
    past: history.past.slice(0, -1),
    present: history.past[history.past.length - 1] as T,
    future: [history.present, ...history.future],
    maxDepth: history.maxDepth,
  };
}

/** Steps forward one undone state; a no-op when there is nothing to redo. */
export function redo<T>(history: History<T>): History<T> {
  if (!canRedo(history)) return history;
  const [next, ...rest] = history.future;
  return {
    past: [...history.past, history.present],
    present: next as T,
    future: rest,
    maxDepth: history.maxDepth,
  };
}
