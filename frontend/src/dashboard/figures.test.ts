import { describe, expect, it } from 'vitest';
import type { ApiModelQuality, ApiStats } from '../api/types';
import { agreementFigures, annotatorRows, documentTimeRows, progressFigures, qualityFigures } from './figures';

const scores = (p: number, r: number, f1: number, support = 1) => ({ p, r, f1, support });

describe('progressFigures', () => {
  const stats = {
    progress: { total: 4, by_status: { new: 1, prelabeled: 0, in_progress: 0, submitted: 1, gold: 2, skipped: 0 } },
    annotations: { prediction: 1, annotation: 3, gold: 2 },
  };

  it('has a row per status in order, with counts and shares', () => {
    const figures = progressFigures(stats);
    expect(figures.rows.map((row) => [row.status, row.name, row.count, row.share])).toEqual([
      ['new', 'New', 1, '25%'],
      ['prelabeled', 'Pre-labeled', 0, '0%'],
      ['in_progress', 'In progress', 0, '0%'],
      ['submitted', 'Submitted', 1, '25%'],
      ['gold', 'Gold', 2, '50%'],
      ['skipped', 'Skipped', 0, '0%'],
    ]);
    expect(figures.rows.find((row) => row.status === 'gold')?.fraction).toBe(0.5);
  });

  it('sums up documents, gold and annotations in words', () => {
    const figures = progressFigures(stats);
    expect(figures.documents).toBe('4 documents');
    expect(figures.summary).toBe(' · 2 gold (50%) · 3 annotations by people, 1 prediction');
  });

  it('keeps a status it does not know, after the known ones', () => {
    const figures = progressFigures({ ...stats, progress: { total: 5, by_status: { ...stats.progress.by_status, archived: 1 } } });
    expect(figures.rows.at(-1)).toMatchObject({ status: 'archived', name: 'archived', count: 1, share: '20%', color: '#9e9e9e' });
  });

  it('has no shares and no division by zero without documents', () => {
    const figures = progressFigures({ progress: { total: 0, by_status: {} }, annotations: {} });
    expect(figures.rows.every((row) => row.count === 0 && row.fraction === 0 && row.share === '')).toBe(true);
    expect(figures.documents).toBe('0 documents');
    expect(figures.summary).toBe(' · 0 gold (0%) · 0 annotations by people, 0 predictions');
  });
});

describe('qualityFigures', () => {
  const quality: ApiModelQuality = {
    exact: { per_label: { GPE: scores(0.5, 1, 0.6667, 2), PERSON: scores(1, 1, 1, 3) }, micro: { p: 0.6667, r: 0.6667, f1: 0.6667 } },
    relaxed: { per_label: {}, micro: { p: 0.7, r: 0.7, f1: 0.7 } },
    relations: { p: 0, r: 0, f1: 0 },
    documents: 1,
  };

  it('charts P, R and F1 per label, then micro', () => {
    const { chart } = qualityFigures(quality);
    expect(chart.groups).toEqual(['GPE', 'PERSON', 'micro']);
    expect(chart.series).toEqual(['P', 'R', 'F1']);
    expect(chart.value('GPE', 'P')).toBe(0.5);
    expect(chart.value('PERSON', 'R')).toBe(1);
    expect(chart.value('micro', 'F1')).toBe(0.6667);
    expect(chart.value('ORG', 'F1')).toBeNull();
  });

  it('sums up in words and lists each label', () => {
    const figures = qualityFigures(quality);
    expect(figures.documents).toBe('1 document with gold');
    expect(figures.summary).toEqual(['exact P 0.67 · R 0.67 · F1 0.67', 'relaxed F1 0.70', 'relations F1 0.00']);
    expect(figures.rows).toEqual([
      ['GPE', '0.50', '1.00', '0.67', '2'],
      ['PERSON', '1.00', '1.00', '1.00', '3'],
    ]);
  });
});

describe('agreementFigures', () => {
  const agreement: ApiStats['agreement'] = {
    pairs: [{ a: 'carol', b: 'alice', documents: 1, span_f1: 0.8, per_label: {}, relation_f1: 0, kappa: 0.8049 }],
    vs_gold: [{ annotator: 'alice', documents: 2, span_f1: 1, relation_f1: 1, kappa: 1 }],
  };

  it('is nothing without pairs or gold', () => {
    expect(agreementFigures({ pairs: [], vs_gold: [] })).toBeNull();
  });

  it('puts annotators by name, then gold, and reads a cell either way round', () => {
    const figures = agreementFigures(agreement)!;
    expect(figures.names).toEqual(['alice', 'carol', 'gold']);
    expect(figures.value(0, 1)).toBe(0.8);
    expect(figures.value(1, 0)).toBe(0.8);
    expect(figures.value(2, 0)).toBe(1);
    expect(figures.value(1, 2)).toBeNull();
    expect(figures.value(1, 1)).toBeNull();
  });

  it('tells a cell in words', () => {
    const figures = agreementFigures(agreement)!;
    expect(figures.detail(0, 1)).toBe('alice vs carol: span F1 0.80, relation F1 0.00, kappa 0.80 on 1 document');
    expect(figures.detail(0, 2)).toBe('alice vs gold: span F1 1.00, relation F1 1.00, kappa 1.00 on 2 documents');
    expect(figures.detail(1, 2)).toBe('carol · gold: nothing in common');
  });

  it('lists the pairs, then each annotator against gold', () => {
    expect(agreementFigures(agreement)!.rows).toEqual([
      ['carol · alice', '1', '0.80', '0.00', '0.80'],
      ['alice · gold', '2', '1.00', '1.00', '1.00'],
    ]);
  });

  it('has no gold column without gold', () => {
    expect(agreementFigures({ ...agreement, vs_gold: [] })!.names).toEqual(['alice', 'carol']);
  });
});

describe('annotatorRows', () => {
  it('writes each annotator\'s work, with no time per document before a submission', () => {
    const alice = { username: 'alice', submitted: 2, drafts: 1, time_spent: 150, mean_seconds_per_document: 75, last_7_days: { submitted: 2, per_day: 0.2857 }, last_30_days: { submitted: 5, per_day: 0.1667 } };
    const dave = { ...alice, username: 'dave', submitted: 0, time_spent: 30, mean_seconds_per_document: 0, last_7_days: { submitted: 0, per_day: 0 }, last_30_days: { submitted: 0, per_day: 0 } };
    expect(annotatorRows([alice, dave])).toEqual([
      ['alice', '2', '1', '3 min', '1 min', '2 (0.3/day)', '5'],
      ['dave', '0', '1', '30 s', '–', '0 (0.0/day)', '0'],
    ]);
  });
});

describe('documentTimeRows', () => {
  it('lists the documents that took longest first, with who spent the time', () => {
    const rows = documentTimeRows([
      { document: 3, time_spent: 30, annotators: { alice: 30 } },
      { document: 7, time_spent: 150, annotators: { alice: 90, bob: 60 } },
      { document: 5, time_spent: 30, annotators: { bob: 30 } },
    ], 2);
    expect(rows.map((row) => row[0])).toEqual(['#7', '#3']);
    expect(rows[0]![2]).toContain('alice');
    expect(rows[0]![2]).toContain('bob');
  });
});
