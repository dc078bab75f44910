/**
 * The editor's document state and the one reducer that changes it. Every change a
 * person makes is an `Edit`; `applyEdit` checks it against the project's rules and
 * returns a new state (pushed on the undo history) or a refusal with the reason,
 * leaving the state as it was.
 *
 * Pending predictions (`source: 'prediction'`) are the model's suggestions. They are
 * shown but not yet the person's: only accepted spans ("mine") are checked against the
 * overlap rules and saved. Touching a prediction (relabel, resize, relate) accepts it;
 * a span of one's own that a pending prediction would overlap, where the project
 * forbids overlaps, replaces that prediction.
 *
 * A relation with a pending prediction at either end is a suggested relation (the model's,
 * drawn dashed): `acceptRelation` accepts its pending ends and keeps it; rejecting it is
 * removing it (`removeRelation`), which leaves its spans pending.
 */
import { canAdd } from './overlap';
import {
  canAddRelation,
  invalidRelations,
  removeRelationsOfSpan,
  type Relation,
  type RelationTypeRule,
  type Relations,
} from './relations';
import { findSpan, sortSpans, spansOverlap, type Span, type Spans } from './spans';

export interface DocumentState {
  readonly spans: Spans;
  readonly relations: Relations;
}

export interface EditRules {
  /** The project's `allow_overlap`. */
  readonly allowOverlap: boolean;
  /** Document length in code points. */
  readonly textLength: number;
  /** The project's entity type names; when given, other labels are refused. */
  readonly entityLabels?: readonly string[];
  /** The text between two code-point offsets: refusals then quote the words (domain/overlap.ts). */
  readonly textOf?: (start: number, end: number) => string;
  /** The project's relation types; when given, relations are checked against them. */
  readonly relationTypes?: readonly RelationTypeRule[];
  /**
   * Review: accepting a pending span (another version's reading) replaces the accepted
   * spans it conflicts with (the same characters, or any overlap where overlaps are
   * forbidden) instead of being refused; their relations move to it.
   */
  readonly replaceOnAccept?: boolean;
}

export type Edit =
  | { readonly type: 'addSpan'; readonly span: Pick<Span, 'id' | 'start' | 'end' | 'label'> }
  | { readonly type: 'removeSpan'; readonly id: string }
  | { readonly type: 'relabelSpan'; readonly id: string; readonly label: string }
  | { readonly type: 'resizeSpan'; readonly id: string; readonly start: number; readonly end: number }
  | { readonly type: 'addRelation'; readonly relation: Relation }
  | { readonly type: 'removeRelation'; readonly id: string }
  | { readonly type: 'acceptPrediction'; readonly id: string }
  | { readonly type: 'acceptRelation'; readonly id: string }
  | { readonly type: 'rejectPrediction'; readonly id: string }
  /** `minScore`: predictions scored below it stay pending (unscored ones are taken). */
  | { readonly type: 'acceptAllPredictions'; readonly minScore?: number }
  | { readonly type: 'rejectAllPredictions' }
  /** Replaces everything, e.g. with the server's copy after a conflict; undoable like any edit. */
  | { readonly type: 'replaceAll'; readonly state: DocumentState };

export type EditResult =
  | {
      readonly ok: true;
      /** The input state itself when the edit changed nothing. */
      readonly state: DocumentState;
      /** Side effects worth telling the person, e.g. predictions replaced. */
      readonly notices: readonly string[];
    }
  | { readonly ok: false; readonly state: DocumentState; readonly reason: string; readonly message: string };

export const EMPTY_STATE: DocumentState = { spans: [], relations: [] };

export function isPending(span: Span): boolean {
  return span.source === 'prediction';
}

/** The ids of the suggested relations: those with a pending prediction at either end. */
export function suggestedRelationIds(state: DocumentState): Set<string> {
  const pending = new Set(pendingPredictions(state).map((span) => span.id));
  return new Set(state.relations.filter((r) => pending.has(r.head) || pending.has(r.child)).map((r) => r.id));
}

/** Accepts the pending spans among `ids` (in that order); refused as placing them would be. */
function acceptEnds(state: DocumentState, ids: readonly string[], rules: EditRules): EditResult {
  let current = state;
  for (const id of ids) {
    const span = findSpan(current.spans, id);
    if (span && isPending(span)) {
      const accepted = placeOwnSpan(current, span, rules);
      if (!accepted.ok) return refuse(state, accepted.reason, accepted.message);
      current = accepted.state;
    }
  }
  if (ids.some((id) => !findSpan(current.spans, id))) {
    // Accepting the head replaced the child (two overlapping predictions).
    return refuse(state, 'overlap', 'the two predictions overlap; accept one of them first');
  }
  return done(current);
}

export function pendingPredictions(state: DocumentState): Span[] {
  return state.spans.filter(isPending);
}

