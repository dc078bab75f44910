/**
 * The dashboard's figures from `GET projects/{id}/stats/`: progress by status, the
 * pre-label quality of each model, agreement between annotators and with gold, and
 * each annotator's work, as the rows, words and chart inputs the renderer draws. Pure.
 */
import type { ApiAgreementGold, ApiAgreementPair, ApiAnnotatorFigures, ApiModelQuality, ApiStats } from '../api/types';
import { formatPercent, formatScore, type BarChartInput } from '../domain/charts';
import { count, duration } from './format';

export const STATUSES = ['new', 'prelabeled', 'in_progress', 'submitted', 'gold', 'skipped'] as const;
export const STATUS_NAMES: Readonly<Record<string, string>> = {
  new: 'New',
  prelabeled: 'Pre-labeled',
  in_progress: 'In progress',
  submitted: 'Submitted',
  gold: 'Gold',
  skipped: 'Skipped',
};
export const STATUS_COLORS: Readonly<Record<string, string>> = {
  new: '#c0c4d6',
  prelabeled: '#e0af68',
  in_progress: '#7aa2f7',
  submitted: '#9d7cd8',
  gold: '#2ea05a',
  skipped: '#8f96b3',
};

export interface StatusRow {
  readonly status: string;
  readonly name: string;
  readonly count: number;
  /** Of all documents, 0..1. */
  readonly fraction: number;
  /** "50%", or "" when there are no documents. */
  readonly share: string;
  readonly color: string;
}

export interface ProgressFigures {
  /** Every known status in order, then any other the server counts. */
  readonly rows: readonly StatusRow[];
  /** "4 documents". */
  readonly documents: string;
  /** " · 2 gold (50%) · 3 annotations by people, 2 predictions". */
  readonly summary: string;
}

export function progressFigures(stats: Pick<ApiStats, 'progress' | 'annotations'>): ProgressFigures {
  const { total, by_status: counts } = stats.progress;
  const known: readonly string[] = STATUSES;
  const statuses = [...known, ...Object.keys(counts).filter((status) => !known.includes(status))];
  const rows = statuses.map((status) => {
    const n = counts[status] ?? 0;
    return {
      status,
      name: STATUS_NAMES[status] ?? status,
      count: n,
      fraction: total ? n / total : 0,
      share: total ? formatPercent(n / total) : '',
      color: STATUS_COLORS[status] ?? '#9e9e9e',
    };
  });
  const gold = counts.gold ?? 0;
  const people = count(stats.annotations.annotation ?? 0, 'annotation');
  const predictions = count(stats.annotations.prediction ?? 0, 'prediction');
  return {
    rows,
    documents: count(total, 'document'),
    summary: ` · ${gold} gold (${total ? formatPercent(gold / total) : '0%'}) · ${people} by people, ${predictions}`,
  };
}

export interface QualityFigures {
  /** P, R and F1 per label, then micro-averaged. */
  readonly chart: BarChartInput;
  /** "2 documents with gold". */
  readonly documents: string;
  /** Exact P/R/F1, relaxed F1, relations F1. */
  readonly summary: readonly [string, string, string];
  /** Label, P, R, F1, in gold. */
  readonly rows: readonly (readonly string[])[];
}

export function qualityFigures(quality: ApiModelQuality): QualityFigures {
  const { exact } = quality;
  const labels = Object.keys(exact.per_label);
  const value = (group: string, series: string): number | null => {
    const scores = group === 'micro' ? exact.micro : exact.per_label[group];
    if (!scores) return null;
    return series === 'P' ? scores.p : series === 'R' ? scores.r : scores.f1;
  };
  const micro = exact.micro;
  return {
    chart: { groups: [...labels, 'micro'], series: ['P', 'R', 'F1'], value },
    documents: `${quality.documents} document${quality.documents === 1 ? '' : 's'} with gold`,
    summary: [
      `exact P ${formatScore(micro.p)} · R ${formatScore(micro.r)} · F1 ${formatScore(micro.f1)}`,
      `relaxed F1 ${formatScore(quality.relaxed.micro.f1)}`,
      `relations F1 ${formatScore(quality.relations.f1)}`,
    ],
    rows: labels.map((label) => {
      const scores = exact.per_label[label]!;
      return [label, formatScore(scores.p), formatScore(scores.r), formatScore(scores.f1), String(scores.support)];
    }),
  };
}

