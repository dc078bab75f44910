/**
 * Review decisions from `GET projects/{id}/stats/` (`review_decisions`): how many of each model
 * version's suggestions people accepted or rejected, per label, as the rows of a small table
 * under pre-label quality. Pure.
 */
import { formatPercent } from '../domain/charts';

export interface ApiDecisionCounts {
  readonly accepted: number;
  readonly rejected: number;
  /** accepted / (accepted + rejected), 0..1. */
  readonly accept_rate: number;
}

export interface ApiModelDecisions extends ApiDecisionCounts {
  readonly per_label: Readonly<Record<string, ApiDecisionCounts>>;
  /** Documents with a decision on this model version's suggestions. */
  readonly documents: number;
}

/** Per "model@version"; absent from a server that does not count decisions. */
export type ApiReviewDecisions = Readonly<Record<string, ApiModelDecisions>>;

export const DECISION_HEADERS = ['Model', 'Label', 'Accepted', 'Rejected', 'Accept rate'] as const;

function row(model: string, label: string, counts: ApiDecisionCounts): string[] {
  const decided = counts.accepted + counts.rejected;
  return [model, label, String(counts.accepted), String(counts.rejected), decided ? formatPercent(counts.accept_rate) : '–'];
}

/** Per model version: a row per label, then "all labels" (the model's total), in the server's order. */
export function decisionRows(decisions: ApiReviewDecisions | null | undefined): string[][] {
  return Object.entries(decisions ?? {}).flatMap(([model, figures]) => [
    ...Object.entries(figures.per_label).map(([label, counts]) => row(model, label, counts)),
    row(model, 'all labels', figures),
  ]);
}
