/**
 * Reviewing (see mode.ts): the "mine" layer is the document's gold draft, saved with
 * `PUT documents/{id}/gold/` only when the reviewer marks it gold (Ctrl+Enter; no
 * autosave). The versions (the model's prediction, each annotator's submission, the
 * saved gold) are compared in a panel above the text; digits 1..n take a version whole,
 * and their spans the draft lacks are pending suggestions (Enter accepts one in place
 * of what the draft has there). The model of all this is domain/review.ts. What the
 * reviewer accepted or rejected of a model's suggestions is saved with the gold
 * (`decisions`), so those suggestions are not pending again in any browser.
 */
import type { ApiClient } from '../../api/client';
import type { AnnotationPutBody, ApiAnnotation } from '../../api/types';
import { spanKey } from '../../domain/diff';
import { DecisionBook, readDecisions, type Decision } from '../../domain/decisions';
import { isPending, type DocumentState } from '../../domain/edits';
import { excerpt, type HintContext } from '../../domain/hints';
import type { Keymap, KeymapOptions } from '../../domain/keymap';
import type { OpenedAnnotation, ParseResult } from '../../domain/payload';
import { acceptVersion, draftSpans, openReview, reviewRows, spanOrigins, takeReading, type ReviewRow, type ReviewVersion } from '../../domain/review';
import type { Span } from '../../domain/spans';
import { REVIEW_LABELS } from '../../render/panels';
import { ReviewPanel } from '../../render/review';
import { askAndSubmit, follow, type EditorMode, type ModeHost, type ModeStatus } from './mode';

export class ReviewMode implements EditorMode {
  readonly storeName: string;
  readonly labels = REVIEW_LABELS;
  readonly remembersRejections = false;
  readonly rules = { replaceOnAccept: true };
  private versions: readonly ReviewVersion[] = [];
  /** spanKey -> the versions that have that span. */
  private origins = new Map<string, string[]>();
  private panel: ReviewPanel | null = null;
  /** A prediction's span decided in the gold's saved decisions: not suggested again. */
  private decided: (version: ReviewVersion, span: Span) => boolean = () => false;
  private readonly book = new DecisionBook();
  private host: ModeHost | null = null;

  constructor(
    user: string,
    /** The review queue, offered after marking gold. */
    private readonly queueUrl: string,
  ) {
    this.storeName = `review:${user}`;
  }

  open(annotations: readonly ApiAnnotation[]): ParseResult<OpenedAnnotation> {
    const opened = openReview(annotations);
    if (!opened.ok) return opened;
    const { versions, state, gold, decided } = opened.value;
    this.versions = versions;
    this.decided = decided;
    this.origins = spanOrigins(this.versions);
    const predictions = versions.filter((version) => version.kind === 'prediction');
    this.book.opened({
      annotations,
      predictions: predictions.map((version) => ({
        model: version.annotation.model ?? '',
        modelVersion: version.annotation.model_version ?? '',
        spans: version.state.spans,
      })),
      offered: [
        ...state.spans.filter(isPending).map(spanKey),
        ...predictions.flatMap((version) => version.state.spans.filter((span) => decided(version, span)).map(spanKey)),
      ],
      stored: readDecisions(gold?.decisions),
    });
    return { ok: true, value: { state, ...(gold ? { version: gold.version, status: 'submitted', from: gold } : {}) } };
  }

  decisions(state: DocumentState): readonly Decision[] | undefined {
    return this.book.collect(state);
  }

  saved(answer: ApiAnnotation): void {
    this.book.saved(answer);
  }

  keymapOptions(): KeymapOptions {
    return { versions: this.versions.length };
  }

  saving(client: ApiClient) {
    return {
      autosave: false,
      put: (id: string, body: AnnotationPutBody) =>
        client.saveGold(id, {
          spans: body.spans,
          relations: body.relations,
          ...(body.version === undefined ? {} : { version: body.version }),
          ...(body.decisions === undefined ? {} : { decisions: body.decisions }),
        }),
    };
  }

  hintContext(textOf: (span: Span) => string): HintContext {
    return { textOf, review: { versions: this.versions.length, origins: this.origins } };
  }

