/**
 * The editor works in one of two modes:
 * - annotate (modes/annotate.ts): the person's own annotation, opened with the model's
 *   predictions pending, saved as a draft (also by itself) and submitted;
 * - review (modes/review.ts, `data-mode="review"`): the document's gold draft, the
 *   other versions' spans as pending suggestions and a panel comparing the versions;
 *   saved only when the reviewer marks it gold.
 * The controller asks its mode whatever differs between the two, through `EditorMode`;
 * the rest of the editor is the same.
 */
import type { ApiClient } from '../../api/client';
import type { ApiAnnotation } from '../../api/types';
import type { Decision } from '../../domain/decisions';
import type { DocumentState, EditRules } from '../../domain/edits';
import type { HintContext } from '../../domain/hints';
import type { Keymap, KeymapOptions } from '../../domain/keymap';
import type { OffsetIndex } from '../../domain/offsets';
import type { OpenedAnnotation, ParseResult } from '../../domain/payload';
import type { Action, Outcome } from '../../domain/session';
import type { Span } from '../../domain/spans';
import { submitQuestion } from '../../domain/submitting';
import type { ConfirmDialog } from '../../render/overlays';
import type { Banners, MessageLine, ToolbarLabels } from '../../render/panels';
import type { SaverOptions, SaveStatus } from '../saver';

/** What a mode may use of the editor, once it is drawn. */
export interface ModeHost {
  readonly doc: Document;
  readonly root: HTMLElement;
  /** The next document to work on. */
  readonly nextUrl: string;
  readonly offsets: OffsetIndex;
  readonly colorOf: (label: string) => string;
  readonly banners: Banners;
  readonly messages: MessageLine;
  readonly confirm: ConfirmDialog;
  state(): DocumentState;
  dispatch(action: Action): Outcome;
  /** Gives the keyboard back to the text. */
  focus(): void;
  newSpanId(): string;
  /** Saves, keeping the submitted state as it is. */
  save(): void;
  /** Saves as submitted (in review: marks gold), then says so. */
  submitNow(): void;
  /** Keeps the unsaved work in this browser now. */
  keepCopy(): void;
}

/** The save states whose words differ between the modes. */
export type ModeStatus = Extract<SaveStatus, { kind: 'saved' | 'dirty' | 'saving' }>;

export interface EditorMode {
  /** Whose work the copy kept in this browser is (domain/localcopy.ts). */
  readonly storeName: string;
  readonly labels: ToolbarLabels;
  /** Whether this browser remembers the predictions the person rejected, so they stay rejected. */
  readonly remembersRejections: boolean;
  readonly rules: Pick<EditRules, 'replaceOnAccept'>;
  /** What the editor opens with, from the document's annotations (again after a conflict). */
  open(annotations: readonly ApiAnnotation[], rejected: ReadonlySet<string>): ParseResult<OpenedAnnotation>;
  /** The review decisions to save with `state` (domain/decisions.ts); undefined: none sent. */
  decisions(state: DocumentState): readonly Decision[] | undefined;
  /** After a save: the annotation as the server answered it. */
  saved(answer: ApiAnnotation): void;
  /** The mode's keys (after `open`: review binds a key per version). */
  keymapOptions(): KeymapOptions;
  /** Where saves go, and whether they also happen by themselves. */
  saving(client: ApiClient): Pick<SaverOptions, 'autosave' | 'put'>;
  /** What the selection line needs to know of the mode. */
  hintContext(textOf: (span: Span) => string): HintContext;
  /** Starts drawing with the editor; returns what goes above the text. */
  mount(host: ModeHost, keymap: Keymap): readonly HTMLElement[];
  /** Shows the annotation as it is now (in the frame after it changed). */
  update(): void;
  /** Tells what was opened when it needs saying (already submitted, already gold). */
  opened(opened: OpenedAnnotation): void;
  /** The save key (Ctrl+S). */
  saveKey(): void;
  /** Submits, first asking what to do with the `pending` predictions or suggestions. */
  submit(pending: number): void;
  /** After a successful submit. */
  submitted(version: number | undefined): void;
  /** The toolbar's words for a save state; `submitted`: the last save was a submission. */
  statusText(status: ModeStatus, submitted: boolean): string;
  /** Review: takes version `index` whole as the draft. */
  acceptVersion(index: number): void;
}

/**
 * Submits, or first asks what to do with the `pending` suggestions (domain/submitting.ts):
 * the default answer, focused, submits what was reviewed.
 */
export function askAndSubmit(host: ModeHost, pending: number, kind: 'annotate' | 'review'): void {
  const question = submitQuestion(pending, kind);
  if (!question) {
    host.submitNow();
    return;
  }
  host.confirm.ask(
    question.text,
    question.choices.map((choice) => ({
      label: choice.label,
      primary: choice.default,
      answer: choice.answer,
      run: () => {
        if (choice.answer === 'acceptAllAndSubmit') host.dispatch({ type: 'edit', edit: { type: 'acceptAllPredictions' } });
        host.submitNow();
      },
    })),
  );
}

/** A link banner action: the link does the work. */
export const follow = (label: string, href: string, primary = false) => ({ label, href, primary, run: () => undefined });
