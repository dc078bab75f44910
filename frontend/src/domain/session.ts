/**
 * What a key press or a click means in the editor, given what is selected: the pure
 * core of the editor's behaviour. `interact(session, action, context)` returns the next
 * session and what the renderer should do (show a message, save, open the help...).
 * Every change to the annotation goes through `applyEdit` and onto the undo history;
 * selection, the keyboard token cursor and the relation-drawing mode are not undone.
 */
import { applyEdit, isPending, suggestedRelationIds, type DocumentState, type Edit, type EditRules } from './edits';
import type { Command } from './keymap';
import { allowedRelationTypes, type RelationTypeRule } from './relations';
import {
  cursorAt,
  cursorFromRange,
  cursorRange,
  extendLeft,
  extendRight,
  nextToken,
  nextTokenEnd,
  nextTokenStart,
  previousTokenEnd,
  previousTokenStart,
  prevToken,
  snapToTokens,
  tokenIndexNear,
  type TokenCursor,
  type Tokens,
} from './snapping';
import { findSpan, spansAt, type Span } from './spans';
import { canRedo, canUndo, push, redo, undo, type History } from './undo';

export type Selection =
  | { readonly kind: 'none' }
  | { readonly kind: 'span'; readonly id: string }
  | { readonly kind: 'relation'; readonly id: string };

export type Mode =
  | { readonly kind: 'normal' }
  /** Label first: a label was chosen with nothing selected; every selection now gets it, until Esc. */
  | { readonly kind: 'stickyLabel'; readonly label: string }
  /** `r` was pressed on `head`: the next span clicked (or chosen with Tab/arrows + Enter) is the child. */
  | { readonly kind: 'pickChild'; readonly head: string; readonly target: string | null }
  /** Head and child are chosen: pick one of the relation types allowed between them. */
  | {
      readonly kind: 'chooseRelationType';
      readonly head: string;
      readonly child: string;
      readonly options: readonly string[];
      readonly index: number;
    };

export interface Session {
  readonly history: History<DocumentState>;
  readonly selection: Selection;
  /** The keyboard token cursor (also where a mouse selection lands), or none. */
  readonly cursor: TokenCursor | null;
  readonly mode: Mode;
}

export interface SessionContext {
  /** The document's tokens, whitespace tokens dropped. */
  readonly tokens: Tokens;
  readonly rules: EditRules;
  readonly relationTypes: readonly RelationTypeRule[];
  readonly newSpanId: () => string;
  readonly newRelationId: () => string;
  /** "Accept all" takes predictions scored at least this (0 or absent: all). */
  readonly acceptAbove?: () => number;
}

export type Action =
  | { readonly type: 'command'; readonly command: Command }
  /** A click on a drawn span piece: the spans covering it, enclosing first. */
  | { readonly type: 'clickSpan'; readonly ids: readonly string[] }
  /** A click on text outside any span. */
  | { readonly type: 'clickText'; readonly offset: number }
  /** A mouse selection of [start, end), raw code points (it is snapped to tokens). */
  | { readonly type: 'selectRange'; readonly start: number; readonly end: number }
  | { readonly type: 'selectSpan'; readonly id: string }
  | { readonly type: 'selectRelation'; readonly id: string }
  | { readonly type: 'chooseRelationType'; readonly label: string }
  | { readonly type: 'moveChoice'; readonly delta: number }
  | { readonly type: 'edit'; readonly edit: Edit };

export type Effect = 'save' | 'submit' | 'help' | 'labelMenu';

export interface Message {
  readonly level: 'info' | 'error';
  readonly text: string;
}

export interface Outcome {
  readonly session: Session;
  readonly message?: Message;
  readonly effect?: Effect;
  /** What to scroll into view. */
  readonly reveal?: Selection;
}

const NONE: Selection = { kind: 'none' };
const NORMAL: Mode = { kind: 'normal' };

export function createSession(history: History<DocumentState>): Session {
  return { history, selection: NONE, cursor: null, mode: NORMAL };
}

export function currentState(session: Session): DocumentState {
  return session.history.present;
}