  mount(host: ModeHost, keymap: Keymap): readonly HTMLElement[] {
    this.host = host;
    const keys = new Map<number, string>();
    for (const binding of keymap.bindings) if (binding.command.name === 'acceptVersion') keys.set(binding.command.index, binding.key);
    this.panel = new ReviewPanel(
      host.doc,
      this.versions.map((version) => ({ name: version.name, kind: version.kind, spans: version.state.spans.length, relations: version.state.relations.length })),
      host.colorOf,
      {
        acceptVersion: (index) => this.acceptVersion(index),
        takeReading: (row, index) => this.takeReading(row, index),
        selectRow: (row) => this.selectRow(row),
      },
      (index) => keys.get(index) ?? null,
    );
    host.root.classList.add('editor--review');
    return [this.panel.element];
  }

  update(): void {
    const host = this.host;
    if (!this.panel || !host) return;
    const state = host.state();
    const mine = draftSpans(state).map(spanKey).sort().join('|');
    const whole = this.versions.flatMap((version, index) => (version.state.spans.map(spanKey).sort().join('|') === mine ? [index] : []));
    this.panel.update(reviewRows(this.versions, state), (start, end) => excerpt(host.offsets.slice(start, end), 48), whole);
  }

  opened(opened: OpenedAnnotation): void {
    if (opened.status !== 'submitted') return;
    const host = this.need();
    host.banners.show('submitted', 'info', `This document is gold (saved version ${opened.version ?? 1}). Marking gold again replaces it.`, [
      follow('Next to review →', host.nextUrl),
    ]);
  }

  saveKey(): void {
    const host = this.need();
    host.keepCopy();
    host.messages.show('info', 'The draft is kept in this browser; gold is saved when you mark it (Ctrl+Enter).');
  }

  submit(pending: number): void {
    askAndSubmit(this.need(), pending, 'review');
  }

  submitted(version: number | undefined): void {
    const host = this.need();
    const banner = host.banners.show('submitted', 'success', `Marked gold (version ${version ?? 1}).`, [
      follow('Next to review →', host.nextUrl, true),
      follow('Review queue', this.queueUrl),
    ]);
    (banner.querySelector('a') as HTMLAnchorElement | null)?.focus();
  }

  statusText(status: ModeStatus, submitted: boolean): string {
    switch (status.kind) {
      case 'saved': {
        const when = status.at ? ` at ${status.at.toLocaleTimeString()}` : '';
        return status.submitted ? `Gold${when} · v${status.version ?? 1}` : 'Not gold yet';
      }
      case 'dirty':
        return submitted ? 'Changed since marked gold' : 'Not gold yet';
      case 'saving':
        return 'Marking gold…';
    }
  }

  /** Version `index` becomes the gold draft whole (one undoable step). */
  acceptVersion(index: number): void {
    const host = this.need();
    const state = acceptVersion(this.versions, index, this.decided);
    const version = this.versions[index];
    if (!state || !version) {
      host.messages.show('error', `There is no version ${index + 1}.`);
      return;
    }
    host.dispatch({ type: 'edit', edit: { type: 'replaceAll', state } });
    host.messages.show('info', `Started the gold draft from version ${index + 1} (${version.name}). Ctrl+Z undoes this.`);
    host.focus();
  }

  /** One row of the table takes version `index`'s reading (one undoable step). */
  private takeReading(row: ReviewRow, index: number): void {
    const host = this.need();
    const state = takeReading(host.state(), row, index, () => host.newSpanId());
    host.dispatch({ type: 'edit', edit: { type: 'replaceAll', state } });
    host.focus();
  }

  /** Selects what the draft (or else a suggestion) has in a row, and shows it. */
  private selectRow(row: ReviewRow): void {
    const host = this.need();
    const spans = host.state().spans.filter((span) => span.start < row.end && row.start < span.end);
    const target = spans.find((span) => !isPending(span)) ?? spans[0];
    if (target) host.dispatch({ type: 'selectSpan', id: target.id });
    host.focus();
  }

  private need(): ModeHost {
    if (!this.host) throw new Error('the review mode is not mounted');
    return this.host;
  }
}
