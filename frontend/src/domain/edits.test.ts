import { describe, expect, it } from 'vitest';
import { applyEdit, EMPTY_STATE, pendingPredictions, type DocumentState, type EditResult, type EditRules } from './edits';
import type { RelationTypeRule } from './relations';
import { findSpan, type Span } from './spans';
import { createHistory, push, undo } from './undo';

const relationTypes: RelationTypeRule[] = [
  { name: 'works_for', head_types: ['PER'], child_types: ['ORG'] },
  { name: 'related', head_types: [], child_types: [] },
];
const strict: EditRules = {
  allowOverlap: false,
  textLength: 100,
  entityLabels: ['PER', 'ORG', 'LOC'],
  relationTypes,
};
const loose: EditRules = { ...strict, allowOverlap: true };

const mine = (id: string, start: number, end: number, label: string): Span => ({ id, start, end, label, source: 'mine' });
const predicted = (id: string, start: number, end: number, label: string): Span => ({
  id,
  start,
  end,
  label,
  score: 0.8,
  source: 'prediction',
});

function ok(result: EditResult): DocumentState {
  if (!result.ok) throw new Error(`edit refused: ${result.reason}: ${result.message}`);
  return result.state;
}

const ids = (state: DocumentState) => state.spans.map((s) => s.id);

describe('applyEdit: spans', () => {
  it('adds a span as the person own, in reading order', () => {
    let state = ok(applyEdit(EMPTY_STATE, { type: 'addSpan', span: { id: 'b', start: 10, end: 15, label: 'ORG' } }, strict));
    state = ok(applyEdit(state, { type: 'addSpan', span: { id: 'a', start: 0, end: 5, label: 'PER' } }, strict));
    expect(ids(state)).toEqual(['a', 'b']);
    expect(state.spans[0]).toEqual(mine('a', 0, 5, 'PER'));
  });

  it('refuses an overlap, an unknown label, a used id, an empty or out-of-range span', () => {
    const state: DocumentState = { spans: [mine('a', 0, 5, 'PER')], relations: [] };
    const cases: [Span, string][] = [
      [mine('x', 3, 8, 'ORG'), 'overlap'],
      [mine('x', 6, 8, 'DATE'), 'unknown-label'],
      [mine('a', 6, 8, 'ORG'), 'duplicate-id'],
      [mine('x', 6, 6, 'ORG'), 'empty'],
      [mine('x', 98, 101, 'ORG'), 'out-of-range'],
      [mine('x', 0, 5, 'PER'), 'duplicate'],
    ];
    for (const [span, reason] of cases) {
      const result = applyEdit(state, { type: 'addSpan', span }, strict);
      expect(result).toMatchObject({ ok: false, reason });
      expect(result.state).toBe(state);
    }
  });

  it('accepts overlaps where the project allows them', () => {
    const state: DocumentState = { spans: [mine('a', 0, 5, 'PER')], relations: [] };
    expect(ids(ok(applyEdit(state, { type: 'addSpan', span: mine('x', 3, 8, 'ORG') }, loose)))).toEqual(['a', 'x']);
  });

  it('removes a span together with its relations', () => {
    const state: DocumentState = {
      spans: [mine('a', 0, 5, 'PER'), mine('b', 10, 15, 'ORG'), mine('c', 20, 25, 'LOC')],
      relations: [
        { id: 'r1', head: 'a', child: 'b', label: 'works_for' },
        { id: 'r2', head: 'c', child: 'a', label: 'related' },
        { id: 'r3', head: 'b', child: 'c', label: 'related' },
      ],
    };
    const after = ok(applyEdit(state, { type: 'removeSpan', id: 'a' }, strict));
    expect(ids(after)).toEqual(['b', 'c']);
    expect(after.relations.map((r) => r.id)).toEqual(['r3']);
    expect(applyEdit(state, { type: 'removeSpan', id: 'zz' }, strict)).toMatchObject({ ok: false, reason: 'unknown-span' });
  });

  it('relabels, refusing unknown labels and dropping relations no longer allowed', () => {
    const state: DocumentState = {
      spans: [mine('a', 0, 5, 'PER'), mine('b', 10, 15, 'ORG')],
      relations: [
        { id: 'r1', head: 'a', child: 'b', label: 'works_for' },
        { id: 'r2', head: 'a', child: 'b', label: 'related' },
      ],
    };
    const result = applyEdit(state, { type: 'relabelSpan', id: 'b', label: 'LOC' }, strict);
    const after = ok(result);
    expect(findSpan(after.spans, 'b')?.label).toBe('LOC');
    expect(after.relations.map((r) => r.id)).toEqual(['r2']);
    expect(result.ok && result.notices).toEqual(['removed 1 relation no longer allowed']);
    expect(applyEdit(state, { type: 'relabelSpan', id: 'b', label: 'XX' }, strict)).toMatchObject({ reason: 'unknown-label' });
    expect(applyEdit(state, { type: 'relabelSpan', id: 'q', label: 'PER' }, strict)).toMatchObject({ reason: 'unknown-span' });
  });

  it('returns the same state for a relabel or resize that changes nothing', () => {
    const state: DocumentState = { spans: [mine('a', 0, 5, 'PER')], relations: [] };
    expect(applyEdit(state, { type: 'relabelSpan', id: 'a', label: 'PER' }, strict).state).toBe(state);
    expect(applyEdit(state, { type: 'resizeSpan', id: 'a', start: 0, end: 5 }, strict).state).toBe(state);
  });

  it('refuses relabelling into a duplicate of another span', () => {
    const state: DocumentState = { spans: [mine('a', 0, 5, 'PER'), mine('b', 0, 5, 'ORG')], relations: [] };
    expect(applyEdit(state, { type: 'relabelSpan', id: 'b', label: 'PER' }, loose)).toMatchObject({ reason: 'duplicate' });
  });

  it('resizes, keeping relations, and refuses a resize into a neighbour', () => {
    const state: DocumentState = {
      spans: [mine('a', 0, 5, 'PER'), mine('b', 10, 15, 'ORG')],
      relations: [{ id: 'r1', head: 'a', child: 'b', label: 'works_for' }],
    };
    const after = ok(applyEdit(state, { type: 'resizeSpan', id: 'a', start: 0, end: 9 }, strict));
    expect(findSpan(after.spans, 'a')).toMatchObject({ start: 0, end: 9 });
    expect(after.relations).toEqual(state.relations);
    expect(applyEdit(state, { type: 'resizeSpan', id: 'a', start: 0, end: 11 }, strict)).toMatchObject({ reason: 'overlap' });
    expect(applyEdit(state, { type: 'resizeSpan', id: 'a', start: 4, end: 4 }, strict)).toMatchObject({ reason: 'empty' });
  });
});

