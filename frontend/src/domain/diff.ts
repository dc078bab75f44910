/**
 * Differences between versions of one document's annotation (the model's prediction,
 * each annotator's, the gold draft), for the review view. Pure: spans in, differences
 * out; offsets are code points as everywhere in the domain.
 *
 * Three kinds of difference, as a reviewer names them:
 * - `only`: a span one side has and the other has nothing at (no overlapping span);
 * - `label`: both sides mark the same characters, with different labels;
 * - `boundary`: both sides mark overlapping but different characters (the label may differ too).
 */

export interface DiffSpan {
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

export type DifferenceKind = 'only' | 'label' | 'boundary';

export interface PairDiff<S extends DiffSpan> {
  /** Spans both sides have (same start, end and label), as [a, b]. */
  readonly same: readonly (readonly [S, S])[];
  readonly onlyA: readonly S[];
  readonly onlyB: readonly S[];
  /** Same start and end, different labels. */
  readonly label: readonly (readonly [S, S])[];
  /** Overlapping, different start or end. */
  readonly boundary: readonly (readonly [S, S])[];
}

export function spanKey(span: DiffSpan): string {
  return `${span.start}:${span.end}:${span.label}`;
}

function rangeKey(span: DiffSpan): string {
  return `${span.start}:${span.end}`;
}

function overlaps(a: DiffSpan, b: DiffSpan): boolean {
  return a.start < b.end && b.start < a.end;
}

function overlapSize(a: DiffSpan, b: DiffSpan): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

function byPosition(a: DiffSpan, b: DiffSpan): number {
  return a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
}

/**
 * Pairs the spans of two sides, one-to-one, in three rounds: exact matches first, then
 * same characters under another label, then the largest overlap (ties: the earlier span).
 * What is left is `only`. The result does not depend on the order the spans come in.
 */
export function diffSpans<S extends DiffSpan>(a: readonly S[], b: readonly S[]): PairDiff<S> {
  const restA = [...a].sort(byPosition);
  let restB = [...b].sort(byPosition);
  const same: [S, S][] = [];
  const label: [S, S][] = [];
  const boundary: [S, S][] = [];

  const pairRound = (match: (x: S, y: S) => boolean, score: (x: S, y: S) => number, into: [S, S][]) => {
    const unmatched: S[] = [];
    for (const x of restA) {
      let best = -1;
      let bestScore = -Infinity;
      restB.forEach((y, index) => {
        if (!match(x, y)) return;
        const value = score(x, y);
        if (value > bestScore) {
          best = index;
          bestScore = value;
        }
      });
      if (best < 0) {
        unmatched.push(x);
        continue;
      }
      into.push([x, restB[best] as S]);
      restB = restB.filter((_, index) => index !== best);
    }
    restA.splice(0, restA.length, ...unmatched);
  };

  pairRound((x, y) => spanKey(x) === spanKey(y), () => 0, same);
  pairRound((x, y) => rangeKey(x) === rangeKey(y), () => 0, label);
  pairRound(overlaps, overlapSize, boundary);
  return { same, onlyA: restA, onlyB: restB, label, boundary };
}

/** How `span` differs from a reference side: null when the reference has it exactly. */
export function classifyAgainst(span: DiffSpan, reference: readonly DiffSpan[]): DifferenceKind | null {
  if (reference.some((other) => spanKey(other) === spanKey(span))) return null;
  if (reference.some((other) => rangeKey(other) === rangeKey(span))) return 'label';
  if (reference.some((other) => overlaps(other, span))) return 'boundary';
  return 'only';
}

export type RegionKind = 'agree' | DifferenceKind;

/** One stretch of text where some version has spans: overlapping spans of all versions, together. */
export interface Region<S extends DiffSpan> {
  readonly start: number;
  readonly end: number;
  /** The spans of each version in this region (same order as the versions), in reading order. */
  readonly readings: readonly (readonly S[])[];
  readonly kind: RegionKind;
}

function readingKey(reading: readonly DiffSpan[]): string {
  return reading.map(spanKey).sort().join('|');
}

/**
 * What the readings of one region say, taken together: `agree` when all are the same,
 * `only` when some version has nothing there, `label` when all mark the same characters
 * and only labels differ, `boundary` otherwise.
 */
export function regionKind(readings: readonly (readonly DiffSpan[])[]): RegionKind {
  if (readings.length === 0) return 'agree';
  const first = readingKey(readings[0] as readonly DiffSpan[]);
  if (readings.every((reading) => readingKey(reading) === first)) return 'agree';
  if (readings.some((reading) => reading.length === 0)) return 'only';
  const ranges = (reading: readonly DiffSpan[]) => [...new Set(reading.map(rangeKey))].sort().join('|');
  const firstRanges = ranges(readings[0] as readonly DiffSpan[]);
  if (readings.every((reading) => ranges(reading) === firstRanges)) return 'label';
  return 'boundary';
}

/**
 * Cuts the text into regions: each a maximal run of spans (of any version) that overlap
 * one another, directly or through a chain. Regions come in text order; `kind` is
 * `regionKind` of all the readings.
 */
export function compareVersions<S extends DiffSpan>(versions: readonly (readonly S[])[]): Region<S>[] {
  const all: { span: S; version: number }[] = [];
  versions.forEach((spans, version) => spans.forEach((span) => all.push({ span, version })));
  all.sort((x, y) => byPosition(x.span, y.span) || x.version - y.version);
  const regions: Region<S>[] = [];
  let current: { start: number; end: number; members: { span: S; version: number }[] } | null = null;
  const close = () => {
    if (!current) return;
    const readings = versions.map((_, index) =>
      current!.members.filter((member) => member.version === index).map((member) => member.span),
    );
    regions.push({ start: current.start, end: current.end, readings, kind: regionKind(readings) });
  };
  for (const item of all) {
    if (current && item.span.start < current.end) {
      current.end = Math.max(current.end, item.span.end);
      current.members.push(item);
    } else {
      close();
      current = { start: item.span.start, end: item.span.end, members: [item] };
    }
  }
  close();
  return regions;
}

export interface DiffSummary {
  readonly agree: number;
  readonly only: number;
  readonly label: number;
  readonly boundary: number;
}

export function summarize(regions: readonly Region<DiffSpan>[]): DiffSummary {
  const counts = { agree: 0, only: 0, label: 0, boundary: 0 };
  for (const region of regions) counts[region.kind]++;
  return counts;
}
