/**
 * The History panel's behaviour: loads the annotation's versions when the panel is
 * opened (again after each save while it is open), pages on, shows one version's
 * differences from the current content, and restores a version: `POST .../restore/`
 * with the version the editor holds (a stale one is refused, 409, and said so), then
 * the editor reloads the stored annotation as one undoable step.
 */
import { ConflictError, type HistoryApi } from '../api/client';
import type { ApiAnnotation, ApiHistoryVersion, ApiId } from '../api/types';
import { isPending, type DocumentState } from '../domain/edits';
import { differenceText, historyRows, versionDifferences } from '../domain/history';
import type { OffsetIndex } from '../domain/offsets';
import { HistoryPanel } from '../render/history';
import type { MessageLine } from '../render/panels';

/** Where the panel goes (the side panel) and what it draws with. */
export interface HistoryPlace {
  readonly client: HistoryApi;
  readonly documentId: string;
  readonly view: { readonly sidebar: { readonly element: HTMLElement }; readonly colorOf: (label: string) => string; readonly messages: MessageLine };
  readonly offsets: OffsetIndex;
}

export interface HistoryOptions {
  /** The annotation shown (the person's own, or the gold in review); undefined while none is stored. */
  readonly annotationId: ApiId | undefined;
  /** The content the person sees now, and the stored version it stands on. */
  readonly current: () => { readonly state: DocumentState; readonly version: number | undefined };
  /** Loads the stored annotation into the editor (undoable), with `note` said. */
  readonly reload: (note: string) => Promise<void>;
  readonly now?: () => Date;
}

export class HistoryController {
  readonly panel: HistoryPanel;
  private annotationId: ApiId | undefined;
  private versions: ApiHistoryVersion[] = [];
  private next: string | null = null;
  private selected: number | null = null;
  private note: string | null = null;
  private busy = false;
  /** The list is out of date (a save since it was loaded). */
  private stale = true;

  constructor(
    private readonly place: HistoryPlace,
    private readonly options: HistoryOptions,
  ) {
    this.annotationId = options.annotationId;
    const sidebar = place.view.sidebar.element;
    this.panel = new HistoryPanel(sidebar.ownerDocument, place.view.colorOf, {
      opened: () => void (this.stale ? this.load() : this.draw()),
      select: (version) => {
        this.selected = this.selected === version ? null : version;
        this.draw();
      },
      more: () => void this.load(this.next),
      restore: (version) => void this.restore(version),
    });
    sidebar.append(this.panel.element);
  }

  /** After a save: the annotation now has a new version (and, after a first save, an id). */
  saved(answer: ApiAnnotation): void {
    this.annotationId = answer.id;
    this.stale = true;
    if (this.panel.open) void this.load();
  }

  /** The content changed: the summaries against it change too. */
  changed(): void {
    if (this.panel.open && this.versions.length) this.draw();
  }

  private async load(next: string | null = null): Promise<void> {
    const id = this.annotationId;
    if (id === undefined) {
      this.note = 'No saved versions yet: the history starts with the first save.';
      this.draw();
      return;
    }
    this.note = 'Loading…';
    if (!next) this.draw();
    try {
      const page = await this.place.client.listHistory(this.place.documentId, id, next);
      this.versions = next ? [...this.versions, ...page.results] : [...page.results];
      this.next = page.next ?? null;
      this.stale = false;
      this.note = this.versions.length ? null : 'No saved versions yet.';
    } catch (error) {
      this.note = `The history could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
    }
    this.draw();
  }

  private draw(): void {
    const { state, version } = this.options.current();
    const spans = state.spans.filter((span) => !isPending(span));
    const rows = historyRows(this.versions, { version, spans, relations: state.relations.length }, this.options.now?.() ?? new Date());
    const chosen = this.versions.find((entry) => entry.version === this.selected);
    const offsets = this.place.offsets;
    const differences = chosen
      ? versionDifferences(chosen.spans, spans).map((difference) => ({
          difference,
          text: differenceText(difference, (start, end) => offsets.slice(start, end)),
        }))
      : [];
    this.panel.show({ rows, selected: chosen ? chosen.version : null, differences, hasMore: this.next !== null, note: this.note, busy: this.busy });
  }

  private async restore(version: number): Promise<void> {
    const id = this.annotationId;
    const current = this.options.current().version;
    if (id === undefined || current === undefined || this.busy) return;
    this.busy = true;
    this.draw();
    const { messages } = this.place.view;
    try {
      const answer = await this.place.client.restoreVersion(this.place.documentId, id, { version, current_version: current });
      this.selected = null;
      this.stale = true;
      await this.options.reload(`Restored v${version} as v${answer.version}. Ctrl+Z brings back what was there.`);
      if (this.panel.open) await this.load();
    } catch (error) {
      messages.show(
        'error',
        error instanceof ConflictError
          ? `Not restored: the annotation was changed elsewhere since you loaded it. Reload it first (or save yours), then restore.`
          : `Not restored: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.busy = false;
      this.draw();
    }
  }
}
