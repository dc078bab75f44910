import { describe, expect, it } from 'vitest';
import type { ApiAnnotation } from '../api/types';
import type { DocumentState } from './edits';
import { buildOffsetIndex } from './offsets';
import { chooseStartingPoint, openAnnotation, parseAnnotation, predictionKey, toPutBody } from './payload';

const annotation = (overrides: Partial<ApiAnnotation> = {}): ApiAnnotation => ({
  id: 7,
  kind: 'annotation',
  author: 'u3',
  model: null,
  status: 'draft',
  version: 4,
  updated_at: '2025-01-02T10:00:00Z',
  spans: [
    { id: 11, start: 10, end: 13, label: 'PER', text: 'Bob' },
    { id: 10, start: 0, end: 5, label: 'PER', text: 'Alice' },
  ],
  relations: [{ id: 20, head: 10, child: 11, label: 'knows' }],
  ...overrides,
});

describe('toPutBody', () => {
  const state: DocumentState = {
    spans: [
      { id: 'b', start: 10, end: 13, label: 'PER', source: 'mine' },
      { id: 'a', start: 0, end: 5, label: 'PER', source: 'mine', score: 0.9 },
      { id: 'p', start: 20, end: 25, label: 'ORG', source: 'prediction', score: 0.7 },
      { id: 'u', start: 30, end: 31, label: 'ORG' },
    ],
    relations: [
      { id: 'r1', head: 'a', child: 'b', label: 'knows' },
      { id: 'r2', head: 'a', child: 'p', label: 'works_for' },
    ],
  };

  it('sends accepted spans in reading order with only the contract fields', () => {
    const body = toPutBody(state, { version: 4 });
    expect(body).toEqual({
      spans: [
        { id: 'a', start: 0, end: 5, label: 'PER' },
        { id: 'b', start: 10, end: 13, label: 'PER' },
        { id: 'u', start: 30, end: 31, label: 'ORG' },
      ],
      relations: [{ head: 'a', child: 'b', label: 'knows' }],
      version: 4,
      submit: false,
    });
  });

  it('sends decisions only when given (absent: the server keeps its own)', () => {
    const decisions = [{ start: 20, end: 25, label: 'ORG', model: 'sm', model_version: '', decision: 'rejected' as const }];
    expect(toPutBody(state, { version: 0, decisions }).decisions).toEqual(decisions);
    expect('decisions' in toPutBody(state, { version: 0 })).toBe(false);
  });

  it('leaves out the version for a first save and marks a submit', () => {
    const body = toPutBody(state, { submit: true });
    expect('version' in body).toBe(false);
    expect(body.submit).toBe(true);
  });

  it('sends an empty annotation', () => {
    expect(toPutBody({ spans: [], relations: [] })).toEqual({ spans: [], relations: [], submit: false });
  });

  it('round-trips through JSON and parsing, keeping code-point offsets of an emoji text', () => {
    const text = '😀 Zoë met 👨‍👩‍👧 in 東京';
    const index = buildOffsetIndex(text);
    const mine: DocumentState = {
      spans: [
        { id: 'zoe', start: 2, end: 5, label: 'PER', source: 'mine' },
        { id: 'tokyo', start: 19, end: 21, label: 'LOC', source: 'mine' },
      ],
      relations: [{ id: 'r', head: 'zoe', child: 'tokyo', label: 'in' }],
    };
    expect(index.slice(2, 5)).toBe('Zoë');
    expect(index.slice(19, 21)).toBe('東京');
    const body = JSON.parse(JSON.stringify(toPutBody(mine, { version: 1 })));
    const answer = { ...annotation(), spans: body.spans, relations: body.relations.map((r: object, i: number) => ({ id: i, ...r })) };
    const parsed = parseAnnotation(answer, 'mine');
    expect(parsed.ok && parsed.value.spans.map((s) => [s.start, s.end, s.label])).toEqual([
      [2, 5, 'PER'],
      [19, 21, 'LOC'],
    ]);
  });
});

