/**
 * The Import page (templates annotator/manage/import.html): a file dropped on the zone or picked,
 * sent to `POST projects/{id}/imports/`, then the job polled until it ends, its progress and its
 * errors shown. The words come from importstate.ts.
 */
import { readCookie } from '../api/client';
import type { ApiJob } from '../api/types';
import { importFields, importView, refusalLines } from './importstate';

const POLL_MS = 700;

function byId<T extends HTMLElement>(root: HTMLElement, id: string): T {
  const element = root.querySelector<T>(`#${id}`);
  if (!element) throw new Error(`the import page has no #${id}`);
  return element;
}

function cell(row: HTMLTableRowElement, value: string, className = ''): void {
  const td = row.insertCell();
  td.textContent = value;
  if (className) td.className = className;
}

export function mountImportPage(root: HTMLElement): void {
  const projectId = root.dataset.projectId ?? '';
  const form = byId<HTMLFormElement>(root, 'import-form');
  const input = byId<HTMLInputElement>(root, 'import-file');
  const zone = byId<HTMLElement>(root, 'drop-zone');
  const chosen = byId<HTMLElement>(root, 'import-chosen');
  const start = byId<HTMLButtonElement>(root, 'import-start');
  const status = byId<HTMLElement>(root, 'import-status');
  const title = byId<HTMLElement>(root, 'import-title');
  const bar = byId<HTMLProgressElement>(root, 'import-progress');
  const detail = byId<HTMLElement>(root, 'import-detail');
  const errors = byId<HTMLTableElement>(root, 'import-errors');
  const refusal = byId<HTMLUListElement>(root, 'import-refusal');
  const cancel = byId<HTMLButtonElement>(root, 'import-cancel');
  const asSelect = byId<HTMLSelectElement>(root, 'import-as');
  const modelFields = byId<HTMLElement>(root, 'import-model-fields');
  let current: number | null = null;

  const showModelFields = () => { modelFields.hidden = asSelect.value !== 'predictions'; };
  asSelect.addEventListener('change', showModelFields);
  showModelFields();

  const showChosen = () => {
    const file = input.files?.[0];
    chosen.textContent = file ? `${file.name} (${file.size.toLocaleString()} bytes)` : 'No file chosen yet.';
    start.disabled = !file;
  };
  input.addEventListener('change', showChosen);
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('mg-drop--over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('mg-drop--over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('mg-drop--over');
    if (event.dataTransfer?.files.length) {
      input.files = event.dataTransfer.files;
      showChosen();
    }
  });
  showChosen();

  const render = (job: ApiJob) => {
    const view = importView(job);
    status.hidden = false;
    status.dataset.status = job.status;
    title.textContent = `Import #${job.id}: ${view.title}`;
    bar.value = view.percent;
    bar.textContent = `${view.percent}%`;
    detail.textContent = view.detail;
    const body = errors.tBodies[0] ?? errors.createTBody();
    body.replaceChildren();
    for (const error of view.errors) {
      const row = body.insertRow();
      cell(row, error.file);
      cell(row, error.line === null ? '' : String(error.line), 'mg-num');
      cell(row, error.field ?? '');
      cell(row, error.message);
    }
    errors.hidden = view.errors.length === 0;
    current = view.finished ? null : job.id;
    cancel.hidden = view.finished || job.cancel_requested;
    return view.finished;
  };

  const poll = async (jobId: number) => {
    for (;;) {
      const response = await fetch(`/api/v1/jobs/${jobId}/`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(`job ${jobId}: HTTP ${response.status}`);
      if (render((await response.json()) as ApiJob)) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };

  const csrfHeaders = (): Record<string, string> => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = readCookie(document.cookie, 'csrftoken');
    if (token) headers['X-CSRFToken'] = token;
    return headers;
  };

  cancel.addEventListener('click', () => {
    if (current === null) return;
    cancel.disabled = true;
    void fetch(`/api/v1/jobs/${current}/cancel/`, { method: 'POST', headers: csrfHeaders(), credentials: 'same-origin' })
      .finally(() => { cancel.disabled = false; });
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = input.files?.[0];
    if (!file) return;
    refusal.replaceChildren();
    refusal.hidden = true;
    start.disabled = true;
    const body = new FormData();
    for (const [name, value] of importFields([...new FormData(form).entries()])) body.append(name, value);
    const headers = csrfHeaders();
    void (async () => {
      try {
        const response = await fetch(`/api/v1/projects/${projectId}/imports/`,
          { method: 'POST', body, headers, credentials: 'same-origin' });
        const text = await response.text();
        let parsed: unknown = text;
        try { parsed = JSON.parse(text); } catch { /* not JSON: shown as text */ }
        if (!response.ok) {
          for (const line of refusalLines(parsed)) refusal.appendChild(document.createElement('li')).textContent = line;
          refusal.hidden = false;
          return;
        }
        const job = parsed as ApiJob;
        if (!render(job)) await poll(job.id);
      } catch (error) {
        refusal.appendChild(document.createElement('li')).textContent = `The import could not be followed: ${String(error)}`;
        refusal.hidden = false;
      } finally {
        start.disabled = !input.files?.length;
      }
    })();
  });
}
