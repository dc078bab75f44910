/**
 * An annotation's history as the History panel shows it: the versions the server keeps
 * (`GET documents/{id}/annotations/{annotation_id}/history/`, newest first), each
 * summed up against the current content ("+2 −1 spans": what restoring it would add
 * and take away), and the differences of one version from the current one, in text
 * order. Pure: plain records in, words and rows out; offsets are code points.
 */
import { diffSpans, spanKey, type DiffSpan } from './diff';

export interface HistorySpan extends DiffSpan {
  readonly text?: string;
  readonly score?: number | null;
}

export interface HistoryEntry {
  readonly version: number;
  readonly author: string | null;
  readonly created_at: string;
  readonly source: string;
  readonly spans: readonly HistorySpan[];
  readonly relations: readonly { readonly head: number; readonly child: number; readonly label: string }[];
}

/** The content the editor holds now, as saved: its version and spans. */
export interface CurrentContent {
  readonly version: number | undefined;
  readonly spans: readonly DiffSpan[];
  readonly relations: number;
}

export interface Change {
  /** Spans the version has and the current content does not (restoring adds them). */
  readonly added: number;
  /** Spans the current content has and the version does not (restoring takes them away). */
  readonly removed: number;
}

/** How `spans` differ from `current`, exactly (a changed label or boundary is one of each). */
export function changeAgainst(spans: readonly DiffSpan[], current: readonly DiffSpan[]): Change {
  const count = (from: readonly DiffSpan[], other: readonly DiffSpan[]) => {
    const left = new Map<string, number>();
    for (const span of other) left.set(spanKey(span), (left.get(spanKey(span)) ?? 0) + 1);
    let missing = 0;
    for (const span of from) {
      const key = spanKey(span);
      const n = left.get(key) ?? 0;
      if (n > 0) left.set(key, n - 1);
      else missing++;
    }
    return missing;
  };
  return { added: count(spans, current), removed: count(current, spans) };
}

/** "+2 −1 spans", or "same spans". */
export function changeText(change: Change): string {
  if (change.added === 0 && change.removed === 0) return 'same spans';
  return `+${change.added} \u2212${change.removed} span${change.added + change.removed === 1 ? '' : 's'}`;
}

const SOURCES: Readonly<Record<string, string>> = {
  editor: 'editor',
  api: 'API',
  import: 'import',
  prelabel: 'pre-label',
  review: 'review',
  restore: 'restore',
};

/** The source of a version in words (an unknown one as it came). */
export function sourceName(source: string): string {
  return SOURCES[source] ?? source;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", or the date for anything older than a week. */
export function timeAgo(iso: string, now: Date): string {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso || 'unknown time';
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days <= 7) return `${days} day${days === 1 ? '' : 's'} ago`;
  return then.toISOString().slice(0, 10);
}

export interface HistoryRow {
  readonly version: number;
  /** "v3". */
  readonly name: string;
  readonly author: string;
  readonly when: string;
  readonly source: string;
  readonly change: Change;
  readonly changeText: string;
  /** The version the editor holds (nothing to restore). */
  readonly current: boolean;
}

/** One line per version, in the order given (newest first), summed up against `current`. */
export function historyRows(entries: readonly HistoryEntry[], current: CurrentContent, now: Date): HistoryRow[] {
  return entries.map((entry) => {
    const change = changeAgainst(entry.spans, current.spans);
    return {
      version: entry.version,
      name: `v${entry.version}`,
      author: entry.author ?? 'deleted user',
      when: timeAgo(entry.created_at, now),
      source: sourceName(entry.source),
      change,
      changeText: changeText(change),
      current: current.version !== undefined && entry.version === current.version,
    };
  });
}

export type VersionDifferenceKind = 'added' | 'removed' | 'label' | 'boundary';

/** One difference of a version from the current content; `before` is the current span, `after` the version's. */
export interface VersionDifference {
  readonly kind: VersionDifferenceKind;
  readonly start: number;
  readonly end: number;
  readonly before: DiffSpan | null;
  readonly after: DiffSpan | null;
}

/** What restoring `version` would change in `current`, in text order (domain/diff.ts pairs the spans). */
export function versionDifferences(version: readonly DiffSpan[], current: readonly DiffSpan[]): VersionDifference[] {
  const diff = diffSpans(current, version);
  const rows: VersionDifference[] = [
    ...diff.onlyB.map((after) => ({ kind: 'added' as const, start: after.start, end: after.end, before: null, after })),
    ...diff.onlyA.map((before) => ({ kind: 'removed' as const, start: before.start, end: before.end, before, after: null })),
    ...diff.label.map(([before, after]) => ({ kind: 'label' as const, start: before.start, end: before.end, before, after })),
    ...diff.boundary.map(([before, after]) => ({
      kind: 'boundary' as const,
      start: Math.min(before.start, after.start),
      end: Math.max(before.end, after.end),
      before,
      after,
    })),
  ];
  return rows.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** A difference in words, `textOf` giving the characters of a range: `+ "Oxfam" ORG`, `"Oxfam" GPE → ORG`. */
export function differenceText(row: VersionDifference, textOf: (start: number, end: number) => string): string {
  const quoted = (span: DiffSpan) => `"${textOf(span.start, span.end)}" ${span.label}`;
  switch (row.kind) {
    case 'added':
      return `+ ${quoted(row.after!)}`;
    case 'removed':
      return `\u2212 ${quoted(row.before!)}`;
    case 'label':
      return `"${textOf(row.start, row.end)}" ${row.before!.label} \u2192 ${row.after!.label}`;
    case 'boundary':
      return `${quoted(row.before!)} \u2192 ${quoted(row.after!)}`;
  }
}