export interface AgreementFigures {
  /** The heatmap's rows and columns: annotators by name, then "gold" when there is gold. */
  readonly names: readonly string[];
  /** Span F1 between names[row] and names[column]; null on the diagonal or with nothing in common. */
  readonly value: (row: number, column: number) => number | null;
  /** The cell's figures in words (its tooltip). */
  readonly detail: (row: number, column: number) => string;
  /** Pair, documents, span F1, relation F1, kappa. */
  readonly rows: readonly (readonly string[])[];
}

/** Null when there is no agreement to show yet. */
export function agreementFigures(agreement: ApiStats['agreement']): AgreementFigures | null {
  const { pairs, vs_gold: vsGold } = agreement;
  if (pairs.length === 0 && vsGold.length === 0) return null;
  const people = [...new Set([...pairs.flatMap((pair) => [pair.a, pair.b]), ...vsGold.map((row) => row.annotator)])].sort();
  const names = vsGold.length ? [...people, 'gold'] : people;
  const figures = (row: number, column: number): ApiAgreementPair | ApiAgreementGold | null => {
    const a = names[row] as string;
    const b = names[column] as string;
    if (a === b) return null;
    if (a === 'gold' || b === 'gold') return vsGold.find((item) => item.annotator === (a === 'gold' ? b : a)) ?? null;
    return pairs.find((pair) => (pair.a === a && pair.b === b) || (pair.a === b && pair.b === a)) ?? null;
  };
  const scores = (item: ApiAgreementPair | ApiAgreementGold) => [formatScore(item.span_f1), formatScore(item.relation_f1), formatScore(item.kappa)];
  return {
    names,
    value: (row, column) => figures(row, column)?.span_f1 ?? null,
    detail: (row, column) => {
      const found = figures(row, column);
      if (!found) return `${names[row]} · ${names[column]}: nothing in common`;
      return `${names[row]} vs ${names[column]}: span F1 ${formatScore(found.span_f1)}, relation F1 ${formatScore(found.relation_f1)}, kappa ${formatScore(found.kappa)} on ${count(found.documents, 'document')}`;
    },
    rows: [
      ...pairs.map((pair) => [`${pair.a} · ${pair.b}`, String(pair.documents), ...scores(pair)]),
      ...vsGold.map((row) => [`${row.annotator} · gold`, String(row.documents), ...scores(row)]),
    ],
  };
}

/** Annotator, submitted, drafts, time spent, per document, last 7 days, last 30 days. */
export function annotatorRows(annotators: readonly ApiAnnotatorFigures[]): string[][] {
  return annotators.map((row) => [
    row.username,
    String(row.submitted),
    String(row.drafts),
    duration(row.time_spent),
    row.submitted ? duration(row.mean_seconds_per_document) : '–',
    `${row.last_7_days.submitted} (${row.last_7_days.per_day.toFixed(1)}/day)`,
    `${row.last_30_days.submitted}`,
  ]);
}

/** Document, active time, who spent it: the documents that took longest first (ties by id), at most `limit`. */
export function documentTimeRows(documents: ApiStats['time_per_document'], limit = 20): string[][] {
  return [...documents]
    .sort((a, b) => b.time_spent - a.time_spent || a.document - b.document)
    .slice(0, limit)
    .map((row) => [
      `#${row.document}`,
      duration(row.time_spent),
      Object.entries(row.annotators)
        .map(([name, seconds]) => `${name} ${duration(seconds)}`)
        .join(' · '),
    ]);
}
