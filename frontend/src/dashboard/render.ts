/**
 * The dashboard's sections drawn from their figures (figures.ts, jobs.ts): DOM only.
 * Buttons report through callbacks; every user string (labels, usernames, formats)
 * goes in as text.
 */
import type { ApiAssignmentFigures, ApiExport, ApiJob, ApiModelEntry, ApiModelQuality, ApiStats } from '../api/types';
import { layoutBarChart, layoutHeatmap, layoutStack } from '../domain/charts';
import { drawBarChart, drawHeatmap, drawStack } from '../render/charts';
import { button, el } from '../render/dom';
import { comparisonFigures, evaluateChoices, VERSION_HEADERS } from './comparison';
import { DECISION_HEADERS, decisionRows, type ApiReviewDecisions } from './decisions';
import { agreementFigures, annotatorRows, documentTimeRows, progressFigures, qualityFigures, STATUS_COLORS, STATUS_NAMES } from './figures';
import { EXPORT_FORMAT_OPTIONS, type ExportChoice } from './exports';
import { assignmentRows } from './assignments';
import { exportFigures, jobFigures } from './jobs';
import { REGISTRY_HEADERS, registryRows } from './registry';

export interface Section {
  readonly element: HTMLElement;
  readonly body: HTMLElement;
}

export function section(doc: Document, id: string, title: string): Section {
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

function empty(doc: Document, text: string): HTMLElement {
  return el(doc, 'p', 'muted dash__empty', text);
}

export function drawProgress(body: HTMLElement, stats: ApiStats): void {
  const doc = body.ownerDocument;
  const figures = progressFigures(stats);
  const segments = layoutStack(figures.rows.map((row) => ({ key: row.status, value: row.count })), 1000);
  const rows = el(doc, 'div', 'status-rows');
  for (const status of figures.rows) {
    const row = el(doc, 'div', 'status-row');
    row.dataset.status = status.status;
    const bar = el(doc, 'div', 'meter');
    const fill = el(doc, 'div', 'meter__fill');
    fill.style.width = `${status.fraction * 100}%`;
    fill.style.background = status.color;
    bar.append(fill);
    row.append(
      el(doc, 'span', 'status-row__name', status.name),
      bar,
      el(doc, 'span', 'status-row__count', String(status.count)),
      el(doc, 'span', 'status-row__share', status.share),
    );
    rows.append(row);
  }
  const headline = el(doc, 'p', 'dash__headline');
  headline.append(el(doc, 'strong', '', figures.documents), figures.summary);
  body.replaceChildren(headline, drawStack(doc, segments, 1000, STATUS_COLORS, STATUS_NAMES), rows);
}

export function drawQuality(body: HTMLElement, stats: ApiStats & { readonly review_decisions?: ApiReviewDecisions }): void {
  const doc = body.ownerDocument;
  const models = Object.entries(stats.prelabel_quality);
  const parts: HTMLElement[] = models.length
    ? models.map(([key, quality]) => modelQuality(doc, key, quality))
    : [empty(doc, 'Nothing to score yet: quality is measured on documents that have both a prediction and gold.')];
  // Decisions exist as soon as anybody accepts or rejects a suggestion, gold or not.
  const decided = decisionRows(stats.review_decisions);
  if (decided.length) {
    const box = el(doc, 'div', 'review-decisions');
    box.append(el(doc, 'h3', 'model-quality__title', 'Suggestions accepted and rejected in review'),
      table(doc, DECISION_HEADERS, decided, 'dash-table--compact decisions-table'));
    parts.push(box);
  }
  body.replaceChildren(...parts);
}

function modelQuality(doc: Document, key: string, quality: ApiModelQuality): HTMLElement {
  const figures = qualityFigures(quality);
  const box = el(doc, 'div', 'model-quality');
  box.dataset.model = key;
  const heading = el(doc, 'h3', 'model-quality__title');
  heading.append(el(doc, 'span', 'model-quality__name', key), el(doc, 'span', 'muted', ` · ${figures.documents}`));
  const [exact, relaxed, relations] = figures.summary;
  const summary = el(doc, 'p', 'model-quality__summary');
  summary.append(el(doc, 'span', 'figure', exact), el(doc, 'span', 'figure muted', relaxed), el(doc, 'span', 'figure muted', relations));
  const chart = el(doc, 'div', 'chart-box');
  const layout = layoutBarChart(figures.chart, { width: 560, height: 220 });
  chart.append(drawBarChart(doc, layout, `Precision, recall and F1 per label of ${key}`));
  box.append(heading, summary, chart, table(doc, ['Label', 'P', 'R', 'F1', 'In gold'], figures.rows, 'dash-table--compact'));
  return box;
}

export interface EvaluateActions {
  /** Managers get the "Evaluate on gold" form and the registry's buttons. */
  readonly canManage: boolean;
  readonly models: readonly ApiModelEntry[];
  readonly evaluate: (model: string) => void;
  /** Make the model labelled `base` or `v3` the project's default. */
  readonly promote?: (label: string) => void;
  /** Delete a trained version (the caller confirms first). */
  readonly remove?: (label: string) => void;
}

/** The model registry: one row per model with promote / evaluate / delete buttons (managers). */
function registryTable(doc: Document, actions: EvaluateActions): HTMLElement {
  const rows = registryRows(actions.models).map((row) => {
    const buttons = el(doc, 'span', 'registry__actions');
    if (row.canPromote && actions.promote) {
      buttons.append(button(doc, 'Promote', 'btn btn--small', () => actions.promote?.(row.label),
        'Make it the default model of pre-labeling'));
    }
    if (row.evaluateModel !== null) {
      const evaluate = button(doc, 'Evaluate', 'btn btn--small', () => actions.evaluate(row.evaluateModel as string),
        'Run it on every gold document; the gold is not changed');
      evaluate.dataset.action = 'evaluate-row';
      buttons.append(evaluate);
    }
    if (row.canDelete && actions.remove) {
      buttons.append(button(doc, 'Delete', 'btn btn--small btn--danger', () => actions.remove?.(row.label),
        'Delete this version and its files'));
    }
    const name = el(doc, 'span', row.isDefault ? 'registry__name registry__name--default' : 'registry__name', row.model);
    return [name, row.status, row.trainedOn, row.testF1, row.relations, row.autoTrain, buttons];
  });
  const box = el(doc, 'div', 'registry');
  box.append(el(doc, 'h3', 'model-quality__title', 'Models of this project'),
    table(doc, REGISTRY_HEADERS, rows, 'dash-table--compact registry-table'));
  const tbody = box.querySelector('tbody');
  registryRows(actions.models).forEach((row, index) => {
    const tr = tbody?.children[index] as HTMLElement | undefined;
    if (tr) tr.dataset.model = row.label;
  });
  return box;
}

/** Every model version on the same gold documents: a grouped bar chart of F1 and two tables. */
export function drawComparison(body: HTMLElement, stats: ApiStats, actions: EvaluateActions): void {
  const doc = body.ownerDocument;
  const parts: HTMLElement[] = [];
  const choices = evaluateChoices(actions.models);
  if (actions.canManage && choices.length) {
    const form = el(doc, 'form', 'dash__actions evaluate-form');
    const select = el(doc, 'select', 'evaluate-form__model');
    select.name = 'model';
    select.setAttribute('aria-label', 'Model to evaluate');
    for (const [value, text] of choices) {
      const option = el(doc, 'option', '', text);
      option.value = value;
      select.append(option);
    }
    const submit = el(doc, 'button', 'btn btn--primary', 'Evaluate on gold');
    submit.type = 'submit';
    submit.dataset.action = 'evaluate';
    form.append(select, submit, el(doc, 'span', 'muted', 'runs the model on every gold document; the gold is not changed'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      actions.evaluate(select.value);
    });
    parts.push(form);
  }
  if (actions.canManage && actions.models.length) parts.push(registryTable(doc, actions));
  const figures = comparisonFigures(stats.model_comparison);
  if (!figures) {
    parts.push(empty(doc, 'No version has predicted a gold document yet: evaluate one on gold to compare.'));
    body.replaceChildren(...parts);
    return;
  }
  const headline = el(doc, 'p', 'versions__headline', figures.headline);
  const chart = el(doc, 'div', 'chart-box');
  const layout = layoutBarChart(figures.chart, { width: 640, height: 240 });
  chart.append(drawBarChart(doc, layout, 'Exact F1 per label of each model version on the same gold documents'));
  parts.push(headline, chart,
    table(doc, VERSION_HEADERS, figures.versions, 'dash-table--compact versions-table'),
    el(doc, 'h3', 'model-quality__title versions-labels-title', 'Exact F1 per label'),
    table(doc, figures.labelHeaders, figures.labels, 'dash-table--compact version-labels-table'));
  body.replaceChildren(...parts);
}

export function drawAgreement(body: HTMLElement, stats: ApiStats): void {
  const doc = body.ownerDocument;
  const figures = agreementFigures(stats.agreement);
  if (!figures) {
    body.replaceChildren(empty(doc, 'No agreement yet: it needs two annotators who submitted the same document, or an annotator\'s document made gold.'));
    return;
  }
  const { names } = figures;
  const layout = layoutHeatmap(names, figures.value, { cell: 52, labelWidth: Math.min(160, 24 + 8 * Math.max(...names.map((name) => name.length))) });
  const chart = el(doc, 'div', 'chart-box');
  chart.append(
    el(doc, 'p', 'muted chart-box__caption', 'Exact span F1 between each two annotators and against gold'),
    drawHeatmap(doc, layout, 'Pairwise agreement (span F1)', names, figures.detail),
  );
  const split = el(doc, 'div', 'dash__split');
  split.append(chart, table(doc, ['Pair', 'Documents', 'Span F1', 'Relation F1', "Cohen's κ"], figures.rows, 'dash-table--compact agreement-table'));
  body.replaceChildren(split);
}

export function drawAnnotators(body: HTMLElement, stats: ApiStats): void {
  const doc = body.ownerDocument;
  if (stats.annotators.length === 0) {
    body.replaceChildren(empty(doc, 'No annotators yet.'));
    return;
  }
  const headers = ['Annotator', 'Submitted', 'Drafts', 'Time spent', 'Per document', 'Last 7 days', 'Last 30 days'];
  body.replaceChildren(table(doc, headers, annotatorRows(stats.annotators), 'annotators-table'));
  // Active time measured in the editor, per document (the longest first).
  const times = stats.time_per_document ?? [];
  if (times.length) {
    body.append(
      el(doc, 'p', 'muted chart-box__caption', 'Active time per document (longest first)'),
      table(doc, ['Document', 'Active time', 'By'], documentTimeRows(times), 'document-time-table'),
    );
  }
}

export interface JobActions {
  /** Managers: start pre-labeling, cancel a job. */
  readonly canManage: boolean;
  readonly prelabel: () => void;
  readonly cancel: (job: ApiJob) => void;
  /** Export id by job id (from the exports list), so an export job shows its export's number. */
  readonly exportIds?: ReadonlyMap<number, number>;
}

export function drawJobs(body: HTMLElement, jobs: readonly ApiJob[], actions: JobActions): void {
  const doc = body.ownerDocument;
  const parts: HTMLElement[] = [];
  if (actions.canManage) {
    const bar = el(doc, 'div', 'dash__actions');
    const prelabel = button(doc, 'Pre-label documents', 'btn btn--primary', () => actions.prelabel(), 'Pre-label every document without a current prediction with the project\'s spaCy model');
    prelabel.dataset.action = 'prelabel';
    bar.append(prelabel, el(doc, 'span', 'muted', 'documents without a current prediction, with the project\'s model'));
    parts.push(bar);
  }
  if (jobs.length === 0) {
    parts.push(empty(doc, 'No jobs yet.'));
  } else {
    const list = el(doc, 'div', 'jobs');
    for (const job of jobs) list.append(jobRow(doc, job, actions));
    parts.push(list);
  }
  body.replaceChildren(...parts);
}

function jobRow(doc: Document, job: ApiJob, actions: JobActions): HTMLElement {
  const figures = jobFigures(job, undefined, actions.exportIds?.get(job.id));
  const row = el(doc, 'div', `job job--${job.status}`);
  row.dataset.jobId = String(job.id);
  row.dataset.status = job.status;
  row.dataset.kind = job.kind;
  const meter = el(doc, 'div', 'meter meter--job');
  meter.setAttribute('role', 'progressbar');
  meter.setAttribute('aria-valuemin', '0');
  meter.setAttribute('aria-valuemax', '100');
  meter.setAttribute('aria-valuenow', String(figures.percent));
  const fill = el(doc, 'div', 'meter__fill');
  fill.style.width = `${figures.percent}%`;
  meter.append(fill);
  row.append(
    el(doc, 'span', 'job__name', figures.name),
    el(doc, 'span', `job__status job__status--${job.status}`, figures.status),
    meter,
    el(doc, 'span', 'job__count', figures.count),
    el(doc, 'span', 'job__when muted', figures.when),
  );
  if (figures.errors) row.append(el(doc, 'span', 'job__errors', figures.errors));
  if (figures.warnings) {
    const warnings = el(doc, 'span', 'job__warnings', figures.warnings);
    warnings.title = figures.warningDetails;
    row.append(warnings);
  }
  if (figures.outcome) row.append(el(doc, 'span', 'job__outcome', figures.outcome));
  if (actions.canManage && figures.cancellable) {
    row.append(button(doc, 'Cancel', 'btn btn--quiet btn--small', () => actions.cancel(job), 'Ask the job to stop'));
  }
  return row;
}

export type { ExportChoice };

export interface ExportActions {
  /** Members with the project's export role get the form (when there are formats to offer). */
  readonly canStart: boolean;
  readonly formats: readonly string[];
  readonly choice: ExportChoice;
  readonly start: (choice: ExportChoice) => void;
}

export function drawExports(body: HTMLElement, exports: readonly ApiExport[], actions: ExportActions): void {
  const doc = body.ownerDocument;
  const parts: HTMLElement[] = [];
  if (actions.canStart && actions.formats.length) parts.push(exportForm(doc, actions));
  if (exports.length === 0) {
    parts.push(empty(doc, 'No exports yet.'));
  } else {
    const rows = exports.map((item) => {
      const figures = exportFigures(item);
      let download: string | Node = '';
      if (figures.downloadUrl) {
        const link = el(doc, 'a', 'btn btn--quiet btn--small', 'Download');
        link.href = figures.downloadUrl;
        link.setAttribute('download', '');
        download = link;
      }
      return [...figures.cells, download];
    });
    parts.push(table(doc, ['Export', 'Format', 'Status', 'Size', 'Created', ''], rows, 'exports-table'));
  }
  body.replaceChildren(...parts);
}

/** What members without the project's export role see instead of the exports. */
export function drawExportsRefused(body: HTMLElement, role: string): void {
  const text = `Exports of this project are open to the ${role} role and above; ask a manager.`;
  body.replaceChildren(empty(body.ownerDocument, text));
}

function exportForm(doc: Document, actions: ExportActions): HTMLElement {
  const form = el(doc, 'form', 'dash__actions export-form');
  const select = el(doc, 'select', 'export-form__format');
  select.name = 'format';
  select.setAttribute('aria-label', 'Export format');
  for (const format of actions.formats) {
    const option = el(doc, 'option', '', format);
    option.value = format;
    select.append(option);
  }
  if (actions.formats.includes(actions.choice.format)) select.value = actions.choice.format;
  const onlyGold = el(doc, 'input');
  onlyGold.type = 'checkbox';
  onlyGold.checked = actions.choice.onlyGold;
  onlyGold.name = 'only_gold';
  const label = el(doc, 'label', 'export-form__gold');
  label.append(onlyGold, ' only gold documents');
  const submit = el(doc, 'button', 'btn btn--primary', 'Create export');
  submit.type = 'submit';
  submit.dataset.action = 'export';
  const optionFields = formatOptionFields(doc, actions.choice);
  const showOptions = () => {
    for (const field of optionFields) field.hidden = field.dataset.format !== select.value;
  };
  select.addEventListener('change', showOptions);
  showOptions();
  form.append(select, ...optionFields, label, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const options: Record<string, string> = {};
    for (const field of optionFields) {
      if (field.dataset.format !== select.value) continue; // two formats may name an option alike
      const input = field.querySelector('select');
      if (input) options[input.name] = input.value;
    }
    actions.start({ format: select.value, onlyGold: onlyGold.checked, options });
  });
  return form;
}

