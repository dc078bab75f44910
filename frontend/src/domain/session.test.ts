import { describe, expect, it } from 'vitest';
import type { DocumentState } from './edits';
import type { Command } from './keymap';
import type { RelationTypeRule } from './relations';
import { createSession, interact, selectedSpan, type Action, type Outcome, type Session, type SessionContext } from './session';
import type { Token } from './snapping';
import { createIdFactory, type Span } from './spans';
import { createHistory } from './undo';

//            0         1         2         3         4
//            0123456789012345678901234567890123456789012
const text = 'Maria Okafor works for Oxfam in Nairobi .';
const tokens: Token[] = [];
for (const match of text.matchAll(/\S+/g)) tokens.push([match.index, match.index + match[0].length]);
// tokens: Maria[0,5] Okafor[6,12] works[13,18] for[19,22] Oxfam[23,28] in[29,31] Nairobi[32,39] .[40,41]

const relationTypes: RelationTypeRule[] = [
  { name: 'works_for', head_types: ['PERSON'], child_types: ['ORG'] },
  { name: 'located_in', head_types: ['ORG', 'GPE'], child_types: ['GPE'] },
  { name: 'related', head_types: [], child_types: [] },
];

function context(allowOverlap = false): SessionContext {
  return {
    tokens,
    rules: { allowOverlap, textLength: text.length, entityLabels: ['PERSON', 'ORG', 'GPE'], relationTypes },
    relationTypes,
    newSpanId: createIdFactory('n'),
    newRelationId: createIdFactory('r'),
  };
}

const mine = (id: string, start: number, end: number, label: string): Span => ({ id, start, end, label, source: 'mine' });
const predicted = (id: string, start: number, end: number, label: string): Span => ({ id, start, end, label, source: 'prediction' });

function start(state: DocumentState = { spans: [], relations: [] }): Session {
  return createSession(createHistory(state));
}

const cmd = (command: Command): Action => ({ type: 'command', command });
const key = (name: Exclude<Command['name'], 'label'>): Action => cmd({ name } as Command);
const labelKey = (label: string): Action => cmd({ name: 'label', label });

/** Runs actions in order; returns the last outcome. */
function run(session: Session, ctx: SessionContext, ...actions: Action[]): Outcome {
  let outcome: Outcome = { session };
  for (const action of actions) outcome = interact(outcome.session, action, ctx);
  return outcome;
}

const spans = (outcome: Outcome) => outcome.session.history.present.spans.map((s) => `${s.label}[${s.start},${s.end})${s.source === 'prediction' ? '?' : ''}`);

describe('creating spans with the keyboard', () => {
  it('moves a token cursor with arrows, extends it with shift, labels it with a hotkey', () => {
    const ctx = context();
    let outcome = run(start(), ctx, key('nextToken'));
    expect(outcome.session.cursor).toEqual({ anchor: 0, focus: 0 }); // the first arrow shows the cursor
    outcome = run(outcome.session, ctx, key('extendRight'), labelKey('PERSON'));
    expect(spans(outcome)).toEqual(['PERSON[0,12)']);
    expect(outcome.session.selection).toEqual({ kind: 'span', id: 'n1' });
    expect(outcome.session.cursor).toBeNull();
    // From the selected span, an arrow moves on to the next token.
    outcome = run(outcome.session, ctx, key('nextToken'), key('nextToken'), key('nextToken'), labelKey('ORG'));
    expect(spans(outcome)).toEqual(['PERSON[0,12)', 'ORG[23,28)']);
  });

  it('shift+arrow from a selected span extends the span range', () => {
    const ctx = context();
    const outcome = run(start({ spans: [mine('a', 32, 39, 'GPE')], relations: [] }), ctx, key('nextSpan'), key('extendLeft'));
    expect(outcome.session.cursor).toEqual({ anchor: 6, focus: 5 });
    expect(outcome.session.selection).toEqual({ kind: 'none' });
  });

  it('a label key with nothing to label starts label-first mode and says so (not an error)', () => {
    const outcome = run(start(), context(), labelKey('ORG'));
    expect(outcome.message).toMatchObject({ level: 'info' });
    expect(outcome.message?.text).toContain('every text you select now becomes ORG');
    expect(outcome.session.mode).toEqual({ kind: 'stickyLabel', label: 'ORG' });
    expect(spans(outcome)).toEqual([]);
  });

  it('refuses an overlap with the reason, where the project forbids overlaps', () => {
    const state: DocumentState = { spans: [mine('a', 0, 12, 'PERSON')], relations: [] };
    const refused = run(start(state), context(false), key('nextToken'), key('nextToken'), labelKey('ORG'));
    expect(refused.message?.text).toMatch(/does not allow overlapping spans/);
    expect(spans(refused)).toEqual(['PERSON[0,12)']);
    const allowed = run(start(state), context(true), key('nextToken'), key('nextToken'), labelKey('ORG'));
    expect(spans(allowed)).toEqual(['PERSON[0,12)', 'ORG[6,12)']);
  });
});

