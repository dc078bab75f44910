import { describe, expect, it } from 'vitest';
import type { DocumentState } from './edits';
import { excerpt, selectionHint, type HintContext } from './hints';
import { createSession, type Selection, type Session } from './session';
import { createHistory } from './undo';

//            0         1         2
//            0123456789012345678901234
const TEXT = 'Ann Lee works for Acme Corporation';
const state: DocumentState = {
  spans: [
    { id: 'a', start: 0, end: 7, label: 'PERSON', source: 'mine' },
    { id: 'b', start: 18, end: 22, label: 'ORG', source: 'mine' },
    { id: 'p', start: 18, end: 22, label: 'GPE', source: 'prediction' },
    { id: 'q', start: 8, end: 13, label: 'ORG', source: 'prediction' },
  ],
  relations: [
    { id: 'r1', head: 'a', child: 'b', label: 'works_for' },
    { id: 'r2', head: 'a', child: 'gone', label: 'works_for' },
  ],
};

function select(selection: Selection): Session {
  return { ...createSession(createHistory(state)), selection };
}

const annotate: HintContext = { textOf: (span) => TEXT.slice(span.start, span.end) };
const review: HintContext = {
  ...annotate,
  review: { versions: 2, origins: new Map([['18:22:GPE', ['sm', 'alice']]]) },
};

describe('selectionHint while annotating', () => {
  it('tells what keys do with one of my spans', () => {
    expect(selectionHint(select({ kind: 'span', id: 'a' }), annotate)).toEqual({
      kind: 'span',
      label: 'PERSON',
      text: 'Ann Lee',
      origin: null,
      hint: 'a label key relabels, Del deletes, r starts a relation, Alt(+Shift)+←/→ moves its ends',
    });
  });

  it('tells how to accept or reject a prediction', () => {
    const hint = selectionHint(select({ kind: 'span', id: 'p' }), annotate);
    expect(hint).toMatchObject({ kind: 'span', label: 'GPE', text: 'Acme', origin: null });
    expect(hint.kind === 'span' && hint.hint).toBe('prediction: Enter accepts, x rejects, a label key relabels');
  });

  it('names the two ends of a relation, and "?" for an end that is gone', () => {
    expect(selectionHint(select({ kind: 'relation', id: 'r1' }), annotate)).toEqual({
      kind: 'relation',
      head: 'Ann Lee',
      label: 'works_for',
      child: 'Acme',
      hint: 'Del deletes the relation',
    });
    expect(selectionHint(select({ kind: 'relation', id: 'r2' }), annotate)).toMatchObject({ head: 'Ann Lee', child: '?' });
  });

  it('says nothing about a relation that no longer exists', () => {
    expect(selectionHint(select({ kind: 'relation', id: 'nope' }), annotate)).toEqual({ kind: 'empty' });
  });

  it('with nothing selected (or a span that is gone) tells how to start', () => {
    const start = 'Select text with the mouse or ←/→ (Shift extends), then press a label key. Tab moves between spans. ? lists all keys.';
    expect(selectionHint(select({ kind: 'none' }), annotate)).toEqual({ kind: 'none', hint: start });
    expect(selectionHint(select({ kind: 'span', id: 'gone' }), annotate)).toEqual({ kind: 'none', hint: start });
  });
});

describe('selectionHint in review', () => {
  it('says who suggested a suggestion and how it differs from the draft', () => {
    expect(selectionHint(select({ kind: 'span', id: 'p' }), review)).toEqual({
      kind: 'span',
      label: 'GPE',
      text: 'Acme',
      origin: 'suggested by sm, alice',
      hint: "another label than the draft: Enter accepts (replacing the draft's span there), x rejects",
    });
    const only = selectionHint(select({ kind: 'span', id: 'q' }), review);
    expect(only).toMatchObject({ origin: 'suggested by a version' });
    expect(only.kind === 'span' && only.hint).toMatch(/^not in the draft: /);
  });

  it('says "already in the draft" for a suggestion the draft has, and a boundary difference', () => {
    const withCopy: DocumentState = {
      spans: [...state.spans, { id: 'c', start: 0, end: 7, label: 'PERSON', source: 'prediction' }, { id: 'w', start: 0, end: 3, label: 'PERSON', source: 'prediction' }],
      relations: [],
    };
    const session = (id: string): Session => ({ ...createSession(createHistory(withCopy)), selection: { kind: 'span', id } });
    expect(selectionHint(session('c'), review)).toMatchObject({ hint: expect.stringMatching(/^already in the draft: /) });
    expect(selectionHint(session('w'), review)).toMatchObject({ hint: expect.stringMatching(/^other boundaries than the draft: /) });
  });

  it("treats the draft's own spans as in the editor", () => {
    expect(selectionHint(select({ kind: 'span', id: 'a' }), review)).toMatchObject({ origin: null, hint: expect.stringMatching(/^a label key relabels/) });
  });

  it('with nothing selected names the version keys, at most 1–9', () => {
    expect(selectionHint(select({ kind: 'none' }), review)).toEqual({
      kind: 'none',
      hint: '1–2 accepts a version whole. Dashed spans are suggestions from the other versions: Tab to one, Enter accepts, x rejects. Edit as in the editor. Ctrl+Enter marks gold. ? lists all keys.',
    });
    const one = selectionHint(select({ kind: 'none' }), { ...annotate, review: { versions: 1, origins: new Map() } });
    expect(one.kind === 'none' && one.hint).toMatch(/^1 accepts a version whole\. Dashed/);
    const many = selectionHint(select({ kind: 'none' }), { ...annotate, review: { versions: 12, origins: new Map() } });
    expect(many.kind === 'none' && many.hint).toMatch(/^1–9 accepts/);
    const none = selectionHint(select({ kind: 'none' }), { ...annotate, review: { versions: 0, origins: new Map() } });
    expect(none.kind === 'none' && none.hint).toMatch(/^Dashed spans/);
  });
});

describe('excerpt', () => {
  it('keeps short text and cuts long text with an ellipsis, within the limit', () => {
    expect(excerpt('Acme', 10)).toBe('Acme');
    expect(excerpt('0123456789', 10)).toBe('0123456789');
    expect(excerpt('0123456789A', 10)).toBe('0123456…');
    expect(excerpt('0123456789A', 10)).toHaveLength(8);
  });
});

describe('the line says a lasting mode', () => {
  it('label first: the label and how to end it', () => {
    const session: Session = { ...createSession(createHistory(state)), mode: { kind: 'stickyLabel', label: 'ORG' } };
    expect(selectionHint(session, annotate)).toEqual({
      kind: 'mode', label: 'ORG', text: 'Label first', hint: 'every text you select becomes ORG; another label key switches; Esc ends',
    });
  });

  it('a relation: its head while picking the child, then head and child while picking the type', () => {
    const [head, child] = state.spans;
    const picking: Session = { ...createSession(createHistory(state)), mode: { kind: 'pickChild', head: head!.id, target: null } };
    const hint = selectionHint(picking, annotate);
    expect(hint).toMatchObject({ kind: 'mode', label: '', text: `Relation from ‘${TEXT.slice(head!.start, head!.end)}’ (PERSON)` });
    const choosing: Session = { ...picking, mode: { kind: 'chooseRelationType', head: head!.id, child: child!.id, options: ['works_for'], index: 0 } };
    expect(selectionHint(choosing, annotate)).toMatchObject({
      kind: 'mode', text: `Relation ‘${TEXT.slice(head!.start, head!.end)}’ (PERSON) → ‘${TEXT.slice(child!.start, child!.end)}’ (ORG)`,
    });
  });
});
