/**
 * Draws the layouts of domain/charts.ts as SVG. Every label (a label name, a username,
 * a model name) goes in through textContent, never as markup.
 */
import type { BarChartLayout, HeatmapLayout, StackSegment } from '../domain/charts';
import { el, svg } from './dom';

/** Colours of the bar series (P, R, F1, ...), in order. */
export const SERIES_COLORS = ['#7aa2f7', '#9d7cd8', '#2ea05a', '#e0af68', '#f7768e'];

function text(doc: Document, value: string, attributes: Record<string, string | number>): SVGTextElement {
  const node = svg(doc, 'text', attributes);
  node.textContent = value;
  return node;
}

function titled<T extends SVGElement>(doc: Document, node: T, title: string): T {
  const tooltip = svg(doc, 'title');
  tooltip.textContent = title;
  node.append(tooltip);
  return node;
}

function root(doc: Document, width: number, height: number, label: string): SVGSVGElement {
  const chart = svg(doc, 'svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart' });
  chart.setAttribute('aria-label', label);
  return chart;
}

export function drawBarChart(doc: Document, layout: BarChartLayout, label: string): SVGSVGElement {
  const chart = root(doc, layout.width, layout.height, label);
  const { plot } = layout;
  for (const tick of layout.ticks) {
    chart.append(
      svg(doc, 'line', { x1: plot.x, x2: plot.x + plot.width, y1: tick.position, y2: tick.position, class: 'chart__grid' }),
      text(doc, tick.label, { x: plot.x - 6, y: tick.position + 4, 'text-anchor': 'end', class: 'chart__tick' }),
    );
  }
  for (const bar of layout.bars) {
    const rect = svg(doc, 'rect', { x: bar.x, y: bar.y, width: Math.max(0, bar.width - 1), height: bar.height, fill: SERIES_COLORS[bar.seriesIndex % SERIES_COLORS.length] as string, class: 'chart__bar' });
    rect.dataset.group = bar.group;
    rect.dataset.series = bar.series;
    rect.dataset.value = String(bar.value);
    chart.append(titled(doc, rect, `${bar.group} · ${bar.series}: ${bar.label}`));
  }
  for (const group of layout.groupLabels) {
    chart.append(text(doc, group.text, { x: group.x, y: group.y, 'text-anchor': 'middle', class: 'chart__group' }));
  }
  for (const item of layout.legend) {
    chart.append(
      svg(doc, 'rect', { x: item.x, y: item.y - 9, width: 10, height: 10, rx: 2, fill: SERIES_COLORS[item.seriesIndex % SERIES_COLORS.length] as string }),
      text(doc, item.text, { x: item.x + 14, y: item.y, class: 'chart__legend' }),
    );
  }
  chart.append(svg(doc, 'line', { x1: plot.x, x2: plot.x + plot.width, y1: plot.y + plot.height, y2: plot.y + plot.height, class: 'chart__axis' }));
  return chart;
}

export function drawHeatmap(doc: Document, layout: HeatmapLayout, label: string, names: readonly string[], detail: (row: number, column: number) => string): SVGSVGElement {
  const chart = root(doc, layout.width, layout.height, label);
  for (const cell of layout.cells) {
    const group = svg(doc, 'g', { class: 'chart__cell' });
    group.dataset.row = names[cell.row] ?? '';
    group.dataset.column = names[cell.column] ?? '';
    group.dataset.value = cell.value === null ? '' : String(cell.value);
    group.append(
      svg(doc, 'rect', { x: cell.x + 1, y: cell.y + 1, width: cell.width - 2, height: cell.height - 2, rx: 3, fill: cell.fill }),
      text(doc, cell.label, { x: cell.x + cell.width / 2, y: cell.y + cell.height / 2 + 4, 'text-anchor': 'middle', fill: cell.ink, class: 'chart__value' }),
    );
    chart.append(titled(doc, group, detail(cell.row, cell.column)));
  }
  for (const row of layout.rowLabels) chart.append(text(doc, row.text, { x: row.x, y: row.y + 4, 'text-anchor': 'end', class: 'chart__name' }));
  for (const column of layout.columnLabels) chart.append(text(doc, column.text, { x: column.x, y: column.y, 'text-anchor': 'middle', class: 'chart__name' }));
  return chart;
}

/** A horizontal stacked bar with a legend underneath (HTML, so it wraps). */
export function drawStack(doc: Document, segments: readonly StackSegment[], width: number, colors: Readonly<Record<string, string>>, names: Readonly<Record<string, string>>): HTMLElement {
  const box = el(doc, 'div', 'stack');
  const height = 22;
  const chart = root(doc, width, height, 'Documents by status');
  chart.setAttribute('preserveAspectRatio', 'none');
  chart.classList.add('stack__bar');
  chart.append(svg(doc, 'rect', { x: 0, y: 0, width, height, rx: 4, fill: '#eceef4' }));
  for (const segment of segments) {
    const rect = svg(doc, 'rect', { x: segment.x, y: 0, width: segment.width, height, fill: colors[segment.key] ?? '#9e9e9e', class: 'stack__segment' });
    rect.dataset.status = segment.key;
    rect.dataset.value = String(segment.value);
    chart.append(titled(doc, rect, `${names[segment.key] ?? segment.key}: ${segment.value} (${segment.label})`));
  }
  box.append(chart);
  return box;
}
