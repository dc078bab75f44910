/**
 * Model versions side by side on the same gold (`model_comparison` of the stats): the
 * chart input (F1 per label and micro, one bar series per version), the versions table
 * (micro P/R/F1, relations, accept rate, change from the version before) and the per-label
 * table, as words and numbers. Pure.
 */
import type { ApiComparedVersion, ApiModelComparison, ApiModelEntry } from '../api/types';
import { formatPercent, formatScore, type BarChartInput } from '../domain/charts';
import { count } from './format';

export const VERSION_HEADERS = ['Version', 'P', 'R', 'F1', 'Change in F1', 'Relations F1', 'Accepted', 'Rejected', 'Accept rate'] as const;

export interface ComparisonFigures {
  /** "2 versions on the same 3 gold documents". */
  readonly headline: string;
  /** Groups: labels then "micro"; series: the versions' keys; value: exact F1. */
  readonly chart: BarChartInput;
  /** One row per version, VERSION_HEADERS. */
  readonly versions: readonly (readonly string[])[];
  /** Label, then F1 of each version in order. */
  readonly labelHeaders: readonly string[];
  readonly labels: readonly (readonly string[])[];
}

/** "+0.12", "−0.05", "±0" ; "–" for the first version. */
export function formatChange(change: ApiComparedVersion['change']): string {
  if (!change) return '–';
  const value = change.f1;
  if (Math.abs(value) < 0.005) return '±0'; // shows as 0.00 at two decimals
  return `${value > 0 ? '+' : '−'}${formatScore(Math.abs(value))}`;
}

/** Null when no version has predicted a gold document yet. */
export function comparisonFigures(comparison: ApiModelComparison | undefined): ComparisonFigures | null {
  if (!comparison || comparison.versions.length === 0) return null;
  const { versions, labels } = comparison;
  const byKey = new Map(versions.map((version) => [version.key, version]));
  const f1 = (version: ApiComparedVersion, label: string): number | null => {
    if (label === 'micro') return version.exact.micro.f1;
    return version.exact.per_label[label]?.f1 ?? null;
  };
  return {
    headline: `${count(versions.length, 'version')} on the same ${count(comparison.documents, 'gold document')}`,
    chart: {
      groups: [...labels, 'micro'],
      series: versions.map((version) => version.key),
      value: (group, series) => {
        const version = byKey.get(series);
        return version ? f1(version, group) : null;
      },
    },
    versions: versions.map((version) => {
      const { micro } = version.exact;
      const decided = version.decisions.accepted + version.decisions.rejected;
      return [
        version.key, formatScore(micro.p), formatScore(micro.r), formatScore(micro.f1), formatChange(version.change),
        formatScore(version.relations.f1), String(version.decisions.accepted), String(version.decisions.rejected),
        decided ? formatPercent(version.decisions.accept_rate) : '–',
      ];
    }),
    labelHeaders: ['Label (F1)', ...versions.map((version) => version.key)],
    labels: labels.map((label) => [label, ...versions.map((version) => formatScore(f1(version, label)))]),
  };
}

/** The models a manager can evaluate: [value to send, what the list shows]. */
export function evaluateChoices(models: readonly ApiModelEntry[]): [string, string][] {
  return models.filter((model) => model.model !== null).map((model) => [
    model.model as string,
    model.kind === 'base' ? `${model.name} (project pipeline)` : `${model.label} · ${model.name}`,
  ]);
}
