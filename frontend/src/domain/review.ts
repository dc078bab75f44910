/**
 * The review view's model: the versions of a document (the model's prediction, each
 * annotator's submitted annotation, the saved gold), the gold draft the reviewer edits
 * (the editor's "mine" layer), and the other versions' spans the draft does not have,
 * shown as pending suggestions the reviewer accepts (Enter) or rejects (x). Pure.
 */
import type { ApiAnnotation, ApiId } from '../api/types';
import { decidedKeys, readDecisions, type Decision } from './decisions';
import { compareVersions, regionKind, spanKey, type Region, type RegionKind } from './diff';
import { isPending, type DocumentState } from './edits';
import { parseAnnotation, type ParseResult } from './payload';
import { sortSpans, spansOverlap, type Span } from './spans';

export interface ReviewVersion {
  /** Stable across reloads: `prediction:<model>`, `annotation:<author>` or `gold`. */
  readonly key: string;
  /** What the reviewer reads: the model's name, the annotator's username, or "gold". */
  readonly name: string;
  readonly kind: ApiAnnotation['kind'];
  readonly annotation: ApiAnnotation;
  /** Its spans and relations, as stored (ids are the stored ids). */
  readonly state: DocumentState;
}

function authorName(author: ApiId | null): string {
  return author === null ? 'deleted user' : String(author);
}

/**
 * The versions a reviewer compares, in a fixed order so the hotkeys stay put: the
 * models' predictions (by model name), the annotators' submitted annotations (by
 * username), then the saved gold. Drafts are unfinished work and are left out.
 */
