/**
 * The project dashboard: progress by status, jobs with live progress, pre-labeling and
 * exports (managers), pre-label quality per label and model version, agreement between
 * annotators, per-annotator figures. Everything comes from the REST API. This module
 * loads and polls (jobs every second while one runs, the figures now and then and when
 * a job finishes) and starts what managers ask for; the figures are worked out in
 * figures.ts and jobs.ts (pure) and drawn by render.ts.
 *
 * The Django template provides the root:
 *   <div id="dashboard" data-project-id="3" data-role="manager" data-can-manage="true"
 *        data-export-formats='["jsonl", "spacy"]'></div>
 */
import type { ApiClient, ModelsApi } from '../api/client';
import type { ApiJob, ApiModelEntry, ApiStats } from '../api/types';
import { el } from '../render/dom';
import { exportBody } from './exports';
import { errorText } from './format';
import { exportName, finishedJobs, isActive } from './jobs';
import { drawAgreement, drawAnnotators, drawAssignments, drawComparison, drawExports, drawExportsRefused, drawJobs, drawProgress, drawQuality, section, type ExportChoice, type Section } from './render';

export interface DashboardOptions {
  /** How often jobs are polled while one is queued or running, ms. */
  readonly pollInterval?: number;
  /** How often the figures are read again anyway (others keep working), ms; 0: never. */
  readonly statsInterval?: number;
  /** While a job runs, the figures are read again every this many job polls (so progress bars move). */
  readonly statsEveryPolls?: number;
}

export type DashboardClient = ApiClient & ModelsApi;

export async function mountDashboard(root: HTMLElement, client: DashboardClient, options: DashboardOptions = {}): Promise<Dashboard | null> {
  const projectId = root.dataset.projectId;
  if (!projectId) {
    root.replaceChildren(el(root.ownerDocument, 'p', 'dash__error', 'The dashboard has no project: data-project-id is missing.'));
    return null;
  }
  const dashboard = new Dashboard(root, client, projectId, options);
  await dashboard.load();
  return dashboard;
}

/** The export formats the page offers (`data-export-formats`, a JSON list of names). */
function readFormats(raw: string | undefined): string[] {
  let formats: unknown = [];
  try {
    formats = JSON.parse(raw ?? '[]');
  } catch {
    formats = [];
  }
  return Array.isArray(formats) ? formats.filter((item): item is string => typeof item === 'string') : [];
}