describe('parseAnnotation', () => {
  it('turns ids into strings, sorts spans and marks their source', () => {
    const parsed = parseAnnotation(annotation(), 'mine');
    expect(parsed).toEqual({
      ok: true,
      value: {
        spans: [
          { id: '10', start: 0, end: 5, label: 'PER', source: 'mine' },
          { id: '11', start: 10, end: 13, label: 'PER', source: 'mine' },
        ],
        relations: [{ id: '20', head: '10', child: '11', label: 'knows' }],
      },
    });
  });

  it('keeps prediction scores and ignores a null score', () => {
    // A null score is not in the contract, but a parser takes what comes.
    const parsed = parseAnnotation(
      {
        ...annotation({ kind: 'prediction', relations: [] }),
        spans: [
          { id: 1, start: 0, end: 2, label: 'X', text: 'Al', score: 0.75 },
          { id: 2, start: 3, end: 4, label: 'X', text: 'c', score: null },
        ],
      },
      'prediction',
    );
    expect(parsed.ok && parsed.value.spans).toEqual([
      { id: '1', start: 0, end: 2, label: 'X', score: 0.75, source: 'prediction' },
      { id: '2', start: 3, end: 4, label: 'X', source: 'prediction' },
    ]);
  });

  it('accepts a missing relations list and gives id-less relations a local id', () => {
    const { relations: _ignored, ...withoutRelations } = annotation();
    expect(parseAnnotation(withoutRelations, 'mine').ok).toBe(true);
    const parsed = parseAnnotation({ spans: annotation().spans, relations: [{ head: 10, child: 11, label: 'x' }] }, 'mine');
    expect(parsed.ok && parsed.value.relations[0]?.id).toBe('relation-0');
  });

  it('names every malformed field', () => {
    const parsed = parseAnnotation(
      {
        spans: [
          { id: 1, start: -1, end: 2.5, label: '' },
          { id: null, start: 4, end: 4, label: 'X', score: 'high' },
          'span',
          { id: 1, start: 0, end: 1, label: 'X' },
        ],
        relations: [{ head: 1, child: 99, label: 'r' }, 5],
      },
      'mine',
    );
    expect(parsed).toEqual({
      ok: false,
      errors: [
        'spans[0].start: expected a whole number >= 0',
        'spans[0].end: expected a whole number >= 0',
        'spans[0].label: expected a name',
        'spans[1].id: expected a number or a string',
        'spans[1]: end must be after start',
        'spans[1].score: expected a number',
        'spans[2]: expected an object',
        'relations[0].child: no span with id 99',
        'relations[1]: expected an object',
      ],
    });
  });

  it('refuses duplicate span ids and lists that are not lists', () => {
    const duplicate = parseAnnotation({ spans: [{ id: 1, start: 0, end: 1, label: 'X' }, { id: '1', start: 2, end: 3, label: 'X' }] }, 'mine');
    expect(duplicate).toEqual({ ok: false, errors: ['spans: ids are not unique'] });
    expect(parseAnnotation({ spans: {}, relations: 'x' }, 'mine')).toEqual({
      ok: false,
      errors: ['spans: expected a list', 'relations: expected a list'],
    });
    expect(parseAnnotation(null, 'mine')).toEqual({ ok: false, errors: ['annotation: expected an object'] });
  });
});

describe('chooseStartingPoint', () => {
  const isMine = (author: unknown) => author === 'u3';
  const prediction = annotation({ id: 1, kind: 'prediction', author: null, version: 1, model: 'en_core_web_sm' });

  it('prefers the person own annotation and keeps its version', () => {
    const someoneElse = annotation({ id: 8, author: 'u5', version: 9, spans: [], relations: [] });
    const start = chooseStartingPoint([prediction, someoneElse, annotation()], isMine);
    expect(start.ok && start.value.version).toBe(4);
    expect(start.ok && start.value.from?.id).toBe(7);
    expect(start.ok && start.value.state.spans.every((s) => s.source === 'mine')).toBe(true);
  });

  it('takes the newest of several of the person own annotations', () => {
    const older = annotation({ id: 6, version: 2, updated_at: '2024-12-31T00:00:00Z' });
    const start = chooseStartingPoint([annotation(), older], isMine);
    expect(start.ok && start.value.from?.id).toBe(7);
  });

  it('falls back to the newest prediction as pending, without a version', () => {
    const newer = annotation({ ...prediction, id: 2, updated_at: '2025-03-01T00:00:00Z' });
    const start = chooseStartingPoint([prediction, newer, annotation({ author: 'u5' })], isMine);
    expect(start.ok && start.value.from?.id).toBe(2);
    expect(start.ok && start.value.version).toBeUndefined();
    expect(start.ok && start.value.state.spans.every((s) => s.source === 'prediction')).toBe(true);
  });

  it('starts empty when there is nothing, and passes on parse errors', () => {
    expect(chooseStartingPoint([], isMine)).toEqual({ ok: true, value: { state: { spans: [], relations: [] } } });
    const broken = annotation({ spans: [{ id: 1, start: 5, end: 1, label: 'X', text: '' }], relations: [] });
    expect(chooseStartingPoint([broken], isMine)).toEqual({ ok: false, errors: ['spans[0]: end must be after start'] });
  });
});