export function selectedSpan(session: Session): Span | undefined {
  return session.selection.kind === 'span' ? findSpan(session.history.present.spans, session.selection.id) : undefined;
}

const info = (text: string): Message => ({ level: 'info', text });
const error = (text: string): Message => ({ level: 'error', text });

/** Drops a selection whose span or relation no longer exists. */
function validSelection(state: DocumentState, selection: Selection): Selection {
  if (selection.kind === 'span') return findSpan(state.spans, selection.id) ? selection : NONE;
  if (selection.kind === 'relation') return state.relations.some((r) => r.id === selection.id) ? selection : NONE;
  return selection;
}

/** Applies an edit; on success it goes on the history, on refusal the reason is the message. */
function edit(session: Session, change: Edit, context: SessionContext, then: Partial<Session> = {}): Outcome {
  const result = applyEdit(session.history.present, change, context.rules);
  if (!result.ok) return { session, message: error(result.message) };
  const history = push(session.history, result.state);
  const next: Session = { ...session, mode: NORMAL, ...then, history };
  const selection = validSelection(result.state, next.selection);
  const outcome: Outcome = { session: { ...next, selection } };
  return result.notices.length ? { ...outcome, message: info(result.notices.join('; ')) } : outcome;
}

function select(session: Session, selection: Selection): Outcome {
  return { session: { ...session, selection, cursor: null, mode: NORMAL }, reveal: selection };
}

/** Where the cursor starts when an arrow is pressed with no cursor: at the selected span, or the top. */
function cursorToStart(session: Session, tokens: Tokens, forward: boolean): TokenCursor {
  const span = selectedSpan(session);
  if (span) {
    const range = cursorFromRange(tokens, span);
    if (range) {
      const index = forward ? Math.max(range.anchor, range.focus) : Math.min(range.anchor, range.focus);
      return cursorAt(tokens, index);
    }
  }
  return cursorAt(tokens, 0);
}

function moveCursor(session: Session, context: SessionContext, move: (tokens: Tokens, cursor: TokenCursor) => TokenCursor, forward: boolean, extend: boolean): Outcome {
  const { tokens } = context;
  if (tokens.length === 0) return { session, message: error('This document has no tokens to move through.') };
  let cursor: TokenCursor;
  if (session.cursor) cursor = move(tokens, session.cursor);
  else if (extend && selectedSpan(session)) cursor = move(tokens, cursorFromRange(tokens, selectedSpan(session) as Span) ?? cursorAt(tokens, 0));
  else if (session.selection.kind === 'span') cursor = move(tokens, cursorToStart(session, tokens, forward));
  else cursor = cursorAt(tokens, 0);
  if (session.mode.kind === 'pickChild') {
    const range = cursorRange(tokens, cursor);
    const head = session.mode.head;
    const covering = range ? spansAt(session.history.present.spans, range.start).filter((s) => s.id !== head) : [];
    const target = covering[covering.length - 1]?.id ?? null;
    return { session: { ...session, cursor, mode: { ...session.mode, target } } };
  }
  return { session: { ...session, cursor, selection: NONE } };
}

/** The next (or previous) span in reading order after the selection or the cursor, wrapping around. */
function neighbourSpan(session: Session, context: SessionContext, step: 1 | -1, skip?: string, from?: string | null): Span | undefined {
  const all = session.history.present.spans;
  const spans = all.filter((span) => span.id !== skip);
  if (spans.length === 0) return undefined;
  const reference = from ?? (session.selection.kind === 'span' ? session.selection.id : null);
  const index = reference ? all.findIndex((span) => span.id === reference) : -1;
  if (index >= 0) {
    for (let k = 1; k <= all.length; k++) {
      const span = all[(((index + step * k) % all.length) + all.length) % all.length] as Span;
      if (span.id !== skip) return span;
    }
  }
  const cursor = session.cursor && cursorRange(context.tokens, session.cursor);
  if (cursor) {
    if (step === 1) return spans.find((span) => span.start >= cursor.start) ?? spans[0];
    return [...spans].reverse().find((span) => span.start < cursor.start) ?? spans[spans.length - 1];
  }
  return step === 1 ? spans[0] : spans[spans.length - 1];
}