describe('mouse', () => {
  it('snaps a mouse selection to tokens and asks for a label', () => {
    const ctx = context();
    const outcome = run(start(), ctx, { type: 'selectRange', start: 2, end: 8 });
    expect(outcome.effect).toBe('labelMenu');
    expect(outcome.session.cursor).toEqual({ anchor: 0, focus: 1 });
    expect(spans(run(outcome.session, ctx, labelKey('PERSON')))).toEqual(['PERSON[0,12)']);
  });

  it('ignores a selection of spaces only', () => {
    const outcome = run(start(), context(), { type: 'selectRange', start: 5, end: 6 });
    expect(outcome.effect).toBeUndefined();
    expect(outcome.session.cursor).toBeNull();
  });

  it('selects the innermost span on click, the enclosing one on a second click', () => {
    const state: DocumentState = { spans: [mine('outer', 0, 28, 'ORG'), mine('inner', 0, 12, 'PERSON')], relations: [] };
    const ctx = context(true);
    let outcome = run(start(state), ctx, { type: 'clickSpan', ids: ['outer', 'inner'] });
    expect(outcome.session.selection).toEqual({ kind: 'span', id: 'inner' });
    outcome = run(outcome.session, ctx, { type: 'clickSpan', ids: ['outer', 'inner'] });
    expect(outcome.session.selection).toEqual({ kind: 'span', id: 'outer' });
  });

  it('puts the cursor on the clicked token', () => {
    const outcome = run(start(), context(), { type: 'clickText', offset: 25 });
    expect(outcome.session.cursor).toEqual({ anchor: 4, focus: 4 });
  });
});

