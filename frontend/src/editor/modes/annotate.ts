/**
 * Annotating (see mode.ts): the person's own annotation, with the model's predictions
 * pending; saved as a draft by itself a while after the last edit, and submitted. What
 * the person accepted or rejected of the predictions is saved with it (`decisions`),
 * so a prediction decided in one browser is not pending in another.
 */
import type { ApiAnnotation } from '../../api/types';
import { DecisionBook, type Decision } from '../../domain/decisions';
import { pendingPredictions, type DocumentState } from '../../domain/edits';
import type { HintContext } from '../../domain/hints';
import type { KeymapOptions } from '../../domain/keymap';
import { openAnnotation, predictionKey, type OpenedAnnotation, type ParseResult } from '../../domain/payload';
import type { Span } from '../../domain/spans';
import { ANNOTATE_LABELS } from '../../render/panels';
import { askAndSubmit, follow, type EditorMode, type ModeHost, type ModeStatus } from './mode';

export class AnnotateMode implements EditorMode {
  readonly storeName: string;
  readonly labels = ANNOTATE_LABELS;
  readonly remembersRejections = true;
  readonly rules = {};
  private host: ModeHost | null = null;
  private readonly book = new DecisionBook();

  constructor(
    private readonly user: string,
    private readonly allowOverlap: boolean,
  ) {
    this.storeName = user;
  }

  open(annotations: readonly ApiAnnotation[], rejected: ReadonlySet<string>): ParseResult<OpenedAnnotation> {
    const opened = openAnnotation(annotations, (author) => author !== null && String(author) === this.user, {
      allowOverlap: this.allowOverlap,
      rejected,
    });
    if (opened.ok) {
      const { prediction, state, decisions } = opened.value;
      this.book.opened({
        annotations,
        predictions: prediction ? [prediction] : [],
        // Offered: pending now, decided before (saved, or rejected in this browser).
        offered: prediction ? [...pendingPredictions(state).map(predictionKey), ...prediction.decided, ...rejected] : [],
        stored: decisions ?? [],
      });
    }
    return opened;
  }

  decisions(state: DocumentState): readonly Decision[] | undefined {
    return this.book.collect(state);
  }

  saved(answer: ApiAnnotation): void {
    this.book.saved(answer);
  }

  keymapOptions(): KeymapOptions {
    return {};
  }

  saving() {
    return {};
  }

  hintContext(textOf: (span: Span) => string): HintContext {
    return { textOf };
  }

  mount(host: ModeHost): readonly HTMLElement[] {
    this.host = host;
    return [];
  }

  update(): void {}

  opened(opened: OpenedAnnotation): void {
    if (opened.status !== 'submitted') return;
    this.need().banners.show('submitted', 'info', 'You have submitted this document. Changes you make are saved as a new submission.', [
      follow('Next document →', this.need().nextUrl),
    ]);
  }

  saveKey(): void {
    this.need().save();
  }

  submit(pending: number): void {
    askAndSubmit(this.need(), pending, 'annotate');
  }

  submitted(): void {
    const host = this.need();
    const banner = host.banners.show('submitted', 'success', 'Submitted. Thank you!', [follow('Next document →', host.nextUrl, true)]);
    (banner.querySelector('a') as HTMLAnchorElement | null)?.focus();
  }

  statusText(status: ModeStatus): string {
    switch (status.kind) {
      case 'saved': {
        if (status.version === undefined && !status.submitted) return 'No changes yet';
        const what = status.submitted ? 'Submitted' : status.version === undefined ? 'Not saved yet' : 'Draft saved';
        const when = status.at ? ` at ${status.at.toLocaleTimeString()}` : '';
        const version = status.version === undefined ? '' : ` · v${status.version}`;
        return `${what}${when}${version}`;
      }
      case 'dirty':
        return 'Unsaved changes';
      case 'saving':
        return status.submit ? 'Submitting…' : 'Saving…';
    }
  }

  acceptVersion(): void {
    // No versions to accept when annotating (the keymap binds no key to it).
  }

  private need(): ModeHost {
    if (!this.host) throw new Error('the annotate mode is not mounted');
    return this.host;
  }
}
