/**
 * Between the editor state and the API's annotation objects. Offsets stay code points
 * on both sides: no conversion happens here (that is the renderer's edge).
 *
 * Parsing returns a list of errors naming the field rather than throwing, so a
 * malformed answer shows a clear message instead of a broken editor.
 */
import type { AnnotationPutBody, ApiAnnotation, ApiId } from '../api/types';
import { decidedKeys, predictionKey, readDecisions, type Decision } from './decisions';
import type { DocumentState } from './edits';
import type { Relation } from './relations';
import { sortSpans, type Span, type SpanSource } from './spans';

/**
 * The PUT body for the person's annotation. Pending predictions are not the person's
 * yet, so they are left out, and so are relations that touch one; the editor should
 * warn (or accept them all) before a submit leaves predictions behind.
 */
export function toPutBody(
  state: DocumentState,
  options: { version?: number; submit?: boolean; decisions?: readonly Decision[] } = {},
): AnnotationPutBody {
  const spans = sortSpans(state.spans.filter((span) => span.source !== 'prediction'));
  const kept = new Set(spans.map((span) => span.id));
  const body: AnnotationPutBody = {
    spans: spans.map(({ id, start, end, label }) => ({ id, start, end, label })),
    relations: state.relations
      .filter((relation) => kept.has(relation.head) && kept.has(relation.child))
      .map(({ head, child, label }) => ({ head, child, label })),
    submit: options.submit ?? false,
  };
  return {
    ...body,
    ...(options.version === undefined ? {} : { version: options.version }),
    // Absent: the server keeps the decisions it has.
    ...(options.decisions === undefined ? {} : { decisions: options.decisions }),
  };
}

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly string[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is ApiId {
  return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value !== '');
}

function isOffset(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Editor state from an API annotation object; its spans get `source`. */
export function parseAnnotation(raw: unknown, source: SpanSource): ParseResult<DocumentState> {
  const errors: string[] = [];
  if (!isRecord(raw)) return { ok: false, errors: ['annotation: expected an object'] };
  const rawSpans = raw.spans;
  const rawRelations = raw.relations ?? [];
  if (!Array.isArray(rawSpans)) errors.push('spans: expected a list');
  if (!Array.isArray(rawRelations)) errors.push('relations: expected a list');
  if (errors.length) return { ok: false, errors };

  const spans: Span[] = [];
  (rawSpans as unknown[]).forEach((item, index) => {
    const where = `spans[${index}]`;
    if (!isRecord(item)) return void errors.push(`${where}: expected an object`);
    if (!isId(item.id)) errors.push(`${where}.id: expected a number or a string`);
    if (!isOffset(item.start)) errors.push(`${where}.start: expected a whole number >= 0`);
    if (!isOffset(item.end)) errors.push(`${where}.end: expected a whole number >= 0`);
    else if (isOffset(item.start) && item.end <= item.start) errors.push(`${where}: end must be after start`);
    if (typeof item.label !== 'string' || item.label === '') errors.push(`${where}.label: expected a name`);
    if (item.score !== undefined && item.score !== null && typeof item.score !== 'number') {
      errors.push(`${where}.score: expected a number`);
    }
    if (!isId(item.id) || !isOffset(item.start) || !isOffset(item.end) || typeof item.label !== 'string') return;
    spans.push({
      id: String(item.id),
      start: item.start,
      end: item.end,
      label: item.label,
      source,
      ...(typeof item.score === 'number' ? { score: item.score } : {}),
    });
  });

  const spanIds = new Set(spans.map((span) => span.id));
  if (spanIds.size !== spans.length) errors.push('spans: ids are not unique');
  const relations: Relation[] = [];
  (rawRelations as unknown[]).forEach((item, index) => {
    const where = `relations[${index}]`;
    if (!isRecord(item)) return void errors.push(`${where}: expected an object`);
    const { head, child, label } = item;
    // A PUT answer carries stored ids; a relation without one gets a local id.
    const id = isId(item.id) ? String(item.id) : `relation-${index}`;
    if (!isId(head) || !spanIds.has(String(head))) errors.push(`${where}.head: no span with id ${String(head)}`);
    if (!isId(child) || !spanIds.has(String(child))) errors.push(`${where}.child: no span with id ${String(child)}`);
    if (typeof label !== 'string' || label === '') errors.push(`${where}.label: expected a name`);
    if (isId(head) && isId(child) && typeof label === 'string') {
      relations.push({ id, head: String(head), child: String(child), label });
    }
  });

  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { spans: sortSpans(spans), relations } };
}

export interface StartingPoint {
  readonly state: DocumentState;
  /** Version of the person's saved annotation, sent back with the next PUT. */
  readonly version?: number;
  /** Which annotation the state came from, if any. */
  readonly from?: ApiAnnotation;
}