describe('changing spans', () => {
  const state: DocumentState = {
    spans: [mine('a', 0, 12, 'PERSON'), mine('b', 23, 28, 'ORG')],
    relations: [{ id: 'r', head: 'a', child: 'b', label: 'works_for' }],
  };

  it('relabels the selected span with a hotkey, dropping relations no longer allowed', () => {
    const outcome = run(start(state), context(), { type: 'selectSpan', id: 'b' }, labelKey('GPE'));
    expect(spans(outcome)).toEqual(['PERSON[0,12)', 'GPE[23,28)']);
    expect(outcome.session.history.present.relations).toEqual([]);
    expect(outcome.message?.text).toMatch(/removed 1 relation/);
  });

  it('deletes the selected span with its relations, or the selected relation', () => {
    const ctx = context();
    const gone = run(start(state), ctx, { type: 'selectSpan', id: 'a' }, key('delete'));
    expect(spans(gone)).toEqual(['ORG[23,28)']);
    expect(gone.session.history.present.relations).toEqual([]);
    expect(gone.session.selection).toEqual({ kind: 'none' });
    const relationGone = run(start(state), ctx, { type: 'selectRelation', id: 'r' }, key('delete'));
    expect(spans(relationGone)).toHaveLength(2);
    expect(relationGone.session.history.present.relations).toEqual([]);
  });

  it('moves either end of the selected span by a token', () => {
    const ctx = context();
    const selected = run(start(state), ctx, { type: 'selectSpan', id: 'b' }).session;
    expect(spans(run(selected, ctx, key('growStart')))).toEqual(['PERSON[0,12)', 'ORG[19,28)']);
    expect(spans(run(selected, ctx, key('growEnd'), key('growEnd')))).toEqual(['PERSON[0,12)', 'ORG[23,39)']);
    const a = run(start(state), ctx, { type: 'selectSpan', id: 'a' }).session;
    expect(spans(run(a, ctx, key('shrinkStart')))).toEqual(['PERSON[6,12)', 'ORG[23,28)']);
    expect(spans(run(a, ctx, key('shrinkEnd')))).toEqual(['PERSON[0,5)', 'ORG[23,28)']);
    expect(run(selected, ctx, key('shrinkEnd')).message?.text).toMatch(/at least one token/);
    // Growing into another span is refused where overlaps are not allowed.
    expect(run(selected, ctx, key('growStart'), key('growStart'), key('growStart')).message?.level).toBe('error');
  });

  it('undoes and redoes every edit, keeping a selection only while its span exists', () => {
    const ctx = context();
    let outcome = run(start(state), ctx, { type: 'selectSpan', id: 'b' }, labelKey('GPE'), key('undo'));
    expect(spans(outcome)).toEqual(['PERSON[0,12)', 'ORG[23,28)']);
    expect(outcome.session.history.present.relations).toHaveLength(1);
    outcome = run(outcome.session, ctx, key('redo'));
    expect(spans(outcome)).toEqual(['PERSON[0,12)', 'GPE[23,28)']);
    outcome = run(start(), ctx, key('nextToken'), labelKey('PERSON'), key('undo'));
    expect(outcome.session.selection).toEqual({ kind: 'none' });
    expect(run(start(), ctx, key('undo')).message?.text).toBe('Nothing to undo.');
  });

  it('moves through spans with Tab, wrapping around, and from the cursor', () => {
    const ctx = context();
    let outcome = run(start(state), ctx, key('nextSpan'));
    expect(outcome.session.selection).toEqual({ kind: 'span', id: 'a' });
    expect(outcome.reveal).toEqual({ kind: 'span', id: 'a' });
    outcome = run(outcome.session, ctx, key('nextSpan'), key('nextSpan'));
    expect(outcome.session.selection).toEqual({ kind: 'span', id: 'a' });
    outcome = run(start(state), ctx, { type: 'clickText', offset: 14 }, key('nextSpan'));
    expect(outcome.session.selection).toEqual({ kind: 'span', id: 'b' });
    outcome = run(start(state), ctx, key('prevSpan'));
    expect(outcome.session.selection).toEqual({ kind: 'span', id: 'b' });
  });

  it('clears selection, cursor and modes with Escape', () => {
    const outcome = run(start(state), context(), { type: 'selectSpan', id: 'a' }, key('relation'), key('cancel'), key('cancel'));
    expect(outcome.session).toMatchObject({ selection: { kind: 'none' }, cursor: null, mode: { kind: 'normal' } });
  });
});

