import { describe, expect, it } from 'vitest';
import type { ApiAnnotation } from '../api/types';
import { applyEdit, pendingPredictions, type DocumentState } from './edits';
import { acceptVersion, draftSpans, openReview, reviewRows, reviewVersions, spanOrigins, takeReading } from './review';
import { createIdFactory } from './spans';

//            0         1         2         3
//            0123456789012345678901234567890123
const TEXT = 'Ann Lee works for Acme in Paris now';

function annotation(id: number, kind: ApiAnnotation['kind'], who: string | null, spans: [number, number, string][], extra: Partial<ApiAnnotation> = {}): ApiAnnotation {
  return {
    id,
    kind,
    author: kind === 'prediction' ? null : who,
    model: kind === 'prediction' ? who : null,
    status: 'submitted',
    version: 1,
    updated_at: '2026-01-01T00:00:00Z',
    spans: spans.map(([start, end, label], index) => ({ id: id * 100 + index, start, end, label, text: TEXT.slice(start, end) })),
    relations: [],
    ...extra,
  };
}

const model = annotation(1, 'prediction', 'en_core_web_sm', [[0, 7, 'PERSON'], [18, 22, 'GPE'], [26, 35, 'GPE']]);
const alice = annotation(2, 'annotation', 'alice', [[0, 7, 'PERSON'], [18, 22, 'ORG'], [26, 31, 'GPE']], {
  relations: [{ id: 9, head: 200, child: 201, label: 'works_for' }],
});
const draftByDave = annotation(3, 'annotation', 'dave', [[8, 13, 'ORG']], { status: 'draft' });
const keys = (state: DocumentState) => state.spans.map((span) => `${span.start}:${span.end}:${span.label}${span.source === 'prediction' ? '?' : ''}`);
const RULES = { allowOverlap: false, textLength: TEXT.length, entityLabels: ['PERSON', 'ORG', 'GPE'] };

describe('reviewVersions', () => {
  it('lists predictions, then submitted annotations by author, then gold; drafts are left out', () => {
    const gold = annotation(4, 'gold', 'bob', [[0, 7, 'PERSON']]);
    const bea = annotation(5, 'annotation', 'bea', []);
    const parsed = reviewVersions([gold, alice, draftByDave, bea, model]);
    expect(parsed.ok && parsed.value.map((version) => [version.key, version.name])).toEqual([
      ['prediction:en_core_web_sm', 'en_core_web_sm'],
      ['annotation:alice', 'alice'],
      ['annotation:bea', 'bea'],
      ['gold', 'gold'],
    ]);
  });

  it('names what cannot be read', () => {
    const broken = { ...alice, spans: [{ id: 1, start: 5, end: 2, label: 'ORG', text: '' }] };
    const parsed = reviewVersions([broken]);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors[0]).toContain('alice: spans[0]');
  });
});

describe('openReview', () => {
  it('does not suggest a model span the gold\'s saved decisions decided, unless another version has it too', () => {
    const decisions = [
      { start: 26, end: 35, label: 'GPE', model: 'en_core_web_sm', model_version: '3.8.0', decision: 'rejected' as const },
      { start: 0, end: 7, label: 'PERSON', model: 'en_core_web_sm', model_version: '3.8.0', decision: 'rejected' as const },
      { start: 18, end: 22, label: 'GPE', model: 'other_model', model_version: '1', decision: 'rejected' as const },
    ];
    const gold = annotation(4, 'gold', 'bob', [[8, 13, 'ORG']], { decisions });
    const opened = openReview([model, alice, gold]);
    if (!opened.ok) throw new Error(opened.errors.join('; '));
    // 26:35 GPE is gone; 0:7 PERSON stays as alice's; 18:22 GPE was decided about another model.
    expect(keys(opened.value.state)).toEqual(['0:7:PERSON?', '8:13:ORG', '18:22:GPE?', '18:22:ORG?', '26:31:GPE?']);
    const accepted = acceptVersion(opened.value.versions, 1, opened.value.decided);
    expect(accepted && keys(accepted)).toEqual(['0:7:PERSON', '8:13:ORG?', '18:22:GPE?', '18:22:ORG', '26:31:GPE']);
  });

  it('opens without gold as an empty draft with every version span as one suggestion', () => {
    const opened = openReview([model, alice]);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(keys(opened.value.state)).toEqual(['0:7:PERSON?', '18:22:GPE?', '18:22:ORG?', '26:35:GPE?', '26:31:GPE?']);
    expect(opened.value.gold).toBeUndefined();
    expect(spanOrigins(opened.value.versions).get('0:7:PERSON')).toEqual(['en_core_web_sm', 'alice']);
  });

  it('opens a single-pass review (only a prediction) as the pending prediction', () => {
    const opened = openReview([model]);
    expect(opened.ok && pendingPredictions(opened.value.state)).toHaveLength(3);
    const accepted = opened.ok ? applyEdit(opened.value.state, { type: 'acceptAllPredictions' }, RULES) : null;
    expect(accepted?.ok && keys(accepted.state)).toEqual(['0:7:PERSON', '18:22:GPE', '26:35:GPE']);
  });

  it('opens with the saved gold as the draft, other readings as suggestions', () => {
    const gold = annotation(4, 'gold', 'bob', [[0, 7, 'PERSON'], [18, 22, 'ORG']], { version: 3 });
    const opened = openReview([model, alice, gold]);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.value.gold?.version).toBe(3);
    expect(keys(opened.value.state)).toEqual(['0:7:PERSON', '18:22:GPE?', '18:22:ORG', '26:35:GPE?', '26:31:GPE?']);
  });
});