/**
 * What the editor opens with: the person's own annotation when there is one, or else
 * the newest prediction as pending suggestions, or else nothing.
 */
export function chooseStartingPoint(
  annotations: readonly ApiAnnotation[],
  isMine: (author: ApiId | null) => boolean,
): ParseResult<StartingPoint> {
  const newest = (kind: ApiAnnotation['kind'], own: boolean) =>
    annotations
      .filter((annotation) => annotation.kind === kind && (!own || isMine(annotation.author)))
      .sort((a, b) => (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0))[0];

  const mine = newest('annotation', true);
  if (mine) {
    const parsed = parseAnnotation(mine, 'mine');
    return parsed.ok ? { ok: true, value: { state: parsed.value, version: mine.version, from: mine } } : parsed;
  }
  const prediction = newest('prediction', false);
  if (prediction) {
    const parsed = parseAnnotation(prediction, 'prediction');
    return parsed.ok ? { ok: true, value: { state: parsed.value, from: prediction } } : parsed;
  }
  return { ok: true, value: { state: { spans: [], relations: [] } } };
}

export { predictionKey };

export interface OpenedAnnotation extends StartingPoint {
  /** Status of the person's own annotation (`draft`, `submitted`), if they have one. */
  readonly status?: string;
  /** The decisions stored with the person's annotation (domain/decisions.ts). */
  readonly decisions?: readonly Decision[];
  /** The model's prediction the suggestions come from, and the keys of its spans already decided. */
  readonly prediction?: { readonly model: string; readonly modelVersion: string; readonly spans: readonly Span[]; readonly decided: ReadonlySet<string> };
}

export interface OpenOptions {
  /** The project's `allow_overlap`. */
  readonly allowOverlap: boolean;
  /** Keys (`predictionKey`) of predictions the person rejected before, in this browser. */
  readonly rejected?: ReadonlySet<string>;
}

/**
 * What the editor opens with. Like `chooseStartingPoint`, but a draft keeps the model's
 * suggestions the person has not dealt with yet: predictions that neither repeat one of
 * their spans, nor overlap one where the project forbids overlaps, nor were rejected
 * are added as pending; nor were decided (accepted or rejected) in a decision saved with
 * the person's annotation, in whatever browser. A submitted annotation opens as it was submitted.
 * Prediction ids get a `p` prefix so they never meet the ids of the person's spans.
 */
export function openAnnotation(
  annotations: readonly ApiAnnotation[],
  isMine: (author: ApiId | null) => boolean,
  options: OpenOptions,
): ParseResult<OpenedAnnotation> {
  const newest = (kind: ApiAnnotation['kind'], own: boolean) =>
    annotations
      .filter((annotation) => annotation.kind === kind && (!own || isMine(annotation.author)))
      .sort((a, b) => (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0))[0];
  const mine = newest('annotation', true);
  const prediction = newest('prediction', false);

  let own: DocumentState = { spans: [], relations: [] };
  const decisions = readDecisions(mine?.decisions);
  if (mine) {
    const parsed = parseAnnotation(mine, 'mine');
    if (!parsed.ok) return parsed;
    own = parsed.value;
    if (mine.status === 'submitted' || !prediction) {
      return { ok: true, value: { state: own, version: mine.version, from: mine, status: mine.status, decisions } };
    }
  }
  if (!prediction) return { ok: true, value: { state: own } };

  const parsed = parseAnnotation(prediction, 'prediction');
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((error) => `prediction: ${error}`) };
  const rejected = options.rejected ?? new Set<string>();
  const decided = decidedKeys(decisions, prediction.model);
  const ownKeys = new Set(own.spans.map(predictionKey));
  const kept = parsed.value.spans.filter(
    (span) =>
      !rejected.has(predictionKey(span)) &&
      !decided.has(predictionKey(span)) &&
      !ownKeys.has(predictionKey(span)) &&
      (options.allowOverlap || !own.spans.some((other) => other.start < span.end && span.start < other.end)),
  );
  const keptIds = new Set(kept.map((span) => span.id));
  const state: DocumentState = {
    spans: sortSpans([...own.spans, ...kept.map((span) => ({ ...span, id: `p${span.id}` }))]),
    relations: [
      ...own.relations,
      ...parsed.value.relations
        .filter((relation) => keptIds.has(relation.head) && keptIds.has(relation.child))
        .map((relation) => ({ ...relation, id: `p${relation.id}`, head: `p${relation.head}`, child: `p${relation.child}` })),
    ],
  };
  const offered = {
    model: prediction.model ?? '',
    modelVersion: prediction.model_version ?? '',
    spans: parsed.value.spans,
    decided,
  };
  return mine
    ? { ok: true, value: { state, version: mine.version, from: mine, status: mine.status, decisions, prediction: offered } }
    : { ok: true, value: { state, from: prediction, decisions, prediction: offered } };
}