describe('predictions', () => {
  const state: DocumentState = {
    spans: [predicted('p1', 0, 12, 'PERSON'), predicted('p2', 23, 28, 'ORG'), predicted('p3', 32, 39, 'GPE')],
    relations: [],
  };

  it('accepts with Enter and rejects with x, moving on to the next prediction', () => {
    const ctx = context();
    let outcome = run(start(state), ctx, key('nextSpan'), key('accept'));
    expect(spans(outcome)).toEqual(['PERSON[0,12)', 'ORG[23,28)?', 'GPE[32,39)?']);
    expect(outcome.session.selection).toEqual({ kind: 'span', id: 'p2' });
    outcome = run(outcome.session, ctx, key('reject'));
    expect(spans(outcome)).toEqual(['PERSON[0,12)', 'GPE[32,39)?']);
    expect(outcome.session.selection).toEqual({ kind: 'span', id: 'p3' });
    outcome = run(outcome.session, ctx, key('accept'));
    expect(spans(outcome)).toEqual(['PERSON[0,12)', 'GPE[32,39)']);
    expect(outcome.session.selection).toEqual({ kind: 'span', id: 'p3' });
  });

  it('accepts or rejects all at once', () => {
    const ctx = context();
    expect(spans(run(start(state), ctx, key('acceptAll')))).toEqual(['PERSON[0,12)', 'ORG[23,28)', 'GPE[32,39)']);
    expect(spans(run(start(state), ctx, { type: 'edit', edit: { type: 'rejectAllPredictions' } }))).toEqual([]);
  });

  it('says what to select when Enter or x has no prediction to act on', () => {
    expect(run(start(state), context(), key('accept')).message?.level).toBe('error');
  });
});

describe('relations', () => {
  const state: DocumentState = {
    spans: [mine('per', 0, 12, 'PERSON'), mine('org', 23, 28, 'ORG'), predicted('gpe', 32, 39, 'GPE')],
    relations: [],
  };

  it('draws a relation: select the head, r, click the child, choose among the allowed types', () => {
    const ctx = context();
    let outcome = run(start(state), ctx, { type: 'selectSpan', id: 'per' }, key('relation'));
    expect(outcome.session.mode).toEqual({ kind: 'pickChild', head: 'per', target: null });
    outcome = run(outcome.session, ctx, { type: 'clickSpan', ids: ['org'] });
    expect(outcome.session.mode).toEqual({ kind: 'chooseRelationType', head: 'per', child: 'org', options: ['works_for', 'related'], index: 0 });
    outcome = run(outcome.session, ctx, { type: 'chooseRelationType', label: 'works_for' });
    expect(outcome.session.history.present.relations).toEqual([{ id: 'r1', head: 'per', child: 'org', label: 'works_for' }]);
    expect(outcome.session.selection).toEqual({ kind: 'relation', id: 'r1' });
    expect(outcome.session.mode).toEqual({ kind: 'normal' });
  });

  it('draws a relation with the keyboard only: Tab to the child, Enter, arrows in the list, Enter', () => {
    const ctx = context();
    let outcome = run(start(state), ctx, key('nextSpan'), key('relation'), key('nextSpan'));
    expect(outcome.session.mode).toMatchObject({ kind: 'pickChild', target: 'org' });
    outcome = run(outcome.session, ctx, key('accept'), { type: 'moveChoice', delta: 1 }, key('accept'));
    expect(outcome.session.history.present.relations).toEqual([{ id: 'r1', head: 'per', child: 'org', label: 'related' }]);
  });

  it('Tab in pick mode starts from the head and skips it', () => {
    const ctx = context();
    let outcome = run(start(state), ctx, { type: 'selectSpan', id: 'org' }, key('relation'), key('nextSpan'));
    expect(outcome.session.mode).toMatchObject({ kind: 'pickChild', head: 'org', target: 'gpe' });
    outcome = run(outcome.session, ctx, key('nextSpan'));
    expect(outcome.session.mode).toMatchObject({ target: 'per' });
    outcome = run(outcome.session, ctx, key('nextSpan'));
    expect(outcome.session.mode).toMatchObject({ target: 'gpe' });
    outcome = run(start(state), ctx, { type: 'selectSpan', id: 'org' }, key('relation'), key('prevSpan'));
    expect(outcome.session.mode).toMatchObject({ target: 'per' });
  });

  it('arrows in pick mode target the span under the cursor', () => {
    const ctx = context();
    const outcome = run(start(state), ctx, { type: 'selectSpan', id: 'org' }, key('relation'), key('nextToken'), key('nextToken'));
    expect(outcome.session.mode).toEqual({ kind: 'pickChild', head: 'org', target: 'gpe' });
    // Relating a prediction accepts it.
    const done = run(outcome.session, ctx, key('accept'), key('accept'));
    expect(done.session.history.present.relations).toEqual([{ id: 'r1', head: 'org', child: 'gpe', label: 'located_in' }]);
    expect(spans(done)).toContain('GPE[32,39)');
  });

  it('says so when no relation type is allowed between the two', () => {
    const strictTypes = relationTypes.slice(0, 2);
    const ctx = { ...context(), relationTypes: strictTypes, rules: { ...context().rules, relationTypes: strictTypes } };
    const outcome = run(start(state), ctx, { type: 'selectSpan', id: 'org' }, key('relation'), { type: 'clickSpan', ids: ['per'] });
    expect(outcome.message?.text).toBe('No relation type is allowed from ORG to PERSON.');
    expect(outcome.session.mode).toEqual({ kind: 'normal' });
  });

  it('needs a selected head, and a different child', () => {
    const ctx = context();
    expect(run(start(state), ctx, key('relation')).message?.text).toMatch(/head span first/);
    const self = run(start(state), ctx, { type: 'selectSpan', id: 'per' }, key('relation'), { type: 'clickSpan', ids: ['per'] });
    expect(self.message?.text).toMatch(/different span/);
  });

  it('ignores label keys while choosing, and cancels with Escape', () => {
    const ctx = context();
    let outcome = run(start(state), ctx, { type: 'selectSpan', id: 'per' }, key('relation'), labelKey('ORG'));
    expect(outcome.message?.level).toBe('error');
    expect(spans(outcome)).toEqual(spans({ session: start(state) }));
    outcome = run(outcome.session, ctx, { type: 'clickSpan', ids: ['org'] }, labelKey('ORG'), key('cancel'));
    expect(outcome.session.mode).toEqual({ kind: 'normal' });
    expect(outcome.session.history.present.relations).toEqual([]);
  });
});