/** After dealing with one prediction, move on to the next pending one, keyboard-first review. */
function nextPending(state: DocumentState, after: number): Span | undefined {
  const pending = state.spans.filter(isPending);
  return pending.find((span) => span.start >= after) ?? pending[0];
}

function resize(session: Session, context: SessionContext, which: 'growStart' | 'shrinkStart' | 'growEnd' | 'shrinkEnd'): Outcome {
  const span = selectedSpan(session);
  if (!span) return { session, message: error('Select a span first (click it, or Tab to it).') };
  const { tokens } = context;
  let { start, end } = span;
  if (which === 'growStart') start = previousTokenStart(tokens, start) ?? start;
  if (which === 'shrinkStart') start = nextTokenStart(tokens, start) ?? start;
  if (which === 'growEnd') end = nextTokenEnd(tokens, end) ?? end;
  if (which === 'shrinkEnd') end = previousTokenEnd(tokens, end) ?? end;
  if (end <= start) return { session, message: error('A span keeps at least one token.') };
  if (start === span.start && end === span.end) return { session };
  return edit(session, { type: 'resizeSpan', id: span.id, start, end }, context);
}

function label(session: Session, context: SessionContext, name: string): Outcome {
  const span = selectedSpan(session);
  if (span) return edit(session, { type: 'relabelSpan', id: span.id, label: name }, context);
  const range = session.cursor && cursorRange(context.tokens, session.cursor);
  if (!range) {
    // Nothing selected: label first. Every selection from now on gets this label, until Esc.
    if (context.rules.entityLabels && !context.rules.entityLabels.includes(name)) return { session, message: error(`unknown entity type ${name}`) };
    return {
      session: { ...session, selection: NONE, mode: { kind: 'stickyLabel', label: name } },
      message: info(`Label first: every text you select now becomes ${name}. Esc ends.`),
    };
  }
  const id = context.newSpanId();
  const outcome = edit(session, { type: 'addSpan', span: { id, start: range.start, end: range.end, label: name } }, context,
    session.mode.kind === 'stickyLabel' ? { mode: session.mode } : {});
  if (outcome.session === session) return outcome; // refused
  const added = findSpan(outcome.session.history.present.spans, id);
  // Label first: nothing stays selected, so the next label key changes the mode's label, not this span's.
  const selection: Selection = session.mode.kind === 'stickyLabel' ? NONE : { kind: 'span', id };
  return added ? { ...outcome, session: { ...outcome.session, selection, cursor: null } } : outcome;
}

function pickChild(session: Session, context: SessionContext, head: string, child: string): Outcome {
  const state = session.history.present;
  const headSpan = findSpan(state.spans, head);
  const childSpan = findSpan(state.spans, child);
  if (!headSpan || !childSpan) return { session: { ...session, mode: NORMAL } };
  if (head === child) return { session, message: error('Pick a different span as the child.') };
  const options = allowedRelationTypes(context.relationTypes, headSpan.label, childSpan.label).map((type) => type.name);
  if (options.length === 0) {
    return {
      session: { ...session, mode: NORMAL },
      message: error(`No relation type is allowed from ${headSpan.label} to ${childSpan.label}.`),
    };
  }
  return { session: { ...session, cursor: null, mode: { kind: 'chooseRelationType', head, child, options, index: 0 } } };
}

function chooseRelationType(session: Session, context: SessionContext, name: string): Outcome {
  const mode = session.mode;
  if (mode.kind !== 'chooseRelationType') return { session };
  if (!mode.options.includes(name)) return { session, message: error(`${name} is not allowed between these spans.`) };
  const id = context.newRelationId();
  const outcome = edit(session, { type: 'addRelation', relation: { id, head: mode.head, child: mode.child, label: name } }, context);
  if (outcome.session === session) return { ...outcome, session: { ...session, mode: NORMAL } };
  return { ...outcome, session: { ...outcome.session, selection: { kind: 'relation', id } }, reveal: { kind: 'relation', id } };
}

