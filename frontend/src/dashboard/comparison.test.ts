import { describe, expect, it } from 'vitest';
import type { ApiComparedVersion, ApiModelComparison, ApiModelEntry } from '../api/types';
import { comparisonFigures, evaluateChoices, formatChange } from './comparison';

const s = (p: number, r: number, f1: number, support = 2) => ({ p, r, f1, support });

function version(key: string, per: Record<string, ReturnType<typeof s>>, micro: [number, number, number], change: ApiComparedVersion['change'], decided: [number, number] = [0, 0]): ApiComparedVersion {
  const [accepted, rejected] = decided;
  return {
    key, model: key.split('@')[0]!, model_version: key.split('@')[1]!,
    exact: { per_label: per, micro: { p: micro[0], r: micro[1], f1: micro[2] } },
    relaxed: { per_label: {}, micro: { p: 0, r: 0, f1: 0 } },
    relations: { p: 0.5, r: 0.5, f1: 0.5 },
    decisions: { accepted, rejected, accept_rate: accepted + rejected ? accepted / (accepted + rejected) : 0 },
    gold_documents: 3,
    change,
  };
}

const comparison: ApiModelComparison = {
  documents: 3,
  document_ids: [1, 2, 3],
  labels: ['GPE', 'PERSON'],
  versions: [
    version('sm@3.8.0', { GPE: s(0.5, 1, 0.6667), PERSON: s(1, 1, 1) }, [0.6667, 0.6667, 0.6667], null, [3, 1]),
    version('project3_v1@1.0.1', { PERSON: s(1, 0.5, 0.6667) }, [1, 0.25, 0.4], { from: 'sm@3.8.0', f1: -0.2667 }),
  ],
};

describe('comparisonFigures', () => {
  it('puts every version side by side on the same documents, F1 per label as bar series', () => {
    const figures = comparisonFigures(comparison)!;
    expect(figures.headline).toBe('2 versions on the same 3 gold documents');
    expect(figures.chart.groups).toEqual(['GPE', 'PERSON', 'micro']);
    expect(figures.chart.series).toEqual(['sm@3.8.0', 'project3_v1@1.0.1']);
    expect(figures.chart.value('GPE', 'sm@3.8.0')).toBe(0.6667);
    expect(figures.chart.value('GPE', 'project3_v1@1.0.1')).toBeNull(); // never predicted: no bar
    expect(figures.chart.value('micro', 'project3_v1@1.0.1')).toBe(0.4);
    expect(figures.versions).toEqual([
      ['sm@3.8.0', '0.67', '0.67', '0.67', '–', '0.50', '3', '1', '75%'],
      ['project3_v1@1.0.1', '1.00', '0.25', '0.40', '−0.27', '0.50', '0', '0', '–'],
    ]);
    expect(figures.labelHeaders).toEqual(['Label (F1)', 'sm@3.8.0', 'project3_v1@1.0.1']);
    expect(figures.labels).toEqual([['GPE', '0.67', '–'], ['PERSON', '1.00', '0.67']]);
  });

  it('is null before any version predicted gold', () => {
    expect(comparisonFigures({ documents: 0, document_ids: [], labels: [], versions: [] })).toBeNull();
    expect(comparisonFigures(undefined)).toBeNull();
  });

  it('writes the change with its sign, and a change too small to show as ±0', () => {
    expect(formatChange({ from: 'a', f1: 0.1234 })).toBe('+0.12');
    expect(formatChange({ from: 'a', f1: -0.05 })).toBe('−0.05');
    expect(formatChange({ from: 'a', f1: 0.001 })).toBe('±0');
    expect(formatChange(null)).toBe('–');
  });
});

describe('evaluateChoices', () => {
  it('offers the models that can run, by what the API takes', () => {
    const entry = (kind: 'base' | 'trained', label: string, model: string | null, name: string) => ({ kind, label, model, name }) as ApiModelEntry;
    expect(evaluateChoices([entry('base', 'base', 'sm', 'sm'), entry('trained', 'v1', 'v1', 'project3_v1'), entry('trained', 'v2', null, 'project3_v2')]))
      .toEqual([['sm', 'sm (project pipeline)'], ['v1', 'v1 · project3_v1']]);
  });
});
