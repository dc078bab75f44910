// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiExport, ApiJob, ApiModelEntry, ApiStats, Page } from '../api/types';
import { mountDashboard, type Dashboard, type DashboardClient } from './dashboard';
import type { ApiReviewDecisions } from './decisions';

const scores = (p: number, r: number, f1: number, support = 1) => ({ p, r, f1, support });

const progress = { total: 4, by_status: { new: 1, prelabeled: 0, in_progress: 0, submitted: 1, gold: 2, skipped: 0 } };
const stats: ApiStats & { review_decisions: ApiReviewDecisions } = {
  documents: progress,
  progress,
  annotations: { prediction: 2, annotation: 3, gold: 2 },
  jobs: { running: 1, queued: 0 },
  prelabel_quality: {
    'sm@3.8.0': {
      exact: { per_label: { '<b>GPE</b>': scores(0.5, 1, 0.6667), PERSON: scores(1, 1, 1) }, micro: { p: 0.6667, r: 0.6667, f1: 0.6667 } },
      relaxed: { per_label: {}, micro: { p: 0.7, r: 0.7, f1: 0.7 } },
      relations: { p: 0, r: 0, f1: 0 },
      documents: 2,
    },
  },
  model_comparison: {
    documents: 2,
    document_ids: [1, 2],
    labels: ['<b>GPE</b>', 'PERSON'],
    versions: [
      { key: 'sm@3.8.0', model: 'sm', model_version: '3.8.0', exact: { per_label: { '<b>GPE</b>': scores(0.5, 1, 0.6667), PERSON: scores(1, 1, 1) }, micro: { p: 0.6667, r: 0.6667, f1: 0.6667 } },
        relaxed: { per_label: {}, micro: { p: 0.7, r: 0.7, f1: 0.7 } }, relations: { p: 0, r: 0, f1: 0 }, decisions: { accepted: 3, rejected: 1, accept_rate: 0.75 }, gold_documents: 2, change: null },
      { key: 'project3_v1@1.0.1', model: 'project3_v1', model_version: '1.0.1', exact: { per_label: { PERSON: scores(1, 0.5, 0.6667) }, micro: { p: 1, r: 0.25, f1: 0.4 } },
        relaxed: { per_label: {}, micro: { p: 1, r: 0.25, f1: 0.4 } }, relations: { p: 0, r: 0, f1: 0 }, decisions: { accepted: 0, rejected: 0, accept_rate: 0 }, gold_documents: 2, change: { from: 'sm@3.8.0', f1: -0.2667 } },
    ],
  },
  review_decisions: {
    'sm@3.8.0': { accepted: 3, rejected: 1, accept_rate: 0.75, documents: 2, per_label: { '<b>GPE</b>': { accepted: 3, rejected: 1, accept_rate: 0.75 } } },
  },
  agreement: {
    pairs: [{ a: 'alice', b: '<i>carol</i>', documents: 1, span_f1: 0.8, per_label: {}, relation_f1: 0, kappa: 0.8049 }],
    vs_gold: [{ annotator: 'alice', documents: 1, span_f1: 1, relation_f1: 1, kappa: 1 }],
  },
  annotators: [
    { username: 'alice', submitted: 2, drafts: 0, time_spent: 150, mean_seconds_per_document: 75, last_7_days: { submitted: 2, per_day: 0.2857 }, last_30_days: { submitted: 2, per_day: 0.0667 } },
  ],
  time_per_document: [{ document: 42, time_spent: 150, annotators: { alice: 150 } }],
};

function job(id: number, status: ApiJob['status'], done: number, total: number): ApiJob {
  return { id, kind: 'prelabel', status, project: 3, total, done, progress: total ? done / total : 0, errors: [], result: {}, created_at: '2026-01-01T00:00:00Z', started_at: null, finished_at: null, cancel_requested: false };
}

const page = <T,>(results: T[]): Page<T> => ({ results, next: null, count: results.length });
const flush = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
let mounted: Dashboard | null = null;

afterEach(() => {
  mounted?.destroy();
  mounted = null;
  document.body.replaceChildren();
});

