/**
 * Jobs and exports as the dashboard lists them: a job's state in words and figures,
 * which jobs still run (and so are polled), which finished since the last look. Pure.
 */
import type { ApiExport, ApiJob } from '../api/types';
import { bytes, when } from './format';
import { autoTrainText } from './registry';

const JOB_NAMES: Readonly<Record<string, string>> = { import: 'Import', prelabel: 'Pre-label', export: 'Export', train: 'Training', evaluate: 'Evaluate on gold' };
const ACTIVE = new Set<string>(['queued', 'running']);

/** Queued or running: its progress still changes. */
export function isActive(job: Pick<ApiJob, 'status'>): boolean {
  return ACTIVE.has(job.status);
}

export interface JobFigures {
  /** "Pre-label #7". */
  readonly name: string;
  /** The status, or "cancelling" once a cancel was asked for a job still running. */
  readonly status: string;
  /** 0..100, whole. */
  readonly percent: number;
  /** "6 / 10 · 60%", or "60%" when the job does not know its total. */
  readonly count: string;
  /** When it finished, or else started, or else was created. */
  readonly when: string;
  /** "2 errors", or null. */
  readonly errors: string | null;
  /** An import's warnings: "1 span cuts a token", or null. Stored anyway; worth a look. */
  readonly warnings: string | null;
  /** The first warnings in words, one a line (for a tooltip). */
  readonly warningDetails: string;
  /** An auto-train's decision ("auto-train: promoted: 0.81 > 0.62 (sm)"), or null. */
  readonly outcome: string | null;
  /** Still running and not asked to stop: a manager may cancel it. */
  readonly cancellable: boolean;
}

/**
 * A job's name. An export job is named by its export (`exportId`, from the exports list), so the
 * banner, the jobs list and the exports list say the same number; other jobs by their own id.
 */
export function jobName(job: Pick<ApiJob, 'id' | 'kind'>, exportId?: number): string {
  if (job.kind === 'export') return exportId === undefined ? `Export (job ${job.id})` : exportName(exportId);
  return `${JOB_NAMES[job.kind] ?? job.kind} #${job.id}`;
}

/** "Export #4": the one name of an export, wherever it shows. */
export function exportName(exportId: number): string {
  return `Export #${exportId}`;
}

export function jobFigures(job: ApiJob, locale?: string, exportId?: number): JobFigures {
  const percent = Math.round(Math.min(1, Math.max(0, job.progress)) * 100);
  const errors = job.errors.length;
  return {
    name: jobName(job, exportId),
    status: job.cancel_requested && isActive(job) ? 'cancelling' : job.status,
    percent,
    count: job.total ? `${job.done} / ${job.total} · ${percent}%` : `${percent}%`,
    when: when(job.finished_at ?? job.started_at ?? job.created_at, locale),
    errors: errors ? `${errors} error${errors === 1 ? '' : 's'}` : null,
    ...warningFigures(job.result),
    outcome: autoTrainText(job.result?.auto_train) ? `auto-train: ${autoTrainText(job.result.auto_train)}` : null,
    cancellable: isActive(job) && !job.cancel_requested,
  };
}

/** `result.warnings` of an import job: {spans_cutting_tokens, examples: [{file, line, field, message}]}. */
function warningFigures(result: unknown): Pick<JobFigures, 'warnings' | 'warningDetails'> {
  const warnings = typeof result === 'object' && result !== null ? (result as { warnings?: unknown }).warnings : undefined;
  const cuts = typeof warnings === 'object' && warnings !== null ? (warnings as { spans_cutting_tokens?: unknown; examples?: unknown }) : {};
  const count = typeof cuts.spans_cutting_tokens === 'number' ? cuts.spans_cutting_tokens : 0;
  if (!count) return { warnings: null, warningDetails: '' };
  const examples = Array.isArray(cuts.examples) ? cuts.examples : [];
  const lines = examples.map((item) => {
    const { file, line, field, message } = (item ?? {}) as Record<string, unknown>;
    return `${String(file ?? '')}${line != null ? ` line ${String(line)}` : ''}${field ? `, ${String(field)}` : ''}: ${String(message ?? '')}`;
  });
  return { warnings: `${count} span${count === 1 ? ' cuts' : 's cut'} a token`, warningDetails: lines.join('\n') };
}

/** The jobs that were active in `before` and are not in `after` (compared by id). */
export function finishedJobs(before: readonly ApiJob[], after: readonly ApiJob[]): ApiJob[] {
  const wasActive = new Set(before.filter(isActive).map((job) => String(job.id)));
  return after.filter((job) => wasActive.has(String(job.id)) && !isActive(job));
}

export interface ExportFigures {
  /** Export, format, status, size, created. */
  readonly cells: readonly [string, string, string, string, string];
  readonly downloadUrl: string | null;
}

export function exportFigures(item: ApiExport, locale?: string): ExportFigures {
  return {
    cells: [`#${item.id}`, item.format, item.status, item.size ? bytes(item.size) : '', when(item.created_at, locale)],
    downloadUrl: item.download_url,
  };
}
