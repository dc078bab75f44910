import { describe, expect, it } from 'vitest';
import { applyEdit, suggestedRelationIds, type DocumentState, type EditResult, type EditRules } from './edits';
import { toPutBody } from './payload';
import type { Span } from './spans';

const rules: EditRules = {
  allowOverlap: false,
  textLength: 100,
  entityLabels: ['PER', 'ORG'],
  relationTypes: [{ name: 'works_for', head_types: ['PER'], child_types: ['ORG'] }],
};
const predicted = (id: string, start: number, end: number, label: string): Span => ({ id, start, end, label, score: 0.8, source: 'prediction' });
const mine = (id: string, start: number, end: number, label: string): Span => ({ id, start, end, label, source: 'mine' });

function ok(result: EditResult): DocumentState {
  if (!result.ok) throw new Error(`edit refused: ${result.reason}: ${result.message}`);
  return result.state;
}

// "Ana, director of Oxfam": the model's two spans and its relation between them.
const opened: DocumentState = {
  spans: [predicted('p1', 0, 3, 'PER'), predicted('p2', 17, 22, 'ORG'), mine('m1', 30, 35, 'PER')],
  relations: [{ id: 'pr1', head: 'p1', child: 'p2', label: 'works_for' }],
};

describe('suggested relations', () => {
  it('are those with a pending prediction at an end, and are not saved while suggested', () => {
    expect([...suggestedRelationIds(opened)]).toEqual(['pr1']);
    expect(toPutBody(opened, undefined).relations).toEqual([]);
  });

  it('accepting one accepts its spans and keeps it, so it is saved', () => {
    const state = ok(applyEdit(opened, { type: 'acceptRelation', id: 'pr1' }, rules));
    expect(state.spans.filter((span) => span.id !== 'm1').map((span) => span.source)).toEqual(['mine', 'mine']);
    expect(suggestedRelationIds(state).size).toBe(0);
    const body = toPutBody(state, undefined);
    expect(body.relations).toEqual([{ head: 'p1', child: 'p2', label: 'works_for' }]);
    expect(body.spans.map((span) => [span.start, span.end, span.label])).toEqual([[0, 3, 'PER'], [17, 22, 'ORG'], [30, 35, 'PER']]);
  });

  it('rejecting one removes it and leaves its spans suggested', () => {
    const state = ok(applyEdit(opened, { type: 'removeRelation', id: 'pr1' }, rules));
    expect(state.relations).toEqual([]);
    expect(state.spans.filter((span) => span.source === 'prediction').map((span) => span.id)).toEqual(['p1', 'p2']);
  });

  it('a relation between the person own spans is not a suggestion to accept', () => {
    const own = ok(applyEdit(opened, { type: 'acceptRelation', id: 'pr1' }, rules));
    const result = applyEdit(own, { type: 'acceptRelation', id: 'pr1' }, rules);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toBe('not-a-prediction');
  });

  it('is refused when an end conflicts with the person own span, nothing changed', () => {
    const clash: DocumentState = { ...opened, spans: [...opened.spans, mine('m2', 18, 20, 'ORG')] };
    const result = applyEdit(clash, { type: 'acceptRelation', id: 'pr1' }, rules);
    expect(result.ok).toBe(false);
    expect(result.state).toBe(clash);
  });
});
