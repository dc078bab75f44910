/**
 * Chart layout for the dashboard: numbers in, positions out. No DOM here; the renderer
 * (render/charts.ts) turns a layout into SVG elements. Every coordinate is in SVG user
 * units with the origin at the top left, y growing down.
 */

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Margin {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

export interface Tick {
  readonly value: number;
  /** Where the tick's grid line runs (y for a vertical axis). */
  readonly position: number;
  readonly label: string;
}

/** Fixed-point text of a 0..1 score (two decimals), or "–" for none. */
export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(2);
}

export function formatPercent(share: number): string {
  if (!Number.isFinite(share) || share <= 0) return '0%';
  if (share < 0.01) return '<1%';
  return `${Math.round(share * 100)}%`;
}

/** `count` + 1 evenly spaced ticks from 0 to `max` along a vertical axis from `bottom` up to `top`. */
export function linearTicks(max: number, count: number, top: number, bottom: number): Tick[] {
  const steps = Math.max(1, Math.floor(count));
  const ticks: Tick[] = [];
  for (let i = 0; i <= steps; i++) {
    const value = (max * i) / steps;
    ticks.push({ value, position: bottom - ((bottom - top) * i) / steps, label: String(Math.round(value * 100) / 100) });
  }
  return ticks;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

// --- grouped bar chart -----------------------------------------------------------

export interface BarChartInput {
  /** Groups along the x axis (e.g. labels, then "micro"). */
  readonly groups: readonly string[];
  /** Bars within each group (e.g. P, R, F1), in order. */
  readonly series: readonly string[];
  /** The value of one bar, 0..max; null draws no bar (and no value label). */
  readonly value: (group: string, series: string) => number | null;
}

export interface BarChartOptions {
  readonly width?: number;
  readonly height?: number;
  readonly margin?: Margin;
  readonly max?: number;
  readonly ticks?: number;
  /** Share of a group's slot left empty between groups (0..1). */
  readonly groupGap?: number;
  /** Narrowest group slot; the chart grows wider rather than squeeze bars below it. */
  readonly minGroupWidth?: number;
}

export interface Bar extends Box {
  readonly group: string;
  readonly series: string;
  readonly seriesIndex: number;
  readonly value: number;
  readonly label: string;
}

export interface BarChartLayout {
  readonly width: number;
  readonly height: number;
  readonly plot: Box;
  readonly bars: readonly Bar[];
  /** Group names centred under their bars. */
  readonly groupLabels: readonly { readonly text: string; readonly x: number; readonly y: number }[];
  readonly ticks: readonly Tick[];
  readonly legend: readonly { readonly text: string; readonly seriesIndex: number; readonly x: number; readonly y: number }[];
}

const BAR_MARGIN: Margin = { top: 28, right: 12, bottom: 34, left: 36 };

/**
 * Grouped bars: one slot per group, the series side by side in it. Values are clamped to
 * [0, max]; a value of 0 still gets a 1-unit bar so "zero" reads differently from "none".
 */
export function layoutBarChart(input: BarChartInput, options: BarChartOptions = {}): BarChartLayout {
  const margin = options.margin ?? BAR_MARGIN;
  const max = options.max ?? 1;
  const groupGap = options.groupGap ?? 0.25;
  const minGroupWidth = options.minGroupWidth ?? Math.max(24, input.series.length * 12);
  const height = options.height ?? 220;
  const slots = Math.max(1, input.groups.length);
  const width = Math.max(options.width ?? 480, margin.left + margin.right + slots * minGroupWidth);
  const plot: Box = {
    x: margin.left,
    y: margin.top,
    width: width - margin.left - margin.right,
    height: Math.max(1, height - margin.top - margin.bottom),
  };
  const slot = plot.width / slots;
  const inner = slot * (1 - groupGap);
  const barWidth = input.series.length ? inner / input.series.length : 0;
  const bottom = plot.y + plot.height;
  const bars: Bar[] = [];
  input.groups.forEach((group, g) => {
    const left = plot.x + g * slot + (slot - inner) / 2;
    input.series.forEach((series, s) => {
      const raw = input.value(group, series);
      if (raw === null || !Number.isFinite(raw)) return;
      const value = Math.min(max, Math.max(0, raw));
      const barHeight = Math.max(1, (value / max) * plot.height);
      bars.push({ group, series, seriesIndex: s, value, label: formatScore(raw), x: left + s * barWidth, y: bottom - barHeight, width: barWidth, height: barHeight });
    });
  });
  const groupLabels = input.groups.map((text, g) => ({ text, x: plot.x + g * slot + slot / 2, y: bottom + 16 }));
  // Each legend item as wide as its text needs (about 6.5 px a character at the legend's size): long
  // series names (model versions) do not run into each other.
  const legend: { text: string; seriesIndex: number; x: number; y: number }[] = [];
  let legendX = plot.x;
  input.series.forEach((text, s) => {
    legend.push({ text, seriesIndex: s, x: legendX, y: 14 });
    legendX += Math.max(64, 14 + Math.ceil(text.length * 6.5) + 16);
  });
  return { width, height, plot, bars, groupLabels, ticks: linearTicks(max, options.ticks ?? 4, plot.y, bottom), legend };
}

// --- heatmap of a symmetric matrix -------------------------------------------------

export interface HeatmapOptions {
  readonly cell?: number;
  /** Room for the row names on the left and the column names on top. */
  readonly labelWidth?: number;
  readonly labelHeight?: number;
}

export interface HeatCell extends Box {
  readonly row: number;
  readonly column: number;
  readonly value: number | null;
  readonly fill: string;
  /** Dark or light text, whichever reads on `fill`. */
  readonly ink: string;
  readonly label: string;
}

export interface HeatmapLayout {
  readonly width: number;
  readonly height: number;
  readonly cells: readonly HeatCell[];
  readonly rowLabels: readonly { readonly text: string; readonly x: number; readonly y: number }[];
  readonly columnLabels: readonly { readonly text: string; readonly x: number; readonly y: number }[];
}

/** A colour for a 0..1 score: red (0) through amber (0.5) to green (1); grey for no value. */
export function heatColor(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '#eceef4';
  const v = clamp01(value);
  // Two linear segments in RGB between three anchors.
  const [from, to, t] = v < 0.5 ? [[214, 69, 65], [242, 180, 64], v / 0.5] : [[242, 180, 64], [46, 160, 90], (v - 0.5) / 0.5];
  const channel = (i: number) => Math.round((from[i] as number) + ((to[i] as number) - (from[i] as number)) * (t as number));
  return `#${[0, 1, 2].map((i) => channel(i).toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance test: dark text on light fills, white on dark ones. */
export function inkFor(fill: string): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(fill);
  if (!match) return '#1f2328';
  const [r, g, b] = [match[1], match[2], match[3]].map((hex) => Number.parseInt(hex as string, 16) / 255) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.55 ? '#1f2328' : '#ffffff';
}

/**
 * An n x n grid of cells; `value(i, j)` gives a cell's score (null: nothing to compare,
 * e.g. two annotators with no document in common, or the diagonal).
 */
export function layoutHeatmap(names: readonly string[], value: (row: number, column: number) => number | null, options: HeatmapOptions = {}): HeatmapLayout {
  const cell = options.cell ?? 48;
  const labelWidth = options.labelWidth ?? 96;
  const labelHeight = options.labelHeight ?? 28;
  const cells: HeatCell[] = [];
  names.forEach((_, row) =>
    names.forEach((__, column) => {
      const raw = value(row, column);
      const score = raw === null || !Number.isFinite(raw) ? null : raw;
      const fill = heatColor(score);
      cells.push({ row, column, value: score, fill, ink: inkFor(fill), label: formatScore(score), x: labelWidth + column * cell, y: labelHeight + row * cell, width: cell, height: cell });
    }),
  );
  return {
    width: labelWidth + names.length * cell,
    height: labelHeight + names.length * cell,
    cells,
    rowLabels: names.map((text, row) => ({ text, x: labelWidth - 6, y: labelHeight + row * cell + cell / 2 })),
    columnLabels: names.map((text, column) => ({ text, x: labelWidth + column * cell + cell / 2, y: labelHeight - 8 })),
  };
}

// --- stacked bar (progress by status) ------------------------------------------------

export interface StackPart {
  readonly key: string;
  readonly value: number;
}

export interface StackSegment extends StackPart {
  readonly x: number;
  readonly width: number;
  readonly share: number;
  readonly label: string;
}

/**
 * One horizontal bar of `width` split by the parts' values (empty parts are left out, the
 * order kept). Widths add up to `width` exactly; a total of 0 gives no segment.
 */
export function layoutStack(parts: readonly StackPart[], width: number): StackSegment[] {
  const shown = parts.filter((part) => part.value > 0);
  const total = shown.reduce((sum, part) => sum + part.value, 0);
  if (total <= 0) return [];
  const segments: StackSegment[] = [];
  let x = 0;
  let cumulative = 0;
  for (const part of shown) {
    cumulative += part.value;
    // Round the running end, not each width, so rounding never adds up to a gap or an overflow.
    const end = Math.round((cumulative / total) * width * 100) / 100;
    const share = part.value / total;
    segments.push({ ...part, x, width: end - x, share, label: formatPercent(share) });
    x = end;
  }
  return segments;
}