function refuse(state: DocumentState, reason: string, message: string): EditResult {
  return { ok: false, state, reason, message };
}

function done(state: DocumentState, notices: readonly string[] = []): EditResult {
  return { ok: true, state, notices };
}

/**
 * Puts `span` into the state as one of the person's own, replacing any span with the
 * same id. Checks it against the accepted spans only, then drops pending predictions
 * it duplicates or (where overlaps are forbidden) overlaps, with their relations.
 */
function placeOwnSpan(state: DocumentState, span: Span, rules: EditRules): EditResult {
  if (rules.entityLabels && !rules.entityLabels.includes(span.label)) {
    return refuse(state, 'unknown-label', `unknown entity type ${span.label}`);
  }
  const accepted = state.spans.filter((other) => !isPending(other));
  const check = canAdd(accepted, span, {
    allowOverlap: rules.allowOverlap,
    textLength: rules.textLength,
    ignoreId: span.id,
    ...(rules.textOf ? { textOf: rules.textOf } : {}),
  });
  if (!check.ok) return refuse(state, check.reason, check.message);

  const replaced = state.spans.filter(
    (other) =>
      other.id !== span.id &&
      isPending(other) &&
      (rules.allowOverlap
        ? other.start === span.start && other.end === span.end && other.label === span.label
        : spansOverlap(other, span)),
  );
  let relations = state.relations;
  for (const prediction of replaced) relations = removeRelationsOfSpan(relations, prediction.id);
  const spans = sortSpans([
    ...state.spans.filter((other) => other.id !== span.id && !replaced.includes(other)),
    { ...span, source: 'mine' },
  ]);
  const notices = replaced.length
    ? [`replaced ${replaced.length} overlapping prediction${replaced.length > 1 ? 's' : ''}`]
    : [];
  return done({ spans, relations }, notices);
}

/** Drops relations a relabel made invalid, saying so rather than refusing the relabel. */
function dropInvalidRelations(result: EditResult, rules: EditRules): EditResult {
  if (!result.ok || !rules.relationTypes) return result;
  const invalid = invalidRelations(result.state.spans, result.state.relations, rules.relationTypes);
  if (invalid.length === 0) return result;
  return done(
    { ...result.state, relations: result.state.relations.filter((relation) => !invalid.includes(relation)) },
    [...result.notices, `removed ${invalid.length} relation${invalid.length > 1 ? 's' : ''} no longer allowed`],
  );
}

