/**
 * Annotating (see mode.ts): the person's own annotation, with the model's predictions
 * pending; saved as a draft by itself a while after the last edit, and submitted.
 */
import type { ApiAnnotation } from '../../api/types';
import type { HintContext } from '../../domain/hints';
import type { KeymapOptions } from '../../domain/keymap';
import { openAnnotation, type OpenedAnnotation, type ParseResult } from '../../domain/payload';
import type { Span } from '../../domain/spans';
import { ANNOTATE_LABELS } from '../../render/panels';
import { follow, type EditorMode, type ModeHost, type ModeStatus } from './mode';

export class AnnotateMode implements EditorMode {
  readonly storeName: string;
  readonly labels = ANNOTATE_LABELS;
  readonly remembersRejections = true;
  readonly rules = {};
  private host: ModeHost | null = null;

  constructor(
    private readonly user: string,
    private readonly allowOverlap: boolean,
  ) {
    this.storeName = user;
  }

  open(annotations: readonly ApiAnnotation[], rejected: ReadonlySet<string>): ParseResult<OpenedAnnotation> {
    return openAnnotation(annotations, (author) => author !== null && String(author) === this.user, {
      allowOverlap: this.allowOverlap,
      rejected,
    });
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
    const host = this.need();
    if (pending === 0) {
      host.submitNow();
      return;
    }
    host.confirm.ask(
      `${pending} prediction${pending === 1 ? ' is' : 's are'} neither accepted nor rejected. Submitting leaves ${pending === 1 ? 'it' : 'them'} out.`,
      [
        {
          label: 'Accept all and submit',
          primary: true,
          run: () => {
            host.dispatch({ type: 'edit', edit: { type: 'acceptAllPredictions' } });
            host.submitNow();
          },
        },
        { label: 'Submit without them', run: () => host.submitNow() },
      ],
    );
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
