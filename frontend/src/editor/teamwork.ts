/**
 * The editor's team side: the document's comment threads (read, reply, resolve, open one,
 * flag for review), skipping the document (annotating only: it leaves my queue and the
 * editor goes on to my next document), and the active time sent with saves. Wires
 * render/threadpanel.ts to the API (TeamApi) and domain/activetime.ts to the page's events.
 */
import type { TeamApi } from '../api/client';
import type { ApiThread } from '../api/types';
import { ActiveTime } from '../domain/activetime';
import { ThreadPanel, WorkBar } from '../render/threadpanel';

export interface TeamWorkOptions {
  readonly doc: Document;
  readonly api: TeamApi;
  readonly documentId: string;
  readonly projectId: string;
  /** Annotating: Skip and Flag are offered; reviewing: the comments only. */
  readonly annotating: boolean;
  /** Where to go after skipping (the annotator's next document). */
  readonly nextUrl: string;
  readonly report: (level: 'info' | 'error', text: string) => void;
  readonly navigate?: (url: string) => void;
}

function failure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class TeamWork {
  readonly panel: ThreadPanel;
  readonly bar: WorkBar | null;
  private threads: ApiThread[] = [];

  constructor(private readonly options: TeamWorkOptions) {
    const { doc, api, documentId } = options;
    this.panel = new ThreadPanel(doc, {
      open: (body, flag) => void this.openThread(body, flag),
      reply: (id, body) => void this.run(api.replyThread(documentId, id, body), 'Reply not sent'),
      resolve: (id, resolved) => void this.run(api.resolveThread(documentId, id, resolved), 'Not changed'),
    }, options.annotating);
    this.bar = options.annotating
      ? new WorkBar(doc, {
          skip: (reason) => void this.skip(reason),
          unskip: () => void this.unskip(),
          flag: (reason) => void this.openThread(reason, true),
        })
      : null;
  }

  /** Reads the threads (and, annotating, whether I skipped the document). */
  async load(): Promise<void> {
    const { api, documentId } = this.options;
    try {
      const [page, skip, progress] = await Promise.all([
        api.listThreads(documentId),
        this.bar ? api.getSkip(documentId) : null,
        this.bar ? api.getProgress(this.options.projectId, documentId) : null,
      ]);
      this.threads = [...page.results];
      this.panel.update(this.threads);
      if (skip) this.bar?.showSkipped(skip.skipped, skip.reason);
      if (progress) {
        this.bar?.showProgress(progress, {
          document: (id) => `/documents/${id}/annotate/`,
          myWork: `/projects/${this.options.projectId}/my-work/`,
          next: this.options.nextUrl,
        });
      }
    } catch (error) {
      this.options.report('error', `Comments could not be loaded: ${failure(error)}`);
    }
  }

  private async run(request: Promise<ApiThread>, what: string): Promise<ApiThread | null> {
    try {
      const thread = await request;
      const index = this.threads.findIndex((item) => item.id === thread.id);
      if (index >= 0) this.threads[index] = thread;
      else this.threads.push(thread);
      this.panel.update(this.threads);
      return thread;
    } catch (error) {
      this.options.report('error', `${what}: ${failure(error)}`);
      return null;
    }
  }

  private async openThread(body: string, flag: boolean): Promise<void> {
    const thread = await this.run(this.options.api.openThread(this.options.documentId, { body, flag }), flag ? 'Not flagged' : 'Comment not sent');
    if (!thread) return;
    this.panel.clearForm();
    if (flag) {
      this.bar?.closeAsk();
      this.bar?.say('Flagged for review: reviewers see this document in their queue.');
    }
  }

  private async skip(reason: string): Promise<void> {
    try {
      await this.options.api.skipDocument(this.options.documentId, reason);
      this.bar?.closeAsk();
      this.bar?.showSkipped(true, reason);
      const navigate = this.options.navigate ?? ((url: string) => this.options.doc.defaultView?.location.assign(url));
      navigate(this.options.nextUrl);
    } catch (error) {
      this.options.report('error', `Not skipped: ${failure(error)}`);
    }
  }

  private async unskip(): Promise<void> {
    try {
      const skip = await this.options.api.unskipDocument(this.options.documentId);
      this.bar?.showSkipped(skip.skipped, skip.reason);
      this.bar?.say('Back in your queue.');
    } catch (error) {
      this.options.report('error', `Skip not undone: ${failure(error)}`);
    }
  }
}

/**
 * Counts active time (domain/activetime.ts) from the page's events: keys, clicks, pointer
 * moves and the wheel are activity; `visibilitychange` hides and shows. `now` is the page's
 * clock (Date.now, so a test's fake clock drives it).
 */
export function watchActiveTime(doc: Document, signal: AbortSignal, now: () => number = Date.now): { take(): number; giveBack(ms: number): void } {
  const time = new ActiveTime(now(), doc.visibilityState === 'visible');
  const acted = () => {
    if (doc.visibilityState === 'visible') time.activity(now());
  };
  for (const type of ['keydown', 'pointerdown', 'pointermove', 'wheel', 'input'] as const) {
    doc.addEventListener(type, acted, { signal, passive: true, capture: true });
  }
  doc.addEventListener('visibilitychange', () => time.visibility(doc.visibilityState === 'visible', now()), { signal });
  return { take: () => time.take(now()), giveBack: (ms) => time.giveBack(ms) };
}