/** Accepts a pending span in review: the accepted spans it conflicts with give way to it. */
function adoptPending(state: DocumentState, span: Span, rules: EditRules): EditResult {
  const conflicting = state.spans.filter(
    (other) =>
      !isPending(other) &&
      other.id !== span.id &&
      (rules.allowOverlap ? other.start === span.start && other.end === span.end : spansOverlap(other, span)),
  );
  if (conflicting.length === 0) return placeOwnSpan(state, span, rules);
  const gone = new Set(conflicting.map((other) => other.id));
  // The replaced spans are the same mention read differently: their relations now point at the new reading.
  const seen = new Set<string>();
  const relations = state.relations
    .map((relation) => ({
      ...relation,
      head: gone.has(relation.head) ? span.id : relation.head,
      child: gone.has(relation.child) ? span.id : relation.child,
    }))
    .filter((relation) => {
      const key = `${relation.head}>${relation.child}:${relation.label}`;
      if (relation.head === relation.child || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const result = placeOwnSpan({ spans: state.spans.filter((other) => !gone.has(other.id)), relations }, span, rules);
  if (!result.ok) return refuse(state, result.reason, result.message);
  const notice = `replaced ${conflicting.length} span${conflicting.length > 1 ? 's' : ''} of the draft`;
  return dropInvalidRelations(done(result.state, [notice, ...result.notices]), rules);
}

function acceptAll(state: DocumentState, rules: EditRules, minScore = 0): EditResult {
  let current = state;
  let skipped = 0;
  const pending = pendingPredictions(state);
  const sure = pending.filter((span) => span.score === undefined || span.score >= minScore);
  const unsure = pending.length - sure.length;
  // Reading order, so where two predictions overlap the earlier one wins.
  for (const prediction of sortSpans(sure)) {
    const stillPending = findSpan(current.spans, prediction.id);
    if (!stillPending) continue; // replaced by an earlier acceptance
    const result = placeOwnSpan(current, stillPending, rules);
    if (result.ok) current = result.state;
    else skipped++;
  }
  const notices = skipped
    ? [`${skipped} prediction${skipped > 1 ? 's' : ''} left pending (in conflict with accepted spans)`]
    : [];
  if (unsure) notices.push(`${unsure} prediction${unsure > 1 ? 's' : ''} scored below ${minScore} left pending`);
  return done(current, notices);
}

export function applyEdit(state: DocumentState, edit: Edit, rules: EditRules): EditResult {
  switch (edit.type) {
    case 'addSpan': {
      if (findSpan(state.spans, edit.span.id)) {
        return refuse(state, 'duplicate-id', `span id ${edit.span.id} is already used`);
      }
      // Drawing exactly what the model suggested accepts the suggestion: the new span
      // takes its place and its relations, under the id the caller chose.
      const twin = state.spans.find(
        (s) => isPending(s) && s.start === edit.span.start && s.end === edit.span.end && s.label === edit.span.label,
      );
      const withoutTwin: DocumentState = twin
        ? {
            spans: state.spans.filter((s) => s !== twin),
            relations: state.relations.map((r) =>
              r.head === twin.id || r.child === twin.id
                ? { ...r, head: r.head === twin.id ? edit.span.id : r.head, child: r.child === twin.id ? edit.span.id : r.child }
                : r,
            ),
          }
        : state;
      const result = placeOwnSpan(withoutTwin, { ...edit.span }, rules);
      return result.ok ? result : refuse(state, result.reason, result.message);
    }
    case 'removeSpan':
    case 'rejectPrediction': {
      const span = findSpan(state.spans, edit.id);
      if (!span) return refuse(state, 'unknown-span', `span ${edit.id} does not exist`);
      if (edit.type === 'rejectPrediction' && !isPending(span)) {
        return refuse(state, 'not-a-prediction', `span ${edit.id} is not a pending prediction`);
      }
      return done({
        spans: state.spans.filter((other) => other.id !== edit.id),
        relations: removeRelationsOfSpan(state.relations, edit.id),
      });
    }
    case 'relabelSpan': {
      const span = findSpan(state.spans, edit.id);
      if (!span) return refuse(state, 'unknown-span', `span ${edit.id} does not exist`);
      if (span.label === edit.label && !isPending(span)) return done(state);
      return dropInvalidRelations(placeOwnSpan(state, { ...span, label: edit.label }, rules), rules);
    }
    case 'resizeSpan': {
      const span = findSpan(state.spans, edit.id);
      if (!span) return refuse(state, 'unknown-span', `span ${edit.id} does not exist`);
      if (span.start === edit.start && span.end === edit.end && !isPending(span)) return done(state);
      return placeOwnSpan(state, { ...span, start: edit.start, end: edit.end }, rules);
    }
    case 'addRelation': {
      const { relation } = edit;
      if (state.relations.some((other) => other.id === relation.id)) {
        return refuse(state, 'duplicate-id', `relation id ${relation.id} is already used`);
      }
      const check = canAddRelation(state.spans, state.relations, relation, rules.relationTypes);
      if (!check.ok) return refuse(state, check.reason, check.message);
      // Relating two spans vouches for both: accept them if they are predictions.
      const ends = acceptEnds(state, [relation.head, relation.child], rules);
      return ends.ok ? done({ ...ends.state, relations: [...ends.state.relations, relation] }) : ends;
    }
    case 'acceptRelation': {
      const relation = state.relations.find((other) => other.id === edit.id);
      if (!relation) return refuse(state, 'unknown-relation', `relation ${edit.id} does not exist`);
      if (!suggestedRelationIds(state).has(relation.id)) {
        return refuse(state, 'not-a-prediction', `relation ${edit.id} is not a suggested relation`);
      }
      const ends = acceptEnds(state, [relation.head, relation.child], rules);
      if (!ends.ok) return ends;
      // Accepting an end may have dropped relations it broke (overlaps): this one must still be there.
      return ends.state.relations.some((other) => other.id === relation.id)
        ? ends
        : refuse(state, 'overlap', 'accepting its spans would remove this relation');
    }
    case 'removeRelation': {
      if (!state.relations.some((relation) => relation.id === edit.id)) {
        return refuse(state, 'unknown-relation', `relation ${edit.id} does not exist`);
      }
      return done({ ...state, relations: state.relations.filter((relation) => relation.id !== edit.id) });
    }
    case 'acceptPrediction': {
      const span = findSpan(state.spans, edit.id);
      if (!span) return refuse(state, 'unknown-span', `span ${edit.id} does not exist`);
      if (!isPending(span)) return refuse(state, 'not-a-prediction', `span ${edit.id} is not a pending prediction`);
      return rules.replaceOnAccept ? adoptPending(state, span, rules) : placeOwnSpan(state, span, rules);
    }
    case 'acceptAllPredictions':
      return acceptAll(state, rules, edit.minScore);
    case 'rejectAllPredictions': {
      const pending = new Set(pendingPredictions(state).map((span) => span.id));
      if (pending.size === 0) return done(state);
      return done({
        spans: state.spans.filter((span) => !pending.has(span.id)),
        relations: state.relations.filter((relation) => !pending.has(relation.head) && !pending.has(relation.child)),
      });
    }
    case 'replaceAll':
      return done(edit.state);
  }
}
