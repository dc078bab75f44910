/**
 * The project dashboard: progress by status, jobs with live progress, pre-labeling and
 * exports (managers), pre-label quality per label and model version, agreement between
 * annotators, per-annotator figures. Everything comes from the REST API; the charts are
 * laid out by domain/charts.ts and drawn as SVG by render/charts.ts.
 *
 * The Django template provides the root:
 *   <div id="dashboard" data-project-id="3" data-role="manager" data-can-manage="true"
 *        data-export-formats='["jsonl", "spacy"]'></div>
 */
import type { ApiClient } from '../api/client';
import type { ApiExport, ApiJob, ApiModelQuality, ApiStats } from '../api/types';
import { formatPercent, formatScore, layoutBarChart, layoutHeatmap, layoutStack } from '../domain/charts';
import { drawBarChart, drawHeatmap, drawStack } from '../render/charts';
import { button, el } from '../render/dom';

export interface DashboardOptions {
  /** How often jobs are polled while one is queued or running, ms. */
  readonly pollInterval?: number;
  /** How often the figures are read again anyway (others keep working), ms; 0: never. */
  readonly statsInterval?: number;
}

export const STATUSES = ['new', 'prelabeled', 'in_progress', 'submitted', 'gold', 'skipped'] as const;
export const STATUS_NAMES: Record<string, string> = {
  new: 'New',
  prelabeled: 'Pre-labeled',
  in_progress: 'In progress',
  submitted: 'Submitted',
  gold: 'Gold',
  skipped: 'Skipped',
};
export const STATUS_COLORS: Record<string, string> = {
  new: '#c0c4d6',
  prelabeled: '#e0af68',
  in_progress: '#7aa2f7',
  submitted: '#9d7cd8',
  gold: '#2ea05a',
  skipped: '#8f96b3',
};
const JOB_NAMES: Record<string, string> = { import: 'Import', prelabel: 'Pre-label', export: 'Export', train: 'Training' };
const ACTIVE = new Set(['queued', 'running']);

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function bytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

function when(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString();
}

function section(doc: Document, id: string, title: string): { element: HTMLElement; body: HTMLElement } {
  const element = el(doc, 'section', 'card dash');
  element.id = id;
  element.append(el(doc, 'h2', 'dash__title', title));
  const body = el(doc, 'div', 'dash__body');
  element.append(body);
  return { element, body };
}

function table(doc: Document, headers: readonly string[], rows: readonly (readonly (string | Node)[])[], className = ''): HTMLTableElement {
  const node = el(doc, 'table', `dash-table ${className}`);
  const head = el(doc, 'tr');
  for (const header of headers) head.append(el(doc, 'th', '', header));
  const thead = el(doc, 'thead');
  thead.append(head);
  const tbody = el(doc, 'tbody');
  for (const row of rows) {
    const tr = el(doc, 'tr');
    for (const cell of row) {
      const td = el(doc, 'td');
      td.append(cell);
      tr.append(td);
    }
    tbody.append(tr);
  }
  node.append(thead, tbody);
  return node;
}

export async function mountDashboard(root: HTMLElement, client: ApiClient, options: DashboardOptions = {}): Promise<Dashboard | null> {
  const projectId = root.dataset.projectId;
  if (!projectId) {
    root.replaceChildren(el(root.ownerDocument, 'p', 'dash__error', 'The dashboard has no project: data-project-id is missing.'));
    return null;
  }
  const dashboard = new Dashboard(root, client, projectId, options);
  await dashboard.load();
  return dashboard;
}

