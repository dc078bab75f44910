import { describe, expect, it } from 'vitest';
import type { ApiModelEntry } from '../api/types';
import { autoTrainText, registryRows } from './registry';

const micro = (f1: number) => ({ micro: { p: f1, r: f1, f1 }, per_label: {}, documents: 3 });

function entry(values: Partial<ApiModelEntry>): ApiModelEntry {
  return {
    kind: 'trained', label: 'v1', model: 'v1', name: 'project3_v1', version: 1, model_version: '1.0.1', status: 'succeeded',
    base: 'project', base_model: 'sm', path: 'models/3/1', job: 5, created_at: null, finished_at: null, created_by: 'carol',
    metrics: {}, metrics_base: null, metrics_from: 'v1', split: null, training: null, default: false, relations: null, auto_train: null,
    ...values,
  } as ApiModelEntry;
}

describe('registryRows', () => {
  it('gives each model its training, test F1, relation suggester and the actions a manager may take', () => {
    const rows = registryRows([
      entry({ kind: 'base', label: 'base', model: 'sm', name: 'sm', version: null, default: false, metrics: { test: micro(0.62) } }),
      entry({
        label: 'v1', default: true, metrics: { test: micro(0.8125) },
        split: { seed: 0, ratios: {}, documents: { train: 12, dev: 2, test: 3 } },
        relations: { model: true, train_relations: 40, min_gold: 20, test: micro(0.9) },
        auto_train: { figure: 'f', trained_f1: 0.8125, default_model: 'sm', default_f1: 0.62, promoted: true },
      }),
      entry({ label: 'v2', name: 'project3_v2', model: null, status: 'running' }),
      entry({ label: 'v3', name: 'project3_v3', model: null, status: 'failed', relations: { model: false, train_relations: 4, min_gold: 20 } }),
    ]);
    expect(rows.map((row) => [row.model, row.testF1, row.canPromote, row.canDelete, row.evaluateModel])).toEqual([
      ['sm (project pipeline)', '0.62', true, false, 'sm'],
      ['v1 · project3_v1 (default)', '0.81', false, true, 'v1'],
      ['v2 · project3_v2', '–', false, false, null],
      ['v3 · project3_v3', '–', false, true, null],
    ]);
    expect(rows[1]!.trainedOn).toBe('12 train · 2 dev · 3 test gold documents');
    expect(rows[1]!.relations).toBe('learned · F1 0.90');
    expect(rows[1]!.autoTrain).toBe('promoted: 0.81 > 0.62 (sm)');
    expect(rows[3]!.relations).toBe('rules (4 gold relations < 20)');
    expect(rows[0]!.relations).toBe('–');
  });
});

describe('autoTrainText', () => {
  it('says what auto-train kept and why, and nothing for a version a person started', () => {
    expect(autoTrainText({ trained_f1: 0.4, default_model: 'project3_v2', default_f1: 0.81, promoted: false })).toBe('kept project3_v2: 0.40 ≤ 0.81');
    expect(autoTrainText({ trained_f1: 0.4, default_model: 'sm', default_f1: null, promoted: true })).toBe('promoted: 0.40 > not scored (sm)');
    expect(autoTrainText(null)).toBe('');
  });
});