/** A labelled select per format option (exports.ts), shown only while its format is chosen. */
function formatOptionFields(doc: Document, choice: ExportChoice): HTMLElement[] {
  return Object.entries(EXPORT_FORMAT_OPTIONS).flatMap(([format, options]) => options.map((option) => {
    const field = el(doc, 'label', 'export-form__option');
    field.dataset.format = format;
    const input = el(doc, 'select');
    input.name = option.name;
    for (const [value, meaning] of option.choices) {
      const item = el(doc, 'option', '', meaning);
      item.value = value;
      input.append(item);
    }
    const chosen = choice.options?.[option.name];
    if (chosen && option.choices.some(([value]) => value === chosen)) input.value = chosen;
    field.append(`${option.label} `, input);
    return field;
  }));
}

/** Per annotator: documents assigned by a manager and how many are done, with a bar. */
export function drawAssignments(body: HTMLElement, figures: readonly ApiAssignmentFigures[]): void {
  const doc = body.ownerDocument;
  const rows = assignmentRows(figures).filter((row) => row.assigned > 0 || row.note === '');
  if (rows.length === 0) {
    body.replaceChildren(empty(doc, 'No annotators yet.'));
    return;
  }
  const cells = rows.map((row) => {
    const meter = el(doc, 'div', 'meter meter--job');
    meter.setAttribute('role', 'progressbar');
    meter.setAttribute('aria-valuemin', '0');
    meter.setAttribute('aria-valuemax', '100');
    meter.setAttribute('aria-valuenow', String(row.percent));
    meter.setAttribute('aria-label', `${row.username}: ${row.count} assigned documents done`);
    const fill = el(doc, 'div', 'meter__fill');
    fill.style.width = `${row.percent}%`;
    meter.append(fill);
    return [row.note ? `${row.username} ${row.note}` : row.username, String(row.assigned), String(row.done), meter];
  });
  body.replaceChildren(table(doc, ['Annotator', 'Assigned', 'Done', ''], cells, 'assignments-table'));
}