export class Dashboard {
  private readonly doc: Document;
  private readonly canManage: boolean;
  private readonly formats: string[];
  private readonly sections: Record<'progress' | 'jobs' | 'exports' | 'quality' | 'agreement' | 'annotators', { element: HTMLElement; body: HTMLElement }>;
  private readonly notice: HTMLElement;
  private jobs: ApiJob[] = [];
  /** The export form's choices, kept when the list is drawn again. */
  private exportChoice = { format: '', onlyGold: true };
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private destroyed = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly client: ApiClient,
    private readonly projectId: string,
    private readonly options: DashboardOptions,
  ) {
    this.doc = root.ownerDocument;
    this.canManage = root.dataset.canManage === 'true';
    let formats: unknown = [];
    try {
      formats = JSON.parse(root.dataset.exportFormats ?? '[]');
    } catch {
      formats = [];
    }
    this.formats = Array.isArray(formats) ? formats.filter((item): item is string => typeof item === 'string') : [];
    const doc = this.doc;
    this.notice = el(doc, 'p', 'dash__notice');
    this.notice.setAttribute('role', 'status');
    this.notice.hidden = true;
    this.sections = {
      progress: section(doc, 'dash-progress', 'Progress'),
      jobs: section(doc, 'dash-jobs', 'Jobs'),
      exports: section(doc, 'dash-exports', 'Exports'),
      quality: section(doc, 'dash-quality', 'Pre-label quality against gold'),
      agreement: section(doc, 'dash-agreement', 'Agreement'),
      annotators: section(doc, 'dash-annotators', 'Annotators'),
    };
    root.classList.add('dashboard');
    root.replaceChildren(this.notice, ...Object.values(this.sections).map((part) => part.element));
  }

  async load(): Promise<void> {
    this.root.dataset.state = 'loading';
    await Promise.all([this.refreshStats(), this.refreshJobs(), this.refreshExports()]);
    this.root.dataset.state = 'ready';
    const every = this.options.statsInterval ?? 30_000;
    if (every > 0) this.statsTimer = setInterval(() => void this.refreshStats(), every);
  }

  destroy(): void {
    this.destroyed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.statsTimer) clearInterval(this.statsTimer);
  }

  private say(text: string, level: 'info' | 'error' = 'info'): void {
    this.notice.textContent = text;
    this.notice.dataset.level = level;
    this.notice.hidden = false;
  }

  // --- figures -----------------------------------------------------------------

  async refreshStats(): Promise<void> {
    let stats: ApiStats;
    try {
      stats = await this.client.getStats(this.projectId);
    } catch (error) {
      this.say(`The figures could not be loaded: ${errorText(error)}`, 'error');
      return;
    }
    this.drawProgress(stats);
    this.drawQuality(stats);
    this.drawAgreement(stats);
    this.drawAnnotators(stats);
  }

  private drawProgress(stats: ApiStats): void {
    const doc = this.doc;
    const body = this.sections.progress.body;
    const total = stats.progress.total;
    const counts = stats.progress.by_status;
    const known = [...STATUSES, ...Object.keys(counts).filter((status) => !(STATUSES as readonly string[]).includes(status))];
    const segments = layoutStack(known.map((key) => ({ key, value: counts[key] ?? 0 })), 1000);
    const rows = el(doc, 'div', 'status-rows');
    for (const status of known) {
      const count = counts[status] ?? 0;
      const row = el(doc, 'div', 'status-row');
      row.dataset.status = status;
      const bar = el(doc, 'div', 'meter');
      const fill = el(doc, 'div', 'meter__fill');
      fill.style.width = `${total ? (count / total) * 100 : 0}%`;
      fill.style.background = STATUS_COLORS[status] ?? '#9e9e9e';
      bar.append(fill);
      row.append(
        el(doc, 'span', 'status-row__name', STATUS_NAMES[status] ?? status),
        bar,
        el(doc, 'span', 'status-row__count', String(count)),
        el(doc, 'span', 'status-row__share', total ? formatPercent(count / total) : ''),
      );
      rows.append(row);
    }
    const gold = counts.gold ?? 0;
    const headline = el(doc, 'p', 'dash__headline');
    headline.append(
      el(doc, 'strong', '', count(total, 'document')),
      ` · ${gold} gold (${total ? formatPercent(gold / total) : '0%'})`,
      ` · ${count(stats.annotations.annotation ?? 0, 'annotation')} by people, ${count(stats.annotations.prediction ?? 0, 'prediction')}`,
    );
    body.replaceChildren(headline, drawStack(doc, segments, 1000, STATUS_COLORS, STATUS_NAMES), rows);
  }

  private drawQuality(stats: ApiStats): void {
    const doc = this.doc;
    const body = this.sections.quality.body;
    const models = Object.entries(stats.prelabel_quality);
    if (models.length === 0) {
      body.replaceChildren(el(doc, 'p', 'muted dash__empty', 'Nothing to score yet: quality is measured on documents that have both a prediction and gold.'));
      return;
    }
    body.replaceChildren(...models.map(([key, quality]) => this.modelQuality(key, quality)));
  }

  private modelQuality(key: string, quality: ApiModelQuality): HTMLElement {
    const doc = this.doc;
    const box = el(doc, 'div', 'model-quality');
    box.dataset.model = key;
    const labels = Object.keys(quality.exact.per_label);
    const groups = [...labels, 'micro'];
    const scoreOf = (group: string, series: string): number | null => {
      const scores = group === 'micro' ? quality.exact.micro : quality.exact.per_label[group];
      if (!scores) return null;
      return series === 'P' ? scores.p : series === 'R' ? scores.r : scores.f1;
    };
    const layout = layoutBarChart({ groups, series: ['P', 'R', 'F1'], value: scoreOf }, { width: 560, height: 220 });
    const micro = quality.exact.micro;
    const relaxed = quality.relaxed.micro;
    const heading = el(doc, 'h3', 'model-quality__title');
    heading.append(el(doc, 'span', 'model-quality__name', key), el(doc, 'span', 'muted', ` · ${quality.documents} document${quality.documents === 1 ? '' : 's'} with gold`));
    const summary = el(doc, 'p', 'model-quality__summary');
    summary.append(
      el(doc, 'span', 'figure', `exact P ${formatScore(micro.p)} · R ${formatScore(micro.r)} · F1 ${formatScore(micro.f1)}`),
      el(doc, 'span', 'figure muted', `relaxed F1 ${formatScore(relaxed.f1)}`),
      el(doc, 'span', 'figure muted', `relations F1 ${formatScore(quality.relations.f1)}`),
    );
    const rows = labels.map((label) => {
      const scores = quality.exact.per_label[label]!;
      return [label, formatScore(scores.p), formatScore(scores.r), formatScore(scores.f1), String(scores.support)];
    });
    const chart = el(doc, 'div', 'chart-box');
    chart.append(drawBarChart(doc, layout, `Precision, recall and F1 per label of ${key}`));
    box.append(heading, summary, chart, table(doc, ['Label', 'P', 'R', 'F1', 'In gold'], rows, 'dash-table--compact'));
    return box;
  }

  private drawAgreement(stats: ApiStats): void {
    const doc = this.doc;
    const body = this.sections.agreement.body;
    const { pairs, vs_gold: vsGold } = stats.agreement;
    if (pairs.length === 0 && vsGold.length === 0) {
      body.replaceChildren(el(doc, 'p', 'muted dash__empty', 'No agreement yet: it needs two annotators who submitted the same document, or an annotator\'s document made gold.'));
      return;
    }
    const people = [...new Set([...pairs.flatMap((pair) => [pair.a, pair.b]), ...vsGold.map((row) => row.annotator)])].sort();
    const names = vsGold.length ? [...people, 'gold'] : people;
    const pairOf = (a: string, b: string) => pairs.find((pair) => (pair.a === a && pair.b === b) || (pair.a === b && pair.b === a));
    const goldOf = (name: string) => vsGold.find((row) => row.annotator === name);
    const figures = (row: number, column: number) => {
      const a = names[row] as string;
      const b = names[column] as string;
      if (a === b) return null;
      if (a === 'gold' || b === 'gold') return goldOf(a === 'gold' ? b : a) ?? null;
      return pairOf(a, b) ?? null;
    };
    const layout = layoutHeatmap(names, (row, column) => figures(row, column)?.span_f1 ?? null, { cell: 52, labelWidth: Math.min(160, 24 + 8 * Math.max(...names.map((name) => name.length))) });
    const detail = (row: number, column: number) => {
      const found = figures(row, column);
      if (!found) return `${names[row]} · ${names[column]}: nothing in common`;
      return `${names[row]} vs ${names[column]}: span F1 ${formatScore(found.span_f1)}, relation F1 ${formatScore(found.relation_f1)}, kappa ${formatScore(found.kappa)} on ${found.documents} document${found.documents === 1 ? '' : 's'}`;
    };
    const chart = el(doc, 'div', 'chart-box');
    chart.append(el(doc, 'p', 'muted chart-box__caption', 'Exact span F1 between each two annotators and against gold'), drawHeatmap(doc, layout, 'Pairwise agreement (span F1)', names, detail));
    const rows = [
      ...pairs.map((pair) => [`${pair.a} · ${pair.b}`, String(pair.documents), formatScore(pair.span_f1), formatScore(pair.relation_f1), formatScore(pair.kappa)]),
      ...vsGold.map((row) => [`${row.annotator} · gold`, String(row.documents), formatScore(row.span_f1), formatScore(row.relation_f1), formatScore(row.kappa)]),
    ];
    const layoutBox = el(doc, 'div', 'dash__split');
    layoutBox.append(chart, table(doc, ['Pair', 'Documents', 'Span F1', 'Relation F1', "Cohen's κ"], rows, 'dash-table--compact agreement-table'));
    body.replaceChildren(layoutBox);
  }

  private drawAnnotators(stats: ApiStats): void {
    const doc = this.doc;
    const body = this.sections.annotators.body;
    if (stats.annotators.length === 0) {
      body.replaceChildren(el(doc, 'p', 'muted dash__empty', 'No annotators yet.'));
      return;
    }
    const rows = stats.annotators.map((row) => [
      row.username,
      String(row.submitted),
      String(row.drafts),
      duration(row.time_spent),
      row.submitted ? duration(row.mean_seconds_per_document) : '–',
      `${row.last_7_days.submitted} (${row.last_7_days.per_day.toFixed(1)}/day)`,
      `${row.last_30_days.submitted}`,
    ]);
    body.replaceChildren(table(doc, ['Annotator', 'Submitted', 'Drafts', 'Time spent', 'Per document', 'Last 7 days', 'Last 30 days'], rows, 'annotators-table'));
  }

  // --- jobs --------------------------------------------------------------------

  async refreshJobs(): Promise<void> {
    let page;
    try {
      page = await this.client.listJobs(this.projectId, 8);
    } catch (error) {
      this.say(`The jobs could not be loaded: ${errorText(error)}`, 'error');
      return;
    }
    const wasActive = new Set(this.jobs.filter((job) => ACTIVE.has(job.status)).map((job) => String(job.id)));
    this.jobs = [...page.results];
    this.drawJobs();
    const finished = this.jobs.filter((job) => wasActive.has(String(job.id)) && !ACTIVE.has(job.status));
    if (finished.length) {
      void this.refreshStats();
      if (finished.some((job) => job.kind === 'export')) void this.refreshExports();
    }
    this.schedulePoll();
  }

  private schedulePoll(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    if (this.destroyed || !this.jobs.some((job) => ACTIVE.has(job.status))) return;
    this.pollTimer = setTimeout(() => void this.refreshJobs(), this.options.pollInterval ?? 1000);
  }

  private drawJobs(): void {
    const doc = this.doc;
    const body = this.sections.jobs.body;
    const parts: HTMLElement[] = [];
    if (this.canManage) {
      const actions = el(doc, 'div', 'dash__actions');
      const prelabel = button(doc, 'Pre-label documents', 'btn btn--primary', () => void this.startPrelabel(), 'Pre-label every document without a current prediction with the project\'s spaCy model');
      prelabel.dataset.action = 'prelabel';
      actions.append(prelabel, el(doc, 'span', 'muted', 'documents without a current prediction, with the project\'s model'));
      parts.push(actions);
    }
    if (this.jobs.length === 0) {
      parts.push(el(doc, 'p', 'muted dash__empty', 'No jobs yet.'));
    } else {
      const list = el(doc, 'div', 'jobs');
      for (const job of this.jobs) list.append(this.jobRow(job));
      parts.push(list);
    }
    body.replaceChildren(...parts);
  }

  private jobRow(job: ApiJob): HTMLElement {
    const doc = this.doc;
    const row = el(doc, 'div', `job job--${job.status}`);
    row.dataset.jobId = String(job.id);
    row.dataset.status = job.status;
    row.dataset.kind = job.kind;
    const percent = Math.round(Math.min(1, Math.max(0, job.progress)) * 100);
    const meter = el(doc, 'div', 'meter meter--job');
    meter.setAttribute('role', 'progressbar');
    meter.setAttribute('aria-valuemin', '0');
    meter.setAttribute('aria-valuemax', '100');
    meter.setAttribute('aria-valuenow', String(percent));
    const fill = el(doc, 'div', 'meter__fill');
    fill.style.width = `${percent}%`;
    meter.append(fill);
    row.append(
      el(doc, 'span', 'job__name', `${JOB_NAMES[job.kind] ?? job.kind} #${job.id}`),
      el(doc, 'span', `job__status job__status--${job.status}`, job.cancel_requested && ACTIVE.has(job.status) ? 'cancelling' : job.status),
      meter,
      el(doc, 'span', 'job__count', job.total ? `${job.done} / ${job.total} · ${percent}%` : `${percent}%`),
      el(doc, 'span', 'job__when muted', when(job.finished_at ?? job.started_at ?? job.created_at)),
    );
    if (job.errors.length) row.append(el(doc, 'span', 'job__errors', `${job.errors.length} error${job.errors.length === 1 ? '' : 's'}`));
    if (this.canManage && ACTIVE.has(job.status) && !job.cancel_requested) {
      row.append(button(doc, 'Cancel', 'btn btn--quiet btn--small', () => void this.cancel(job), 'Ask the job to stop'));
    }
    return row;
  }

  private async startPrelabel(): Promise<void> {
    try {
      const job = await this.client.startPrelabel(this.projectId);
      this.say(`Pre-labeling started (job ${job.id}).`);
    } catch (error) {
      this.say(`Pre-labeling could not start: ${errorText(error)}`, 'error');
    }
    await this.refreshJobs();
  }

  private async cancel(job: ApiJob): Promise<void> {
    try {
      await this.client.cancelJob(job.id);
    } catch (error) {
      this.say(`Job ${job.id} could not be cancelled: ${errorText(error)}`, 'error');
    }
    await this.refreshJobs();
  }

  // --- exports -------------------------------------------------------------------

  async refreshExports(): Promise<void> {
    let page;
    try {
      page = await this.client.listExports(this.projectId, 8);
    } catch (error) {
      this.say(`The exports could not be loaded: ${errorText(error)}`, 'error');
      return;
    }
    this.drawExports(page.results);
  }

  private drawExports(exports: readonly ApiExport[]): void {
    const doc = this.doc;
    const body = this.sections.exports.body;
    const parts: HTMLElement[] = [];
    if (this.canManage && this.formats.length) {
      const form = el(doc, 'form', 'dash__actions export-form');
      const select = el(doc, 'select', 'export-form__format');
      select.name = 'format';
      select.setAttribute('aria-label', 'Export format');
      for (const format of this.formats) {
        const option = el(doc, 'option', '', format);
        option.value = format;
        select.append(option);
      }
      if (this.formats.includes(this.exportChoice.format)) select.value = this.exportChoice.format;
      const onlyGold = el(doc, 'input');
      onlyGold.type = 'checkbox';
      onlyGold.checked = this.exportChoice.onlyGold;
      onlyGold.name = 'only_gold';
      const label = el(doc, 'label', 'export-form__gold');
      label.append(onlyGold, ' only gold documents');
      const submit = el(doc, 'button', 'btn btn--primary', 'Create export');
      submit.type = 'submit';
      submit.dataset.action = 'export';
      form.append(select, label, submit);
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        this.exportChoice = { format: select.value, onlyGold: onlyGold.checked };
        void this.startExport(select.value, onlyGold.checked);
      });
      parts.push(form);
    }
    if (exports.length === 0) {
      parts.push(el(doc, 'p', 'muted dash__empty', 'No exports yet.'));
    } else {
      const rows = exports.map((item) => {
        let download: string | Node = '';
        if (item.download_url) {
          const link = el(doc, 'a', 'btn btn--quiet btn--small', 'Download');
          link.href = item.download_url;
          link.setAttribute('download', '');
          download = link;
        }
        return [`#${item.id}`, item.format, item.status, item.size ? bytes(item.size) : '', when(item.created_at), download];
      });
      parts.push(table(doc, ['Export', 'Format', 'Status', 'Size', 'Created', ''], rows, 'exports-table'));
    }
    body.replaceChildren(...parts);
  }

  private async startExport(format: string, onlyGold: boolean): Promise<void> {
    try {
      const created = await this.client.startExport(this.projectId, { format, only_gold: onlyGold });
      this.say(`Export ${created.id} (${format}) started.`);
    } catch (error) {
      this.say(`The export could not start: ${errorText(error)}`, 'error');
    }
    await Promise.all([this.refreshJobs(), this.refreshExports()]);
  }
}