describe('applyEdit: predictions', () => {
  const withPredictions: DocumentState = {
    spans: [predicted('p1', 0, 5, 'PER'), predicted('p2', 10, 15, 'ORG'), predicted('p3', 12, 20, 'LOC')],
    relations: [{ id: 'pr', head: 'p1', child: 'p2', label: 'works_for' }],
  };

  it('accepts one prediction, which becomes the person own', () => {
    const after = ok(applyEdit(withPredictions, { type: 'acceptPrediction', id: 'p1' }, strict));
    expect(findSpan(after.spans, 'p1')?.source).toBe('mine');
    expect(pendingPredictions(after).map((s) => s.id)).toEqual(['p2', 'p3']);
    expect(applyEdit(after, { type: 'acceptPrediction', id: 'p1' }, strict)).toMatchObject({ reason: 'not-a-prediction' });
  });

  it('accepting a prediction replaces pending predictions it overlaps, where overlaps are forbidden', () => {
    const result = applyEdit(withPredictions, { type: 'acceptPrediction', id: 'p3' }, strict);
    const after = ok(result);
    expect(ids(after)).toEqual(['p1', 'p3']);
    expect(after.relations).toEqual([]); // pr pointed at the replaced p2
    expect(result.ok && result.notices).toEqual(['replaced 1 overlapping prediction']);
    expect(ids(ok(applyEdit(withPredictions, { type: 'acceptPrediction', id: 'p3' }, loose)))).toEqual(['p1', 'p2', 'p3']);
  });

  it('rejects a prediction with its relations, and refuses to reject an accepted span', () => {
    const after = ok(applyEdit(withPredictions, { type: 'rejectPrediction', id: 'p2' }, strict));
    expect(ids(after)).toEqual(['p1', 'p3']);
    expect(after.relations).toEqual([]);
    const accepted = ok(applyEdit(withPredictions, { type: 'acceptPrediction', id: 'p1' }, strict));
    expect(applyEdit(accepted, { type: 'rejectPrediction', id: 'p1' }, strict)).toMatchObject({ reason: 'not-a-prediction' });
  });

  it('accepts all predictions in reading order, leaving conflicting ones out', () => {
    const result = applyEdit(withPredictions, { type: 'acceptAllPredictions' }, strict);
    const after = ok(result);
    // p2 comes first and replaces the overlapping p3.
    expect(ids(after)).toEqual(['p1', 'p2']);
    expect(pendingPredictions(after)).toEqual([]);
    expect(after.relations).toHaveLength(1);
  });

  it('accepts all overlapping predictions where the project allows it', () => {
    const after = ok(applyEdit(withPredictions, { type: 'acceptAllPredictions' }, loose));
    expect(after.spans.every((s) => s.source === 'mine')).toBe(true);
    expect(after.spans).toHaveLength(3);
  });

  it('leaves a prediction pending when it conflicts with an accepted span, and says so', () => {
    const state: DocumentState = {
      spans: [mine('m', 0, 3, 'PER'), predicted('p', 2, 6, 'ORG'), predicted('q', 10, 12, 'ORG')],
      relations: [],
    };
    const result = applyEdit(state, { type: 'acceptAllPredictions' }, strict);
    expect(pendingPredictions(ok(result)).map((s) => s.id)).toEqual(['p']);
    expect(result.ok && result.notices).toEqual(['1 prediction left pending (in conflict with accepted spans)']);
  });

  it('accepts only the predictions scored at least the threshold; unscored ones count as sure', () => {
    const state: DocumentState = {
      spans: [{ ...predicted('a', 0, 3, 'PER'), score: 0.95 }, { ...predicted('b', 5, 8, 'ORG'), score: 0.3 }, predicted('c', 10, 12, 'ORG')],
      relations: [],
    };
    const result = applyEdit(state, { type: 'acceptAllPredictions', minScore: 0.8 }, strict);
    expect(pendingPredictions(ok(result)).map((s) => s.id)).toEqual(['b']);
    expect(result.ok && result.notices).toEqual(['1 prediction scored below 0.8 left pending']);
    expect(pendingPredictions(ok(applyEdit(state, { type: 'acceptAllPredictions', minScore: 0 }, strict)))).toEqual([]);
  });

  it('changes nothing when there is nothing to accept', () => {
    const state: DocumentState = { spans: [mine('m', 0, 3, 'PER')], relations: [] };
    expect(applyEdit(state, { type: 'acceptAllPredictions' }, strict).state).toBe(state);
  });

  it('drawing a span over a prediction replaces it where overlaps are forbidden', () => {
    const after = ok(applyEdit(withPredictions, { type: 'addSpan', span: { id: 'n', start: 3, end: 8, label: 'LOC' } }, strict));
    expect(ids(after)).toEqual(['n', 'p2', 'p3']);
    expect(after.relations).toEqual([]);
  });

  it('drawing exactly a prediction accepts it under the new id, keeping its relations', () => {
    const after = ok(applyEdit(withPredictions, { type: 'addSpan', span: { id: 'n', start: 0, end: 5, label: 'PER' } }, loose));
    expect(ids(after)).toEqual(['n', 'p2', 'p3']);
    expect(findSpan(after.spans, 'n')?.source).toBe('mine');
    expect(after.relations).toEqual([{ id: 'pr', head: 'n', child: 'p2', label: 'works_for' }]);
  });

  it('relabelling or resizing a prediction accepts it', () => {
    const relabelled = ok(applyEdit(withPredictions, { type: 'relabelSpan', id: 'p1', label: 'ORG' }, strict));
    expect(findSpan(relabelled.spans, 'p1')).toMatchObject({ label: 'ORG', source: 'mine' });
    expect(relabelled.relations).toEqual([]); // works_for no longer admits an ORG head
    const resized = ok(applyEdit(withPredictions, { type: 'resizeSpan', id: 'p1', start: 0, end: 4 }, strict));
    expect(findSpan(resized.spans, 'p1')).toMatchObject({ end: 4, source: 'mine' });
  });
});