describe('openAnnotation', () => {
  const prediction = annotation({
    id: 1,
    kind: 'prediction',
    author: null,
    model: 'sm',
    status: 'submitted',
    version: 1,
    spans: [
      { id: 1, start: 0, end: 5, label: 'PER', text: 'Alice' },
      { id: 2, start: 3, end: 8, label: 'ORG', text: 'ce an' },
      { id: 3, start: 20, end: 25, label: 'ORG', text: 'Oxfam' },
      { id: 4, start: 30, end: 35, label: 'GPE', text: 'Paris' },
    ],
    relations: [
      { id: 9, head: 3, child: 4, label: 'located_in' },
      { id: 8, head: 1, child: 3, label: 'works_for' },
    ],
  });
  const draft = annotation({
    status: 'draft',
    spans: [{ id: 50, start: 0, end: 5, label: 'PER', text: 'Alice' }],
    relations: [],
  });
  const isMine = (author: unknown) => author === 'u3';
  const ids = (result: ReturnType<typeof openAnnotation>) =>
    result.ok ? result.value.state.spans.map((span) => `${span.id}:${span.source}`) : result.errors;

  it('opens predictions as pending, with prefixed ids, when there is no annotation of mine', () => {
    const result = openAnnotation([prediction], isMine, { allowOverlap: true });
    expect(ids(result)).toEqual(['p1:prediction', 'p2:prediction', 'p3:prediction', 'p4:prediction']);
    expect(result.ok && result.value.state.relations).toEqual([
      { id: 'p9', head: 'p3', child: 'p4', label: 'located_in' },
      { id: 'p8', head: 'p1', child: 'p3', label: 'works_for' },
    ]);
    expect(result.ok && result.value.version).toBeUndefined();
  });

  it('keeps the suggestions a draft has not dealt with, minus repeats and overlaps', () => {
    const strict = openAnnotation([prediction, draft], isMine, { allowOverlap: false });
    expect(ids(strict)).toEqual(['50:mine', 'p3:prediction', 'p4:prediction']);
    expect(strict.ok && strict.value).toMatchObject({ version: 4, status: 'draft' });
    // The relation from the prediction that became span 50 is gone with it.
    expect(strict.ok && strict.value.state.relations.map((r) => r.id)).toEqual(['p9']);
    const loose = openAnnotation([prediction, draft], isMine, { allowOverlap: true });
    expect(ids(loose)).toEqual(['50:mine', 'p2:prediction', 'p3:prediction', 'p4:prediction']);
  });

  it('leaves out predictions rejected before', () => {
    const rejected = new Set([predictionKey({ start: 30, end: 35, label: 'GPE' })]);
    const result = openAnnotation([prediction], isMine, { allowOverlap: true, rejected });
    expect(ids(result)).toEqual(['p1:prediction', 'p2:prediction', 'p3:prediction']);
    expect(result.ok && result.value.state.relations.map((r) => r.id)).toEqual(['p8']);
  });

  it('leaves out predictions decided in a decision saved with my annotation (any browser), for that model only', () => {
    const decisions = [
      { start: 20, end: 25, label: 'ORG', model: 'sm', model_version: '3.7.0', decision: 'rejected' as const },
      { start: 30, end: 35, label: 'GPE', model: 'other', model_version: '1', decision: 'rejected' as const },
    ];
    const result = openAnnotation([prediction, { ...draft, spans: [], decisions }], isMine, { allowOverlap: true });
    expect(ids(result)).toEqual(['p1:prediction', 'p2:prediction', 'p4:prediction']);
    expect(result.ok && result.value.decisions).toEqual(decisions);
    expect(result.ok && [...result.value.prediction!.decided]).toEqual(['20:25:ORG']);
  });

  it('opens a submitted annotation as submitted, without suggestions', () => {
    const submitted = { ...draft, status: 'submitted' as const };
    const result = openAnnotation([prediction, submitted], isMine, { allowOverlap: true });
    expect(ids(result)).toEqual(['50:mine']);
    expect(result.ok && result.value.status).toBe('submitted');
  });

  it("ignores other people's annotations and reports a broken prediction", () => {
    const others = annotation({ author: 'u99', status: 'draft' });
    expect(ids(openAnnotation([others], isMine, { allowOverlap: true }))).toEqual([]);
    const broken = { ...prediction, spans: [{ id: 1, start: 5, end: 2, label: 'PER', text: '' }], relations: [] };
    const result = openAnnotation([broken], isMine, { allowOverlap: true });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatch(/^prediction: spans\[0\]/);
  });
});