describe('effects', () => {
  it('asks the editor to save, submit or show help', () => {
    const ctx = context();
    expect(run(start(), ctx, key('save')).effect).toBe('save');
    expect(run(start(), ctx, key('submit')).effect).toBe('submit');
    expect(run(start(), ctx, key('help')).effect).toBe('help');
  });

  it('selectedSpan reads the selection', () => {
    const session = run(start({ spans: [mine('a', 0, 5, 'PERSON')], relations: [] }), context(), { type: 'selectSpan', id: 'a' }).session;
    expect(selectedSpan(session)?.id).toBe('a');
  });
});

describe('label first (sticky label)', () => {
  it('a label with nothing selected starts the mode; every selection then gets it, until Esc', () => {
    const ctx = context();
    let session = createSession(createHistory({ spans: [], relations: [] }));
    let outcome = interact(session, { type: 'command', command: { name: 'label', label: 'PERSON' } }, ctx);
    expect(outcome.session.mode).toEqual({ kind: 'stickyLabel', label: 'PERSON' });
    expect(outcome.message?.level).toBe('info');
    session = outcome.session;
    for (const [start, end] of [[0, 5], [23, 28]] as const) {
      outcome = interact(session, { type: 'selectRange', start, end }, ctx);
      session = outcome.session;
      expect(outcome.effect).toBeUndefined(); // no label menu: the label is already chosen
    }
    expect(session.history.present.spans.map((span) => [span.start, span.end, span.label])).toEqual([[0, 5, 'PERSON'], [23, 28, 'PERSON']]);
    expect(session.mode.kind).toBe('stickyLabel');
    expect(session.selection).toEqual({ kind: 'none' });
    session = interact(session, { type: 'command', command: { name: 'label', label: 'ORG' } }, ctx).session;
    expect(session.mode).toEqual({ kind: 'stickyLabel', label: 'ORG' });
    session = interact(session, { type: 'command', command: { name: 'cancel' } }, ctx).session;
    expect(session.mode.kind).toBe('normal');
    outcome = interact(session, { type: 'selectRange', start: 13, end: 18 }, ctx);
    expect(outcome.effect).toBe('labelMenu');
    expect(outcome.session.history.present.spans).toHaveLength(2);
  });
});