describe('applyEdit: relations', () => {
  const state: DocumentState = {
    spans: [mine('a', 0, 5, 'PER'), mine('b', 10, 15, 'ORG'), predicted('p', 20, 25, 'ORG')],
    relations: [],
  };

  it('adds an allowed relation and removes it again', () => {
    const relation = { id: 'r', head: 'a', child: 'b', label: 'works_for' };
    const after = ok(applyEdit(state, { type: 'addRelation', relation }, strict));
    expect(after.relations).toEqual([relation]);
    expect(after.spans).toBe(state.spans);
    expect(ok(applyEdit(after, { type: 'removeRelation', id: 'r' }, strict)).relations).toEqual([]);
    expect(applyEdit(after, { type: 'removeRelation', id: 'zz' }, strict)).toMatchObject({ reason: 'unknown-relation' });
  });

  it('refuses a relation the types do not allow, to a missing span, a duplicate or a used id', () => {
    const existing = ok(applyEdit(state, { type: 'addRelation', relation: { id: 'r', head: 'a', child: 'b', label: 'works_for' } }, strict));
    const cases: [{ id: string; head: string; child: string; label: string }, string][] = [
      [{ id: 'x', head: 'b', child: 'a', label: 'works_for' }, 'not-allowed'],
      [{ id: 'x', head: 'a', child: 'gone', label: 'related' }, 'missing-span'],
      [{ id: 'x', head: 'a', child: 'b', label: 'works_for' }, 'duplicate'],
      [{ id: 'r', head: 'b', child: 'a', label: 'related' }, 'duplicate-id'],
      [{ id: 'x', head: 'a', child: 'a', label: 'related' }, 'self'],
    ];
    for (const [relation, reason] of cases) {
      expect(applyEdit(existing, { type: 'addRelation', relation }, strict)).toMatchObject({ ok: false, reason });
    }
  });

  it('accepts a prediction that a relation is drawn to', () => {
    const after = ok(applyEdit(state, { type: 'addRelation', relation: { id: 'r', head: 'a', child: 'p', label: 'works_for' } }, strict));
    expect(findSpan(after.spans, 'p')?.source).toBe('mine');
  });

  it('refuses a relation between two overlapping predictions where overlaps are forbidden', () => {
    const overlapping: DocumentState = {
      spans: [predicted('x', 0, 5, 'PER'), predicted('y', 3, 8, 'ORG')],
      relations: [],
    };
    const result = applyEdit(overlapping, { type: 'addRelation', relation: { id: 'r', head: 'x', child: 'y', label: 'works_for' } }, strict);
    expect(result).toMatchObject({ ok: false, reason: 'overlap' });
    expect(result.state).toBe(overlapping);
  });
});