function command(session: Session, context: SessionContext, cmd: Command): Outcome {
  const mode = session.mode;

  if (mode.kind === 'chooseRelationType') {
    if (cmd.name === 'accept') return chooseRelationType(session, context, mode.options[mode.index] as string);
    if (cmd.name === 'cancel') return { session: { ...session, mode: NORMAL }, message: info('Relation cancelled.') };
    return { session }; // the chooser is open: other keys do nothing
  }
  if (mode.kind === 'stickyLabel' && cmd.name === 'cancel') {
    return { session: { ...session, mode: NORMAL, cursor: null }, message: info(`Label-first mode ended (${mode.label}).`) };
  }
  if (mode.kind === 'pickChild') {
    switch (cmd.name) {
      case 'cancel':
        return { session: { ...session, mode: NORMAL }, message: info('Relation cancelled.') };
      case 'nextSpan':
      case 'prevSpan': {
        const target = neighbourSpan(session, context, cmd.name === 'nextSpan' ? 1 : -1, mode.head, mode.target ?? mode.head);
        return target
          ? { session: { ...session, mode: { ...mode, target: target.id } }, reveal: { kind: 'span', id: target.id } }
          : { session };
      }
      case 'accept':
        return mode.target
          ? pickChild(session, context, mode.head, mode.target)
          : { session, message: error('Move to the child span first (Tab or arrows), or click it.') };
      case 'nextToken':
      case 'prevToken':
        return moveCursor(session, context, cmd.name === 'nextToken' ? nextToken : prevToken, cmd.name === 'nextToken', false);
      case 'undo':
      case 'redo':
      case 'help':
      case 'save':
      case 'submit':
        break; // allowed while picking, below
      default:
        return { session, message: error('Picking the child of a relation: click a span, or Tab to it and press Enter. Esc cancels.') };
    }
  }

  switch (cmd.name) {
    case 'undo':
    case 'redo': {
      const can = cmd.name === 'undo' ? canUndo(session.history) : canRedo(session.history);
      if (!can) return { session, message: info(cmd.name === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.') };
      const history = cmd.name === 'undo' ? undo(session.history) : redo(session.history);
      return { session: { ...session, history, mode: NORMAL, selection: validSelection(history.present, session.selection) } };
    }
    case 'nextToken':
      return moveCursor(session, context, nextToken, true, false);
    case 'prevToken':
      return moveCursor(session, context, prevToken, false, false);
    case 'extendRight':
      return moveCursor(session, context, extendRight, true, true);
    case 'extendLeft':
      return moveCursor(session, context, extendLeft, false, true);
    case 'delete': {
      if (session.selection.kind === 'relation') {
        return edit(session, { type: 'removeRelation', id: session.selection.id }, context, { selection: NONE });
      }
      const span = selectedSpan(session);
      if (!span) return { session, message: error('Select a span or a relation to delete.') };
      const index = tokenIndexNear(context.tokens, span.start);
      return edit(session, { type: 'removeSpan', id: span.id }, context, {
        selection: NONE,
        cursor: index >= 0 ? cursorAt(context.tokens, index) : null,
      });
    }
    case 'help':
      return { session, effect: 'help' };
    case 'save':
      return { session, effect: 'save' };
    case 'submit':
      return { session, effect: 'submit' };
    case 'accept':
    case 'reject': {
      if (session.selection.kind === 'relation' && suggestedRelationIds(session.history.present).has(session.selection.id)) {
        const id = session.selection.id;
        return cmd.name === 'accept'
          ? edit(session, { type: 'acceptRelation', id }, context)
          : edit(session, { type: 'removeRelation', id }, context, { selection: NONE });
      }
      const span = selectedSpan(session);
      if (!span || !isPending(span)) {
        return { session, message: error('Select a prediction (dashed outline) first: Tab moves from span to span.') };
      }
      const outcome = edit(session, { type: cmd.name === 'accept' ? 'acceptPrediction' : 'rejectPrediction', id: span.id }, context);
      if (outcome.session === session) return outcome;
      const after = outcome.session.history.present;
      const next = nextPending(after, span.end);
      const selection: Selection = next ? { kind: 'span', id: next.id } : cmd.name === 'accept' && findSpan(after.spans, span.id) ? { kind: 'span', id: span.id } : NONE;
      return { ...outcome, session: { ...outcome.session, selection }, reveal: selection };
    }
    case 'acceptAll':
      return edit(session, { type: 'acceptAllPredictions', minScore: context.acceptAbove?.() ?? 0 }, context);
    case 'nextSpan':
    case 'prevSpan': {
      const span = neighbourSpan(session, context, cmd.name === 'nextSpan' ? 1 : -1);
      return span ? select(session, { kind: 'span', id: span.id }) : { session, message: info('There are no spans yet.') };
    }
    case 'cancel':
      return { session: { ...session, selection: NONE, cursor: null, mode: NORMAL } };
    case 'relation': {
      const span = selectedSpan(session);
      if (!span) return { session, message: error('Select the head span first, then press r.') };
      return {
        session: { ...session, cursor: null, mode: { kind: 'pickChild', head: span.id, target: null } },
        message: info(`Relation from this ${span.label}: click the child span, or Tab to it and press Enter. Esc cancels.`),
      };
    }
    case 'growStart':
    case 'shrinkStart':
    case 'growEnd':
    case 'shrinkEnd':
      return resize(session, context, cmd.name);
    case 'label':
      return label(session, context, cmd.label);
  }
  return { session };
}

export function interact(session: Session, action: Action, context: SessionContext): Outcome {
  const state = session.history.present;
  switch (action.type) {
    case 'command':
      return command(session, context, action.command);
    case 'clickSpan': {
      const ids = action.ids.filter((id) => findSpan(state.spans, id));
      if (ids.length === 0) return { session };
      if (session.mode.kind === 'pickChild') {
        const head = session.mode.head;
        const candidates = ids.filter((id) => id !== head);
        const child = candidates[candidates.length - 1];
        return child ? pickChild(session, context, head, child) : { session, message: error('Pick a different span as the child.') };
      }
      if (session.mode.kind === 'chooseRelationType') return { session };
      // The innermost span first; clicking it again selects the one enclosing it.
      const current = session.selection.kind === 'span' ? ids.indexOf(session.selection.id) : -1;
      const id = current >= 0 ? (ids[(current - 1 + ids.length) % ids.length] as string) : (ids[ids.length - 1] as string);
      return { session: { ...session, selection: { kind: 'span', id }, cursor: null, mode: NORMAL } };
    }
    case 'clickText': {
      if (session.mode.kind !== 'normal') return { session };
      const index = tokenIndexNear(context.tokens, action.offset);
      return {
        session: { ...session, selection: NONE, cursor: index >= 0 ? cursorAt(context.tokens, index) : null },
      };
    }
    case 'selectRange': {
      if (session.mode.kind !== 'normal' && session.mode.kind !== 'stickyLabel') return { session };
      const snapped = snapToTokens(context.tokens, action.start, action.end);
      const cursor = snapped && cursorFromRange(context.tokens, snapped);
      if (!cursor) return { session: { ...session, selection: NONE, cursor: null } };
      // Label first: the selection gets the chosen label at once (the mode stays for the next one).
      if (session.mode.kind === 'stickyLabel') return label({ ...session, selection: NONE, cursor }, context, session.mode.label);
      return { session: { ...session, selection: NONE, cursor }, effect: 'labelMenu' };
    }
    case 'selectSpan':
      if (!findSpan(state.spans, action.id)) return { session };
      if (session.mode.kind === 'pickChild') return pickChild(session, context, session.mode.head, action.id);
      return select(session, { kind: 'span', id: action.id });
    case 'selectRelation':
      if (!state.relations.some((relation) => relation.id === action.id)) return { session };
      return select(session, { kind: 'relation', id: action.id });
    case 'chooseRelationType':
      return chooseRelationType(session, context, action.label);
    case 'moveChoice': {
      const mode = session.mode;
      if (mode.kind !== 'chooseRelationType') return { session };
      const index = (mode.index + action.delta + mode.options.length) % mode.options.length;
      return { session: { ...session, mode: { ...mode, index } } };
    }
    case 'edit': {
      const outcome = edit(session, action.edit, context, { selection: session.selection });
      return outcome;
    }
  }
}