async function setup(options: { jobs?: ApiJob[][]; canManage?: boolean; canExport?: boolean; exports?: ApiExport[] } = {}) {
  const calls: string[] = [];
  const jobPages = options.jobs ?? [[]];
  let jobCall = 0;
  const unused = () => Promise.reject(new Error('not used by the dashboard'));
  const models = [
    { kind: 'base', label: 'base', model: 'sm', name: 'sm' },
    { kind: 'trained', label: 'v1', model: 'v1', name: 'project3_v1' },
  ] as ApiModelEntry[];
  const client: DashboardClient = {
    listModels: async () => {
      calls.push('models');
      return models;
    },
    startEvaluate: async (_id, model) => {
      calls.push(`evaluate ${model}`);
      return { ...job(9, 'queued', 0, 0), kind: 'evaluate' as const };
    },
    getDocument: unused,
    getDocumentWithAnnotations: unused,
    getProject: unused,
    listAnnotations: unused,
    saveMyAnnotation: unused,
    saveGold: unused,
    getJob: unused,
    getStats: async () => {
      calls.push('stats');
      return stats;
    },
    listJobs: async () => {
      calls.push('jobs');
      return page(jobPages[Math.min(jobCall++, jobPages.length - 1)] ?? []);
    },
    listExports: async () => {
      calls.push('exports');
      return page(options.exports ?? []);
    },
    cancelJob: async (id) => {
      calls.push(`cancel ${id}`);
      return job(Number(id), 'cancelled', 0, 0);
    },
    startPrelabel: async () => {
      calls.push('prelabel');
      return job(7, 'queued', 0, 0);
    },
    startExport: async (_id, body) => {
      calls.push(`export ${body.format} ${body.only_gold}`);
      return { id: 3, project: 3, format: body.format, options: {}, status: 'queued', job: 8, sha256: '', size: 0, manifest: {}, created_at: '', download_url: null };
    },
  };
  const root = document.createElement('div');
  root.id = 'dashboard';
  Object.assign(root.dataset, { projectId: '3', canManage: String(options.canManage ?? true), canExport: String(options.canExport ?? true), exportRole: 'reviewer', exportFormats: '["jsonl","conll"]' });
  document.body.replaceChildren(root);
  mounted = await mountDashboard(root, client, { pollInterval: 5, statsInterval: 0 });
  return { root, calls };
}