describe('acceptVersion', () => {
  it('makes a version the draft, with its relations, and suggests what the others say differently', () => {
    const opened = openReview([model, alice]);
    if (!opened.ok) throw new Error('not opened');
    const state = acceptVersion(opened.value.versions, 1)!;
    expect(keys(state)).toEqual(['0:7:PERSON', '18:22:GPE?', '18:22:ORG', '26:35:GPE?', '26:31:GPE']);
    expect(state.relations).toEqual([{ id: 'v2.9', head: 'v2.200', child: 'v2.201', label: 'works_for' }]);
    expect(acceptVersion(opened.value.versions, 5)).toBeNull();
  });
});

describe('accepting one suggestion in review (replaceOnAccept)', () => {
  const opened = openReview([model, alice]);
  if (!opened.ok) throw new Error('not opened');
  const fromAlice = acceptVersion(opened.value.versions, 1)!;
  const suggestion = (start: number, end: number, label: string) =>
    fromAlice.spans.find((span) => span.source === 'prediction' && span.start === start && span.end === end && span.label === label)!;

  it('replaces the draft span it conflicts with, keeping its relations', () => {
    const result = applyEdit(fromAlice, { type: 'acceptPrediction', id: suggestion(18, 22, 'GPE').id }, { ...RULES, replaceOnAccept: true, relationTypes: undefined });
    expect(result.ok).toBe(true);
    expect(keys(result.state)).toEqual(['0:7:PERSON', '18:22:GPE', '26:35:GPE?', '26:31:GPE']);
    expect(result.state.relations).toEqual([{ id: 'v2.9', head: 'v2.200', child: suggestion(18, 22, 'GPE').id, label: 'works_for' }]);
  });

  it('drops relations the new label no longer allows, and is refused without replaceOnAccept', () => {
    const relationTypes = [{ name: 'works_for', head_types: ['PERSON'], child_types: ['ORG'], symmetric: false }];
    const result = applyEdit(fromAlice, { type: 'acceptPrediction', id: suggestion(18, 22, 'GPE').id }, { ...RULES, replaceOnAccept: true, relationTypes });
    expect(result.ok && result.state.relations).toEqual([]);
    expect(applyEdit(fromAlice, { type: 'acceptPrediction', id: suggestion(18, 22, 'GPE').id }, RULES).ok).toBe(false);
  });

  it('takes a boundary alternative in place of the overlapping draft span', () => {
    const result = applyEdit(fromAlice, { type: 'acceptPrediction', id: suggestion(26, 35, 'GPE').id }, { ...RULES, replaceOnAccept: true });
    expect(result.ok && keys(result.state)).toEqual(['0:7:PERSON', '18:22:GPE?', '18:22:ORG', '26:35:GPE']);
  });
});

describe('reviewRows and takeReading', () => {
  const opened = openReview([model, alice]);
  if (!opened.ok) throw new Error('not opened');
  const versions = opened.value.versions;

  it('lists the disagreements with each side and the draft, and which version the draft follows', () => {
    const state = acceptVersion(versions, 1)!;
    const rows = reviewRows(versions, state);
    expect(rows.map((row) => [row.start, row.end, row.kind, row.chosen])).toEqual([
      [18, 22, 'label', [1]],
      [26, 35, 'boundary', [1]],
    ]);
    expect(rows[0]!.readings.map((reading) => reading.map((span) => span.label))).toEqual([['GPE'], ['ORG']]);
    expect(rows[0]!.draft.map((span) => span.label)).toEqual(['ORG']);
  });

  it('leaves out agreed stretches still waiting as suggestions, and shows them once rejected', () => {
    const opened = openReview([model, alice]);
    if (!opened.ok) throw new Error('not opened');
    const start = opened.value.state;
    expect(reviewRows(versions, start).map((row) => [row.start, row.kind])).toEqual([
      [18, 'label'],
      [26, 'boundary'],
    ]);
    const ann = start.spans.find((span) => span.start === 0)!;
    const rejected = applyEdit(start, { type: 'rejectPrediction', id: ann.id }, RULES).state;
    expect(reviewRows(versions, rejected).map((row) => [row.start, row.kind])).toEqual([
      [0, 'agree'],
      [18, 'label'],
      [26, 'boundary'],
    ]);
  });

  it('shows a row where the draft departs from versions that agree', () => {
    const state = acceptVersion(versions, 1)!;
    const edited = applyEdit(state, { type: 'relabelSpan', id: draftSpans(state)[0]!.id, label: 'ORG' }, RULES);
    const rows = reviewRows(versions, edited.state);
    expect(rows[0]).toMatchObject({ start: 0, end: 7, kind: 'agree', chosen: [] });
  });

  it('takes one reading of a row into the draft, consuming the suggestion, and is undone by another', () => {
    const state = acceptVersion(versions, 1)!;
    const row = reviewRows(versions, state)[1]!;
    const ids = createIdFactory('n');
    const taken = takeReading(state, row, 0, ids);
    expect(keys(taken)).toEqual(['0:7:PERSON', '18:22:GPE?', '18:22:ORG', '26:35:GPE']);
    expect(taken.relations).toHaveLength(1); // the relation is not in this row
    const back = takeReading(taken, reviewRows(versions, taken)[1]!, 1, ids);
    expect(keys(back)).toEqual(['0:7:PERSON', '18:22:GPE?', '18:22:ORG', '26:31:GPE']);
  });

  it('drops relations of the spans it removes, keeps a span that stays', () => {
    const state = acceptVersion(versions, 1)!;
    const row = reviewRows(versions, state)[0]!;
    const taken = takeReading(state, row, 0, createIdFactory('n'));
    expect(taken.relations).toEqual([]);
    const same = takeReading(state, row, 1, createIdFactory('n'));
    expect(same.spans.map((span) => span.id)).toEqual(state.spans.map((span) => span.id));
    expect(same.relations).toHaveLength(1);
  });
});
