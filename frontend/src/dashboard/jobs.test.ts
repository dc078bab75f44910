import { describe, expect, it } from 'vitest';
import type { ApiExport, ApiJob } from '../api/types';
import { exportFigures, finishedJobs, isActive, jobFigures } from './jobs';

function job(id: number, status: ApiJob['status'], done: number, total: number, extra: Partial<ApiJob> = {}): ApiJob {
  return {
    id,
    kind: 'prelabel',
    status,
    project: 3,
    total,
    done,
    progress: total ? done / total : 0,
    errors: [],
    result: {},
    created_at: '2026-01-01T00:00:00Z',
    started_at: null,
    finished_at: null,
    cancel_requested: false,
    ...extra,
  };
}

describe('jobFigures', () => {
  it('names the job and counts its progress', () => {
    expect(jobFigures(job(7, 'running', 6, 10))).toMatchObject({ name: 'Pre-label #7', status: 'running', percent: 60, count: '6 / 10 · 60%', errors: null, cancellable: true });
    expect(jobFigures(job(8, 'queued', 0, 0, { kind: 'export' }), undefined, 3)).toMatchObject({ name: 'Export #3', percent: 0, count: '0%' });
    expect(jobFigures(job(8, 'queued', 0, 0, { kind: 'export' })).name).toBe('Export (job 8)');
    expect(jobFigures(job(9, 'succeeded', 1, 1, { kind: 'train' })).name).toBe('Training #9');
  });

  it('keeps the percentage within 0..100', () => {
    expect(jobFigures(job(1, 'running', 0, 0, { progress: 1.7 })).percent).toBe(100);
    expect(jobFigures(job(1, 'running', 0, 0, { progress: -0.2 })).percent).toBe(0);
  });

  it('says "cancelling" for a running job asked to stop, which cannot be cancelled again', () => {
    const stopping = job(1, 'running', 2, 10, { cancel_requested: true });
    expect(jobFigures(stopping)).toMatchObject({ status: 'cancelling', cancellable: false });
    // Once it stopped, it says what it is.
    expect(jobFigures({ ...stopping, status: 'cancelled' })).toMatchObject({ status: 'cancelled', cancellable: false });
    expect(jobFigures(job(1, 'failed', 2, 10)).cancellable).toBe(false);
  });

  it('counts errors', () => {
    expect(jobFigures(job(1, 'failed', 2, 10, { errors: ['a'] })).errors).toBe('1 error');
    expect(jobFigures(job(1, 'failed', 2, 10, { errors: ['a', 'b'] })).errors).toBe('2 errors');
  });

  it('dates a job by when it finished, else started, else was created', () => {
    const created = '2026-01-01T00:00:00Z';
    const started = '2026-01-01T01:00:00Z';
    const finished = '2026-01-01T02:00:00Z';
    const at = (iso: string) => new Date(iso).toLocaleString('en-GB');
    expect(jobFigures(job(1, 'queued', 0, 0), 'en-GB').when).toBe(at(created));
    expect(jobFigures(job(1, 'running', 0, 0, { started_at: started }), 'en-GB').when).toBe(at(started));
    expect(jobFigures(job(1, 'succeeded', 0, 0, { started_at: started, finished_at: finished }), 'en-GB').when).toBe(at(finished));
  });
});

describe('isActive and finishedJobs', () => {
  it('polls queued and running jobs only', () => {
    expect(['queued', 'running', 'succeeded', 'failed', 'cancelled'].map((status) => isActive({ status: status as ApiJob['status'] }))).toEqual([true, true, false, false, false]);
  });

  it('finds the jobs that stopped running since the last look', () => {
    const before = [job(1, 'running', 2, 10), job(2, 'queued', 0, 5), job(3, 'succeeded', 1, 1)];
    const after = [job(4, 'queued', 0, 1), job(1, 'succeeded', 10, 10), job(2, 'running', 1, 5), job(3, 'succeeded', 1, 1)];
    expect(finishedJobs(before, after).map((item) => item.id)).toEqual([1]);
    expect(finishedJobs([], after)).toEqual([]);
  });
});

describe('exportFigures', () => {
  const built: ApiExport = { id: 2, project: 3, format: 'jsonl', options: {}, status: 'succeeded', job: 4, sha256: 'x', size: 2048, manifest: {}, created_at: '2026-01-01T00:00:00Z', download_url: '/api/v1/exports/2/download/' };

  it('lists an export with its size and download', () => {
    expect(exportFigures(built, 'en-GB')).toEqual({
      cells: ['#2', 'jsonl', 'succeeded', '2.0 KB', new Date(built.created_at).toLocaleString('en-GB')],
      downloadUrl: '/api/v1/exports/2/download/',
    });
  });

  it('leaves the size out while there is none, and has no download before it is built', () => {
    const queued = exportFigures({ ...built, status: 'queued', size: 0, download_url: null });
    expect(queued.cells[3]).toBe('');
    expect(queued.downloadUrl).toBeNull();
  });
});

describe('import warnings', () => {
  it('counts spans that cut a token and lists the first ones', () => {
    const result = { warnings: { spans_cutting_tokens: 2, examples: [
      { file: 'gold.jsonl', line: 2, field: 'spans[1]', span: 'icrosoft', token: 'Microsoft', message: "span 'icrosoft' (ORG) cuts the token 'Microsoft' in two" },
    ] } };
    const figures = jobFigures(job(4, 'succeeded', 2, 2, { kind: 'import', result }));
    expect(figures.warnings).toBe('2 spans cut a token');
    expect(figures.warningDetails).toBe("gold.jsonl line 2, spans[1]: span 'icrosoft' (ORG) cuts the token 'Microsoft' in two");
    expect(jobFigures(job(5, 'succeeded', 1, 1, { kind: 'import', result: { created: 1 } })).warnings).toBeNull();
  });
});

describe('auto-train outcome', () => {
  it('says what an auto-train job decided, and nothing for other jobs', () => {
    const result = { auto_train: { figure: 'f', trained_f1: 0.4, default_model: 'project3_v2', default_f1: 0.81, promoted: false } };
    expect(jobFigures(job(6, 'succeeded', 4, 4, { kind: 'train', result })).outcome).toBe('auto-train: kept project3_v2: 0.40 ≤ 0.81');
    expect(jobFigures(job(7, 'succeeded', 4, 4, { kind: 'train', result: { version: 2 } })).outcome).toBeNull();
  });
});