export class Dashboard {
  private readonly canManage: boolean;
  /** The caller has the project's export role (`data-can-export`); `data-export-role` names it. */
  private readonly canExport: boolean;
  private readonly exportRole: string;
  private readonly formats: string[];
  private readonly sections: Record<'progress' | 'jobs' | 'exports' | 'versions' | 'quality' | 'agreement' | 'annotators' | 'assignments', Section>;
  private readonly notice: HTMLElement;
  private jobs: ApiJob[] = [];
  /** Export id by its job's id, from the exports list: one number for an export everywhere. */
  private exportIds = new Map<number, number>();
  /** The job the notice says was started; the notice clears when that job ends. */
  private noticeJob: number | null = null;
  private pollsSinceStats = 0;
  private models: readonly ApiModelEntry[] = [];
  private stats: ApiStats | null = null;
  private exportChoice: ExportChoice = { format: '', onlyGold: true };
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private destroyed = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly client: DashboardClient,
    private readonly projectId: string,
    private readonly options: DashboardOptions,
  ) {
    const doc = root.ownerDocument;
    this.canManage = root.dataset.canManage === 'true';
    this.canExport = root.dataset.canExport === 'true';
    this.exportRole = root.dataset.exportRole ?? 'reviewer';
    this.formats = readFormats(root.dataset.exportFormats);
    this.notice = el(doc, 'p', 'dash__notice');
    this.notice.setAttribute('role', 'status');
    this.notice.hidden = true;
    this.sections = {
      progress: section(doc, 'dash-progress', 'Progress'),
      jobs: section(doc, 'dash-jobs', 'Jobs'),
      exports: section(doc, 'dash-exports', 'Exports'),
      versions: section(doc, 'dash-versions', 'Model versions on the same gold'),
      quality: section(doc, 'dash-quality', 'Pre-label quality against gold'),
      agreement: section(doc, 'dash-agreement', 'Agreement'),
      annotators: section(doc, 'dash-annotators', 'Annotators'),
      assignments: section(doc, 'dash-assignments', 'Assignments'),
    };
    this.sections.assignments.element.hidden = !client.listAssignments;
    root.classList.add('dashboard');
    root.replaceChildren(this.notice, ...Object.values(this.sections).map((part) => part.element));
  }

  async load(): Promise<void> {
    this.root.dataset.state = 'loading';
    await Promise.all([this.refreshStats(), this.refreshModels(), this.refreshJobs(), this.refreshExports()]);
    this.drawVersions(); // the figures and the models, whichever came last
    this.root.dataset.state = 'ready';
    const every = this.options.statsInterval ?? 30_000;
    if (every > 0) this.statsTimer = setInterval(() => void this.refreshStats(), every);
  }

  destroy(): void {
    this.destroyed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.statsTimer) clearInterval(this.statsTimer);
  }

  private say(text: string, level: 'info' | 'error' = 'info', job: number | null = null): void {
    this.noticeJob = job;
    this.notice.textContent = text;
    this.notice.dataset.level = level;
    this.notice.hidden = false;
  }

  async refreshStats(): Promise<void> {
    let stats: ApiStats;
    try {
      stats = await this.client.getStats(this.projectId);
    } catch (error) {
      this.say(`The figures could not be loaded: ${errorText(error)}`, 'error');
      return;
    }
    this.stats = stats;
    drawProgress(this.sections.progress.body, stats);
    this.drawVersions();
    drawQuality(this.sections.quality.body, stats);
    drawAgreement(this.sections.agreement.body, stats);
    drawAnnotators(this.sections.annotators.body, stats);
    await this.refreshAssignments();
  }

  private async refreshAssignments(): Promise<void> {
    if (!this.client.listAssignments) return;
    try {
      drawAssignments(this.sections.assignments.body, await this.client.listAssignments(this.projectId));
    } catch (error) {
      this.say(`The assignments could not be loaded: ${errorText(error)}`, 'error');
    }
  }

  /** The project's models, for the "Evaluate on gold" choice (read again when a training finishes). */
  async refreshModels(): Promise<void> {
    if (!this.canManage) return;
    try {
      this.models = await this.client.listModels(this.projectId);
    } catch (error) {
      this.say(`The models could not be loaded: ${errorText(error)}`, 'error');
    }
  }

  private drawVersions(): void {
    if (!this.stats) return;
    drawComparison(this.sections.versions.body, this.stats, {
      canManage: this.canManage,
      models: this.models,
      evaluate: (model) => void this.startEvaluate(model),
      promote: this.client.promoteModel ? (label) => void this.promote(label) : undefined,
      remove: this.client.deleteModel ? (label) => void this.remove(label) : undefined,
    });
  }

  private async promote(label: string): Promise<void> {
    try {
      const entry = await this.client.promoteModel?.(this.projectId, label);
      this.say(`${entry?.name ?? label} is now the default model of pre-labeling.`);
    } catch (error) {
      this.say(`The model could not be promoted: ${errorText(error)}`, 'error');
    }
    await this.refreshModels();
    this.drawVersions();
  }

  private async remove(label: string): Promise<void> {
    const view = this.root.ownerDocument.defaultView;
    if (!view?.confirm(`Delete model ${label} and its files? Its predictions stay; this cannot be undone.`)) return;
    try {
      await this.client.deleteModel?.(this.projectId, label);
      this.say(`Model ${label} was deleted.`);
    } catch (error) {
      this.say(`The model could not be deleted: ${errorText(error)}`, 'error');
    }
    await this.refreshModels();
    this.drawVersions();
  }

  private async startEvaluate(model: string): Promise<void> {
    try {
      const job = await this.client.startEvaluate(this.projectId, model);
      this.say(`Evaluation #${job.id} of ${model} on gold started.`, 'info', job.id);
      this.started(job);
    } catch (error) {
      this.say(`The evaluation could not start: ${errorText(error)}`, 'error');
    }
    await this.refreshJobs();
  }

  /** Reads the jobs; while one runs, again after `pollInterval`; a finished one brings new figures. */
  async refreshJobs(): Promise<void> {
    let page;
    try {
      page = await this.client.listJobs(this.projectId, 8);
    } catch (error) {
      this.say(`The jobs could not be loaded: ${errorText(error)}`, 'error');
      return;
    }
    const finished = finishedJobs(this.jobs, page.results);
    this.jobs = [...page.results];
    this.drawJobList();
    if (this.noticeJob !== null && finished.some((job) => job.id === this.noticeJob)) {
      this.notice.hidden = true; // "… started" is no longer true
      this.noticeJob = null;
    }
    const running = this.jobs.some(isActive);
    this.pollsSinceStats += 1;
    if (finished.some((job) => job.kind === 'train')) void this.refreshModels().then(() => this.drawVersions());
    if (finished.length || (running && this.pollsSinceStats >= (this.options.statsEveryPolls ?? 2))) {
      this.pollsSinceStats = 0;
      void this.refreshStats();
      if (finished.some((job) => job.kind === 'export')) void this.refreshExports();
    }
    this.schedulePoll();
  }

  private drawJobList(): void {
    drawJobs(this.sections.jobs.body, this.jobs, {
      canManage: this.canManage,
      prelabel: () => void this.startPrelabel(),
      cancel: (job) => void this.cancel(job),
      exportIds: this.exportIds,
    });
  }

  private schedulePoll(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    if (this.destroyed || !this.jobs.some(isActive)) return;
    this.pollTimer = setTimeout(() => void this.refreshJobs(), this.options.pollInterval ?? 1000);
  }

  private async startPrelabel(): Promise<void> {
    try {
      const job = await this.client.startPrelabel(this.projectId);
      this.say(`Pre-label #${job.id} started.`, 'info', job.id);
      this.started(job);
    } catch (error) {
      this.say(`Pre-labeling could not start: ${errorText(error)}`, 'error');
    }
    await this.refreshJobs();
  }

  /** A job just started counts as seen queued: finished by the next look (a quick one may be), it brings new figures. */
  private started(job: ApiJob): void {
    this.jobs = [job, ...this.jobs.filter((item) => item.id !== job.id)];
  }

  private async cancel(job: ApiJob): Promise<void> {
    try {
      await this.client.cancelJob(job.id);
    } catch (error) {
      this.say(`Job ${job.id} could not be cancelled: ${errorText(error)}`, 'error');
    }
    await this.refreshJobs();
  }

  async refreshExports(): Promise<void> {
    if (!this.canExport) {
      drawExportsRefused(this.sections.exports.body, this.exportRole);
      return;
    }
    let page;
    try {
      page = await this.client.listExports(this.projectId, 8);
    } catch (error) {
      this.say(`The exports could not be loaded: ${errorText(error)}`, 'error');
      return;
    }
    const known = this.exportIds.size;
    for (const item of page.results) if (item.job !== null && item.job !== undefined) this.exportIds.set(item.job, item.id);
    if (this.exportIds.size !== known) this.drawJobList();
    drawExports(this.sections.exports.body, page.results, {
      canStart: true,
      formats: this.formats,
      choice: this.exportChoice,
      start: (choice) => {
        this.exportChoice = choice;
        void this.startExport(choice);
      },
    });
  }

  private async startExport(choice: ExportChoice): Promise<void> {
    const { format } = choice;
    try {
      const created = await this.client.startExport(this.projectId, exportBody(choice));
      if (created.job !== null && created.job !== undefined) this.exportIds.set(created.job, created.id);
      this.say(`${exportName(created.id)} (${format}) started.`, 'info', created.job ?? null);
    } catch (error) {
      this.say(`The export could not start: ${errorText(error)}`, 'error');
    }
    await Promise.all([this.refreshJobs(), this.refreshExports()]);
  }
}