export function reviewVersions(annotations: readonly ApiAnnotation[]): ParseResult<ReviewVersion[]> {
  const rank = { prediction: 0, annotation: 1, gold: 2 } as const;
  const chosen = annotations.filter((annotation) => annotation.kind !== 'annotation' || annotation.status === 'submitted');
  const named = chosen.map((annotation) => ({
    annotation,
    name:
      annotation.kind === 'prediction' ? annotation.model || 'model' : annotation.kind === 'gold' ? 'gold' : authorName(annotation.author),
  }));
  named.sort((a, b) => rank[a.annotation.kind] - rank[b.annotation.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const versions: ReviewVersion[] = [];
  const errors: string[] = [];
  for (const { annotation, name } of named) {
    const parsed = parseAnnotation(annotation, 'mine');
    if (!parsed.ok) {
      errors.push(...parsed.errors.map((error) => `${name}: ${error}`));
      continue;
    }
    const key = annotation.kind === 'gold' ? 'gold' : `${annotation.kind}:${name}`;
    versions.push({ key, name, kind: annotation.kind, annotation, state: parsed.value });
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: versions };
}

/** A version as the gold draft: its spans the reviewer's own, ids prefixed so versions never collide. */
export function draftFrom(version: ReviewVersion, index: number): DocumentState {
  const prefix = `v${index + 1}.`;
  return {
    spans: sortSpans(version.state.spans.map((span) => ({ ...span, id: prefix + span.id, source: 'mine' as const }))),
    relations: version.state.relations.map((relation) => ({
      ...relation,
      id: prefix + relation.id,
      head: prefix + relation.head,
      child: prefix + relation.child,
    })),
  };
}

/** spanKey -> names of the versions that have that span. */
export function spanOrigins(versions: readonly ReviewVersion[]): Map<string, string[]> {
  const origins = new Map<string, string[]>();
  for (const version of versions) {
    for (const span of version.state.spans) {
      const names = origins.get(spanKey(span)) ?? [];
      if (!names.includes(version.name)) names.push(version.name);
      origins.set(spanKey(span), names);
    }
  }
  return origins;
}

export function draftSpans(state: DocumentState): Span[] {
  return state.spans.filter((span) => !isPending(span));
}

/**
 * The editor state of a review: the draft (the reviewer's own spans) plus, as pending
 * suggestions, every span of a version that the draft does not have (once, however many
 * versions have it). Suggestions have ids `s1`, `s2`...; their relations are not suggested
 * (accepting a whole version brings its relations).
 */
export function withSuggestions(
  draft: DocumentState,
  versions: readonly ReviewVersion[],
  /** A version's span not to suggest (a prediction decided in a decision saved with the gold). */
  decided: (version: ReviewVersion, span: Span) => boolean = () => false,
): DocumentState {
  const own = draftSpans(draft);
  const have = new Set(own.map(spanKey));
  const taken = new Set(own.map((span) => span.id));
  const suggestions: Span[] = [];
  let counter = 0;
  for (const version of versions) {
    for (const span of version.state.spans) {
      const key = spanKey(span);
      if (have.has(key) || decided(version, span)) continue;
      have.add(key);
      let id: string;
      do id = `s${++counter}`;
      while (taken.has(id));
      suggestions.push({ id, start: span.start, end: span.end, label: span.label, source: 'prediction', ...(span.score === undefined ? {} : { score: span.score }) });
    }
  }
  const ownIds = new Set(own.map((span) => span.id));
  return {
    spans: sortSpans([...own, ...suggestions]),
    relations: draft.relations.filter((relation) => ownIds.has(relation.head) && ownIds.has(relation.child)),
  };
}

export interface ReviewOpening {
  readonly versions: readonly ReviewVersion[];
  /** The editor's starting state: the saved gold (or nothing) plus suggestions. */
  readonly state: DocumentState;
  /** The saved gold annotation, whose version the next save sends. */
  readonly gold?: ApiAnnotation;
  /** Whether a version's span was decided in the gold's saved decisions (and so is not suggested). */
  readonly decided: (version: ReviewVersion, span: Span) => boolean;
}

/** The spans of the prediction versions that `decisions` (the gold's) have decided. */
export function decidedInGold(decisions: readonly Decision[]): (version: ReviewVersion, span: Span) => boolean {
  const byModel = new Map<string, Set<string>>();
  return (version, span) => {
    if (version.kind !== 'prediction') return false;
    const model = version.annotation.model ?? '';
    let keys = byModel.get(model);
    if (!keys) byModel.set(model, (keys = decidedKeys(decisions, model)));
    return keys.has(spanKey(span));
  };
}

/**
 * What the review view opens with: the saved gold as the draft when there is one, else an
 * empty draft; in both cases every other version's spans as suggestions. In single-pass
 * review (only a prediction) that is the prediction as pending spans: accept all, fix, mark gold.
 */
export function openReview(annotations: readonly ApiAnnotation[]): ParseResult<ReviewOpening> {
  const parsed = reviewVersions(annotations);
  if (!parsed.ok) return parsed;
  const versions = parsed.value;
  const goldIndex = versions.findIndex((version) => version.kind === 'gold');
  const gold = versions[goldIndex];
  const draft = gold ? draftFrom(gold, goldIndex) : { spans: [], relations: [] };
  const decided = decidedInGold(readDecisions(gold?.annotation.decisions));
  return {
    ok: true,
    value: { versions, state: withSuggestions(draft, versions, decided), decided, ...(gold ? { gold: gold.annotation } : {}) },
  };
}

/** Accepting version `index` whole: it becomes the draft, the others' differences become suggestions. */
export function acceptVersion(
  versions: readonly ReviewVersion[],
  index: number,
  decided?: (version: ReviewVersion, span: Span) => boolean,
): DocumentState | null {
  const version = versions[index];
  return version ? withSuggestions(draftFrom(version, index), versions, decided) : null;
}

export interface ReviewRow {
  readonly start: number;
  readonly end: number;
  /** Each version's spans here, in the versions' order. */
  readonly readings: readonly (readonly Span[])[];
  /** How the versions differ here (`agree` when they all say the same). */
  readonly kind: RegionKind;
  /** The draft's spans here. */
  readonly draft: readonly Span[];
  /** Indexes of the versions whose reading the draft equals. */
  readonly chosen: readonly number[];
}

/**
 * The rows of the side-by-side table: every stretch of text where the versions disagree,
 * or where the draft departs from what they all say (the reviewer's own fix; a stretch
 * whose agreed spans still wait as suggestions is not one). Regions are
 * cut over the versions and the draft together, so taking a reading replaces exactly the
 * draft spans in its row.
 */
export function reviewRows(versions: readonly ReviewVersion[], state: DocumentState): ReviewRow[] {
  const draft = draftSpans(state);
  const pending = new Set(state.spans.filter(isPending).map(spanKey));
  const regions: Region<Span>[] = compareVersions<Span>([...versions.map((version) => version.state.spans), draft]);
  const key = (spans: readonly Span[]) => spans.map(spanKey).sort().join('|');
  const rows: ReviewRow[] = [];
  for (const region of regions) {
    const readings = region.readings.slice(0, versions.length);
    const mine = region.readings[versions.length] ?? [];
    const kind = regionKind(readings);
    const chosen = readings.flatMap((reading, index) => (key(reading) === key(mine) ? [index] : []));
    if (kind === 'agree' && chosen.length === readings.length) continue;
    // Versions agree and the draft has nothing here yet, but the agreed spans wait as
    // suggestions: untouched, not an edit (a rejected suggestion does show).
    if (kind === 'agree' && mine.length === 0 && (readings[0] ?? []).every((span) => pending.has(spanKey(span)))) continue;
    rows.push({ start: region.start, end: region.end, readings, kind, draft: mine, chosen });
  }
  return rows;
}

/**
 * The draft with one row's reading taken from version `index`: the draft's spans in the
 * row give way to that version's spans there (relations of removed spans go, unless the
 * same span comes back), and suggestions equal to the taken spans are consumed.
 */
export function takeReading(state: DocumentState, row: Pick<ReviewRow, 'start' | 'end' | 'readings'>, index: number, newId: () => string): DocumentState {
  const reading = row.readings[index];
  if (!reading) return state;
  const inRow = (span: Span) => spansOverlap(span, row) && span.start >= row.start && span.end <= row.end;
  const removed = state.spans.filter((span) => !isPending(span) && inRow(span));
  const keep = new Map(removed.map((span) => [spanKey(span), span]));
  const wanted = new Set(reading.map(spanKey));
  const added: Span[] = [];
  const kept = new Set<string>();
  for (const span of reading) {
    const existing = keep.get(spanKey(span));
    if (existing) {
      kept.add(existing.id);
      continue;
    }
    added.push({ id: newId(), start: span.start, end: span.end, label: span.label, source: 'mine' });
  }
  const dropped = new Set(removed.filter((span) => !kept.has(span.id)).map((span) => span.id));
  const spans = state.spans.filter((span) => !dropped.has(span.id) && !(isPending(span) && wanted.has(spanKey(span))));
  return {
    spans: sortSpans([...spans, ...added]),
    relations: state.relations.filter((relation) => !dropped.has(relation.head) && !dropped.has(relation.child)),
  };
}
