/**
 * The project's model registry as the dashboard lists it (`GET projects/{id}/models/`): one row
 * per model (the base pipeline, then each version trained here) with what it was trained on, its
 * scores on its frozen test split, its relation suggester, what auto-train decided, and which of
 * promote / evaluate / delete a manager may do with it. Pure: words and numbers.
 */
import type { ApiModelEntry } from '../api/types';
import { formatScore } from '../domain/charts';

export const REGISTRY_HEADERS = ['Model', 'Status', 'Trained on', 'Test F1', 'Relations', 'Auto-train', ''] as const;

export interface AutoTrainOutcome {
  readonly figure: string;
  readonly trained_f1: number;
  readonly default_model: string;
  readonly default_f1: number | null;
  readonly promoted: boolean;
}

export interface RegistryRow {
  /** `base` or `v3`: what the promote and delete paths take. */
  readonly label: string;
  /** `v3 · project4_v3`, with "(default)" for the one pre-labeling uses. */
  readonly model: string;
  readonly isDefault: boolean;
  readonly status: string;
  /** "12 train · 2 dev · 3 test gold documents", or "–". */
  readonly trainedOn: string;
  readonly testF1: string;
  /** "learned · F1 0.91" / "rules (4 gold relations < 20)" / "–". */
  readonly relations: string;
  /** "promoted: 0.81 > 0.62 (base)" / "kept project4_v2: 0.40 ≤ 0.81" / "". */
  readonly autoTrain: string;
  /** What to send as `model` to evaluate it; null: it cannot be used now. */
  readonly evaluateModel: string | null;
  readonly canPromote: boolean;
  readonly canDelete: boolean;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function microF1(metrics: unknown, split: string): number | null {
  const f1 = record(record(record(metrics)[split]).micro).f1;
  return typeof f1 === 'number' ? f1 : null;
}

/** The auto-train decision in words, or "" for a version a person started. */
export function autoTrainText(outcome: unknown): string {
  const value = record(outcome) as Partial<AutoTrainOutcome>;
  if (typeof value.promoted !== 'boolean' || typeof value.trained_f1 !== 'number') return '';
  const other = typeof value.default_f1 === 'number' ? formatScore(value.default_f1) : 'not scored';
  const name = value.default_model ?? '';
  return value.promoted
    ? `promoted: ${formatScore(value.trained_f1)} > ${other} (${name})`
    : `kept ${name}: ${formatScore(value.trained_f1)} ≤ ${other}`;
}

function relationsText(relations: unknown): string {
  const value = record(relations);
  if (value.model === true) {
    const f1 = record(record(value.test).micro).f1;
    return typeof f1 === 'number' ? `learned · F1 ${formatScore(f1)}` : 'learned';
  }
  if (value.model === false) return `rules (${String(value.train_relations ?? 0)} gold relations < ${String(value.min_gold ?? '?')})`;
  return '–';
}

function trainedOnText(entry: ApiModelEntry): string {
  const documents = record(record(entry.split).documents);
  if (entry.kind === 'base' || !Object.keys(documents).length) return '–';
  return `${['train', 'dev', 'test'].map((split) => `${String(documents[split] ?? 0)} ${split}`).join(' · ')} gold documents`;
}

export function registryRows(models: readonly ApiModelEntry[]): RegistryRow[] {
  return models.map((entry) => {
    const f1 = microF1(entry.metrics, 'test');
    const busy = entry.status === 'queued' || entry.status === 'running';
    return {
      label: entry.label,
      model: `${entry.kind === 'base' ? `${entry.name} (project pipeline)` : `${entry.label} · ${entry.name}`}${entry.default ? ' (default)' : ''}`,
      isDefault: entry.default,
      status: entry.status,
      trainedOn: trainedOnText(entry),
      testF1: f1 === null ? '–' : formatScore(f1),
      relations: entry.kind === 'base' ? '–' : relationsText(entry.relations),
      autoTrain: autoTrainText(entry.auto_train),
      evaluateModel: entry.model,
      canPromote: entry.model !== null && !entry.default,
      canDelete: entry.kind === 'trained' && !busy,
    };
  });
}