describe('applyEdit with the undo history', () => {
  it('undoes an edit back to the identical earlier state', () => {
    let history = createHistory<DocumentState>(EMPTY_STATE);
    history = push(history, ok(applyEdit(history.present, { type: 'addSpan', span: mine('a', 0, 5, 'PER') }, strict)));
    history = push(history, ok(applyEdit(history.present, { type: 'removeSpan', id: 'a' }, strict)));
    expect(history.present.spans).toEqual([]);
    history = undo(history);
    expect(ids(history.present)).toEqual(['a']);
    // A refused edit returns the present itself, which push ignores.
    const refused = applyEdit(history.present, { type: 'removeSpan', id: 'zz' }, strict);
    expect(push(history, refused.state)).toBe(history);
  });
});

describe('applyEdit: all predictions, and replacing everything', () => {
  const state: DocumentState = {
    spans: [mine('a', 0, 5, 'PER'), predicted('p', 10, 15, 'ORG'), predicted('q', 20, 25, 'LOC')],
    relations: [
      { id: 'r1', head: 'a', child: 'p', label: 'works_for' },
      { id: 'r2', head: 'p', child: 'q', label: 'related' },
    ],
  };

  it('rejects every pending prediction with its relations', () => {
    const result = ok(applyEdit(state, { type: 'rejectAllPredictions' }, strict));
    expect(ids(result)).toEqual(['a']);
    expect(result.relations).toEqual([]);
    expect(applyEdit(result, { type: 'rejectAllPredictions' }, strict).state).toBe(result);
  });

  it('replaces the whole state, as one undoable step', () => {
    const other: DocumentState = { spans: [mine('z', 1, 2, 'PER')], relations: [] };
    const result = ok(applyEdit(state, { type: 'replaceAll', state: other }, strict));
    expect(result).toBe(other);
    const history = push(createHistory(state), result);
    expect(undo(history).present).toBe(state);
  });
});
