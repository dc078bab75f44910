import { describe, expect, it } from 'vitest';
import { collectDecisions, decidedKeys, DecisionBook, predictionKey, readDecisions, type Decision } from './decisions';
import type { DocumentState } from './edits';
import type { Span } from './spans';

const prediction = {
  model: 'en_core_web_sm',
  modelVersion: '3.8.0',
  spans: [
    { start: 0, end: 5, label: 'PER' },
    { start: 10, end: 15, label: 'ORG' },
    { start: 20, end: 25, label: 'LOC' },
  ],
};
const mine = (start: number, end: number, label: string): Span => ({ id: `n${start}`, start, end, label, source: 'mine' });
const pending = (start: number, end: number, label: string): Span => ({ id: `p${start}`, start, end, label, source: 'prediction' });
const offeredAll = new Set(prediction.spans.map(predictionKey));

describe('collectDecisions', () => {
  it('says accepted for a prediction kept as my span, rejected for one gone, nothing while pending', () => {
    const state: DocumentState = { spans: [mine(0, 5, 'PER'), pending(20, 25, 'LOC')], relations: [] };
    expect(collectDecisions({ predictions: [prediction], offered: offeredAll, state, stored: [] })).toEqual([
      { start: 0, end: 5, label: 'PER', model: 'en_core_web_sm', model_version: '3.8.0', decision: 'accepted' },
      { start: 10, end: 15, label: 'ORG', model: 'en_core_web_sm', model_version: '3.8.0', decision: 'rejected' },
    ]);
  });

  it('decides nothing about a prediction never offered (hidden by one of my spans)', () => {
    const state: DocumentState = { spans: [mine(0, 5, 'PER')], relations: [] };
    const offered = new Set([predictionKey({ start: 20, end: 25, label: 'LOC' })]);
    expect(collectDecisions({ predictions: [prediction], offered, state, stored: [] })).toEqual([
      { start: 20, end: 25, label: 'LOC', model: 'en_core_web_sm', model_version: '3.8.0', decision: 'rejected' },
    ]);
  });

  it('keeps stored decisions about other models, and changes one when the person changed their mind', () => {
    const other: Decision = { start: 30, end: 33, label: 'PER', model: 'other', model_version: '1', decision: 'rejected' };
    const before: Decision = { start: 10, end: 15, label: 'ORG', model: 'en_core_web_sm', model_version: '3.7.0', decision: 'rejected' };
    const state: DocumentState = { spans: [mine(10, 15, 'ORG'), pending(0, 5, 'PER'), pending(20, 25, 'LOC')], relations: [] };
    expect(collectDecisions({ predictions: [prediction], offered: offeredAll, state, stored: [other, before] })).toEqual([
      { start: 10, end: 15, label: 'ORG', model: 'en_core_web_sm', model_version: '3.8.0', decision: 'accepted' },
      other,
    ]);
  });

  it('forgets a stored decision once the prediction is pending again (the decision was undone)', () => {
    const before: Decision = { start: 0, end: 5, label: 'PER', model: 'en_core_web_sm', model_version: '3.8.0', decision: 'rejected' };
    const state: DocumentState = { spans: prediction.spans.map((s) => pending(s.start, s.end, s.label)), relations: [] };
    expect(collectDecisions({ predictions: [prediction], offered: offeredAll, state, stored: [before] })).toEqual([]);
  });
});

describe('decidedKeys and readDecisions', () => {
  it('matches decisions by start, end, label and model, whatever the model version', () => {
    const stored = readDecisions([
      { start: 0, end: 5, label: 'PER', model: 'en_core_web_sm', model_version: '3.7.0', decision: 'rejected' },
      { start: 10, end: 15, label: 'ORG', model: 'en_core_web_sm', model_version: '3.8.0', decision: 'accepted' },
      { start: 20, end: 25, label: 'LOC', model: 'other', model_version: '1', decision: 'rejected' },
    ]);
    expect(decidedKeys(stored, 'en_core_web_sm')).toEqual(new Set(['0:5:PER', '10:15:ORG']));
    expect(decidedKeys(stored, null)).toEqual(new Set());
  });

  it('leaves out what does not read as a decision', () => {
    expect(readDecisions(null)).toEqual([]);
    expect(
      readDecisions([
        { start: 5, end: 5, label: 'PER', model: 'm', decision: 'rejected' },
        { start: 0, end: 5, label: 'PER', model: 'm', decision: 'maybe' },
        { start: 0, end: 5, label: 7, model: 'm', decision: 'rejected' },
        'x',
        { start: 0, end: 5, label: 'PER', model: 'm', decision: 'rejected' },
      ]),
    ).toEqual([{ start: 0, end: 5, label: 'PER', model: 'm', model_version: '', decision: 'rejected' }]);
  });
});

describe('DecisionBook', () => {
  const state: DocumentState = { spans: [mine(0, 5, 'PER')], relations: [] };
  const open = (book: DecisionBook, annotations: { decisions?: unknown }[]) =>
    book.opened({ annotations, predictions: [prediction], offered: ['0:5:PER', '10:15:ORG'], stored: [] });

  it('sends nothing to a server whose annotations carry no decisions, until a save answer shows it keeps them', () => {
    const book = new DecisionBook();
    open(book, [{}]);
    expect(book.collect(state)).toBeUndefined();
    book.saved({ decisions: [] });
    expect(book.collect(state)?.map((d) => d.decision)).toEqual(['accepted', 'rejected']);
  });

  it('keeps what was offered across a reload, and the decisions the server answered', () => {
    const book = new DecisionBook();
    open(book, [{ decisions: [] }]);
    book.opened({ annotations: [{ decisions: [] }], predictions: [prediction], offered: [], stored: [] });
    expect(book.collect(state)?.map((d) => `${d.label}:${d.decision}`)).toEqual(['PER:accepted', 'ORG:rejected']);
    const other = { start: 40, end: 44, label: 'PER', model: 'x', model_version: '', decision: 'rejected' };
    book.saved({ decisions: [other] });
    expect(book.collect(state)).toContainEqual(other);
  });
});
