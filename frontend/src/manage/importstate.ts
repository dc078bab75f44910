/**
 * The Import page's words: an import job's state, its counts and its errors (file, line, field,
 * message), and the refusal of an upload. Pure: no DOM, no fetch.
 */
import type { ApiJob } from '../api/types';

export interface ImportError {
  readonly file: string;
  /** null when the error is about the whole file. */
  readonly line: number | null;
  readonly field: string | null;
  readonly message: string;
}

export interface ImportView {
  /** "Queued", "Importing", "Done", "Failed", "Cancelled". */
  readonly title: string;
  /** 0..100, whole. */
  readonly percent: number;
  /** "120 of 500 documents", or the summary of a finished import. */
  readonly detail: string;
  readonly finished: boolean;
  readonly errors: readonly ImportError[];
}

const TITLES: Readonly<Record<string, string>> = {
  queued: 'Queued', running: 'Importing', succeeded: 'Done', failed: 'Failed', cancelled: 'Cancelled',
};

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The server makes the first error's message a sentence naming where ("docs.jsonl line 3, field
 * 'text': must be a string (and 2 more errors)"); the table names where in its own columns.
 */
function ownMessage(file: string, message: string): string {
  if (!file || !message.startsWith(file)) return message;
  const colon = message.indexOf(': ', file.length);
  return colon < 0 ? message : message.slice(colon + 2);
}

export function importErrors(errors: readonly unknown[]): ImportError[] {
  return errors.map((raw) => {
    const error = (raw && typeof raw === 'object' ? raw : { message: String(raw) }) as Record<string, unknown>;
    const file = text(error.file) ?? '';
    const line = typeof error.line === 'number' ? error.line : null;
    return { file, line, field: text(error.field), message: ownMessage(file, text(error.message) ?? 'error') };
  });
}

function summary(result: Readonly<Record<string, unknown>>): string {
  const parts = [plural(count(result.created), 'document') + ' created'];
  const duplicates = count(result.duplicates);
  if (duplicates) parts.push(`${plural(duplicates, 'duplicate')} skipped`);
  const spans = count(result.spans);
  if (count(result.annotations)) parts.push(`${plural(count(result.annotations), 'annotation')} with ${plural(spans, 'span')}`);
  return parts.join(', ');
}

export function importView(job: Pick<ApiJob, 'status' | 'progress' | 'total' | 'done' | 'errors' | 'result'>): ImportView {
  const finished = !(job.status === 'queued' || job.status === 'running');
  const percent = job.status === 'succeeded' ? 100 : Math.round(Math.min(1, Math.max(0, job.progress)) * 100);
  let detail: string;
  if (job.status === 'succeeded') detail = summary(job.result ?? {});
  else if (job.status === 'failed') detail = `Nothing was imported: ${plural(job.errors.length, 'error')} below.`;
  else if (job.status === 'cancelled') detail = 'Stopped; documents already stored stay.';
  else if (job.total) detail = `${job.done} of ${job.total} documents`;
  else detail = job.status === 'queued' ? 'Waiting for a worker…' : 'Reading the file…';
  return { title: TITLES[job.status] ?? job.status, percent, detail, finished, errors: importErrors(job.errors) };
}

/** The lines of an upload the API refused (400/413: `{detail, errors: [{field, message}]}`). */
export function refusalLines(body: unknown): string[] {
  if (!body || typeof body !== 'object') return [typeof body === 'string' && body ? body : 'The upload was refused.'];
  const { detail, errors } = body as { detail?: unknown; errors?: unknown };
  const lines = text(detail) ? [detail as string] : [];
  if (Array.isArray(errors)) {
    for (const error of importErrors(errors)) {
      const where = [error.file, error.line !== null ? `line ${error.line}` : '', error.field ? `field '${error.field}'` : '']
        .filter(Boolean).join(', ');
      const line = where ? `${where}: ${error.message}` : error.message;
      if (!lines.includes(line)) lines.push(line);
    }
  }
  return lines.length ? lines : ['The upload was refused.'];
}

/**
 * The form's fields as the API takes them: `model` and `model_version` name who made predictions, so they
 * go only with `as=predictions`, and only when filled in (the API refuses a blank model name).
 */
export function importFields(fields: ReadonlyArray<readonly [string, FormDataEntryValue]>): Array<[string, FormDataEntryValue]> {
  const as = fields.find(([name]) => name === 'as')?.[1];
  return fields
    .filter(([name, value]) => (name !== 'model' && name !== 'model_version')
      || (as === 'predictions' && typeof value === 'string' && value.trim() !== ''))
    .map(([name, value]) => [name, typeof value === 'string' && name.startsWith('model') ? value.trim() : value]);
}