describe('the dashboard', () => {
  it('draws progress by status', async () => {
    const { root } = await setup();
    expect(root.dataset.state).toBe('ready');
    const rows = [...root.querySelectorAll('.status-row')].map((row) => [(row as HTMLElement).dataset.status, row.querySelector('.status-row__count')?.textContent]);
    expect(rows).toEqual([
      ['new', '1'],
      ['prelabeled', '0'],
      ['in_progress', '0'],
      ['submitted', '1'],
      ['gold', '2'],
      ['skipped', '0'],
    ]);
    expect([...root.querySelectorAll('.stack__segment')].map((rect) => (rect as SVGElement).dataset.status)).toEqual(['new', 'submitted', 'gold']);
    expect(root.querySelector('.dash__headline')?.textContent).toContain('2 gold (50%)');
  });

  it('compares the model versions on the same gold: one bar series per version, the change in a table', async () => {
    const { root } = await setup();
    const versions = root.querySelector('#dash-versions')!;
    expect(versions.querySelector('.versions__headline')?.textContent).toBe('2 versions on the same 2 gold documents');
    expect(versions.querySelectorAll('svg rect.chart__bar')).toHaveLength(5); // GPE of v1 is absent
    expect(new Set([...versions.querySelectorAll('rect.chart__bar')].map((bar) => (bar as SVGElement).dataset.series)))
      .toEqual(new Set(['sm@3.8.0', 'project3_v1@1.0.1']));
    const rows = [...versions.querySelectorAll('.versions-table tbody tr')].map((row) => [...row.children].map((cell) => cell.textContent));
    expect(rows[1]).toEqual(['project3_v1@1.0.1', '1.00', '0.25', '0.40', '−0.27', '0.00', '0', '0', '–']);
    expect(versions.querySelector('b')).toBeNull();
  });

  it('lets a manager evaluate a chosen model on gold', async () => {
    const { root, calls } = await setup();
    const select = root.querySelector<HTMLSelectElement>('.evaluate-form__model')!;
    expect([...select.options].map((option) => option.value)).toEqual(['sm', 'v1']);
    select.value = 'v1';
    root.querySelector<HTMLButtonElement>('[data-action="evaluate"]')!.click();
    await flush();
    expect(calls).toContain('evaluate v1');
    expect(root.querySelector('.dash__notice')?.textContent).toBe('Evaluation #9 of v1 on gold started.');
  });

  it('reads the figures again when a job it started is already finished at the next look', async () => {
    const done = { ...job(9, 'succeeded', 2, 2), kind: 'evaluate' as const };
    const { root, calls } = await setup({ jobs: [[], [done]] });
    root.querySelector<HTMLButtonElement>('[data-action="evaluate"]')!.click();
    await flush();
    expect(calls.filter((call) => call === 'stats')).toHaveLength(2);
  });

  it('shows annotators no evaluate form', async () => {
    const { root, calls } = await setup({ canManage: false });
    expect(root.querySelector('.evaluate-form')).toBeNull();
    expect(calls).not.toContain('models');
  });

  it('draws quality as SVG bars per label and model, labels as text', async () => {
    const { root } = await setup();
    const model = root.querySelector('.model-quality[data-model="sm@3.8.0"]')!;
    expect(model.querySelectorAll('svg rect.chart__bar')).toHaveLength(9); // (2 labels + micro) x P, R, F1
    const groups = [...model.querySelectorAll('.chart__group')].map((node) => node.textContent);
    expect(groups).toEqual(['<b>GPE</b>', 'PERSON', 'micro']);
    expect(model.querySelector('b')).toBeNull();
    expect(model.querySelector('.model-quality__summary')?.textContent).toContain('F1 0.67');
  });

  it('lists the suggestions accepted and rejected in review under quality, labels as text', async () => {
    const { root } = await setup();
    const rows = [...root.querySelectorAll('#dash-quality .decisions-table tbody tr')].map((row) => [...row.children].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['sm@3.8.0', '<b>GPE</b>', '3', '1', '75%'],
      ['sm@3.8.0', 'all labels', '3', '1', '75%'],
    ]);
    expect(root.querySelector('#dash-quality .decisions-table b')).toBeNull();
  });

  it('draws agreement as a heatmap with gold', async () => {
    const { root } = await setup();
    const cells = [...root.querySelectorAll('#dash-agreement .chart__cell')] as SVGGElement[];
    expect(cells).toHaveLength(9); // <i>carol</i>, alice, gold
    const value = (row: string, column: string) => cells.find((cell) => cell.dataset.row === row && cell.dataset.column === column)?.dataset.value;
    expect(value('alice', '<i>carol</i>')).toBe('0.8');
    expect(value('gold', 'alice')).toBe('1');
    expect(value('<i>carol</i>', 'gold')).toBe('');
    expect(root.querySelector('#dash-agreement i')).toBeNull();
    expect(root.querySelector('.agreement-table')?.textContent).toContain('0.80');
  });

  it('polls running jobs until they finish, then reads the figures again', async () => {
    const { root, calls } = await setup({ jobs: [[job(1, 'running', 2, 10)], [job(1, 'running', 6, 10)], [job(1, 'succeeded', 10, 10)]] });
    expect(root.querySelector('.job .job__count')?.textContent).toBe('2 / 10 · 20%');
    await flush(40);
    expect(root.querySelector('.job')?.getAttribute('data-status')).toBe('succeeded');
    expect(root.querySelector('.job [role=progressbar]')?.getAttribute('aria-valuenow')).toBe('100');
    expect(calls.filter((call) => call === 'jobs')).toHaveLength(3);
    // On load, once while the job runs (so the progress bars move), and when it ends.
    expect(calls.filter((call) => call === 'stats')).toHaveLength(3);
  });

  it('clears the "started" notice when its job ends, and names an export by one number', async () => {
    const exportJob = { ...job(8, 'queued', 0, 0), kind: 'export' as const };
    const { root } = await setup({ jobs: [[], [exportJob], [{ ...exportJob, status: 'running', done: 1, total: 2, progress: 0.5 }], [{ ...exportJob, status: 'succeeded', done: 2, total: 2, progress: 1 }]] });
    (root.querySelector('.export-form__format') as HTMLSelectElement).value = 'conll';
    (root.querySelector('[data-action="export"]') as HTMLButtonElement).click();
    await flush();
    const notice = root.querySelector('.dash__notice') as HTMLElement;
    expect(notice.textContent).toBe('Export #3 (conll) started.');
    expect(root.querySelector('.job[data-kind=export] .job__name')?.textContent).toBe('Export #3');
    await flush(60);
    expect(root.querySelector('.job[data-kind=export]')?.getAttribute('data-status')).toBe('succeeded');
    expect(notice.hidden).toBe(true);
  });

  it('lets managers start pre-labeling and exports, and lists downloads', async () => {
    const built: ApiExport = { id: 2, project: 3, format: 'jsonl', options: {}, status: 'succeeded', job: 4, sha256: 'x', size: 2048, manifest: {}, created_at: '2026-01-01T00:00:00Z', download_url: '/api/v1/exports/2/download/' };
    const { root, calls } = await setup({ exports: [built] });
    (root.querySelector('[data-action="prelabel"]') as HTMLButtonElement).click();
    await flush();
    expect(calls).toContain('prelabel');
    expect(root.querySelector('.dash__notice')?.textContent).toBe('Pre-label #7 started.');
    (root.querySelector('.export-form__format') as HTMLSelectElement).value = 'conll';
    (root.querySelector('[data-action="export"]') as HTMLButtonElement).click();
    await flush();
    expect(calls).toContain('export conll true');
    expect((root.querySelector('.exports-table a') as HTMLAnchorElement).getAttribute('href')).toBe('/api/v1/exports/2/download/');
    expect(root.querySelector('.exports-table')?.textContent).toContain('2.0 KB');
  });

  it('shows no manager buttons to other members', async () => {
    const { root } = await setup({ canManage: false });
    expect(root.querySelector('[data-action="prelabel"]')).toBeNull();
  });

  it('offers the export form to reviewers who are not managers', async () => {
    const { root } = await setup({ canManage: false, canExport: true });
    expect(root.querySelector('.export-form')).not.toBeNull();
  });

  it('neither lists nor offers exports without the export role, and says who may', async () => {
    const { root, calls } = await setup({ canManage: false, canExport: false });
    expect(root.querySelector('.export-form')).toBeNull();
    expect(root.querySelector('.exports-table')).toBeNull();
    expect(calls.some((call) => call.startsWith('exports'))).toBe(false);
    expect(root.querySelector('#dash-exports')?.textContent).toContain('open to the reviewer role and above');
  });
});
