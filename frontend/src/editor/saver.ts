/**
 * Saving the person's annotation: one PUT per save, with the version it started from
 * (0 when it started from none: "I expect no annotation yet", so a first save in two
 * tabs is refused in the second, 409, rather than writing over the first);
 * saves never overlap (a save asked for while one runs goes next); a draft is saved
 * automatically a while after the last edit; a stale version (409) stops autosave
 * and is reported, leaving the edits in place. No DOM here.
 */
import { ConflictError, ValidationError, type ApiClient } from '../api/client';
import type { AnnotationPutBody, ApiAnnotation } from '../api/types';
import type { Decision } from '../domain/decisions';
import type { DocumentState } from '../domain/edits';
import { toPutBody } from '../domain/payload';

export type SaveStatus =
  | { readonly kind: 'saved'; readonly version: number | undefined; readonly submitted: boolean; readonly at: Date | null }
  | { readonly kind: 'dirty' }
  | { readonly kind: 'saving'; readonly submit: boolean }
  | { readonly kind: 'conflict'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string };

export interface SaverOptions {
  readonly client: Pick<ApiClient, 'saveMyAnnotation'>;
  /** Where a save goes; the person's own annotation (`client.saveMyAnnotation`) by default. Review saves gold. */
  readonly put?: (documentId: string, body: AnnotationPutBody) => Promise<ApiAnnotation>;
  /** False: nothing is saved until asked (a review's gold is only written when the reviewer marks it). */
  readonly autosave?: boolean;
  readonly documentId: string;
  /** The state to save: read when the save starts. */
  readonly getState: () => DocumentState;
  /** The review decisions to save with `state` (domain/decisions.ts); undefined: none sent, the server keeps its own. */
  readonly decisions?: (state: DocumentState) => readonly Decision[] | undefined;
  readonly onStatus: (status: SaveStatus) => void;
  /** After a successful save of `state`. */
  readonly onSaved?: (state: DocumentState, annotation: ApiAnnotation, submitted: boolean) => void;
  readonly autosaveDelay?: number;
  /**
   * The active time to send with a save (`active_ms`, domain/activetime.ts): `take` before the
   * PUT, `giveBack` when it fails. Absent (review): no active time is sent.
   */
  readonly activeTime?: { take(): number; giveBack(ms: number): void };
  readonly setTimeout?: (callback: () => void, ms: number) => unknown;
  readonly clearTimeout?: (handle: unknown) => void;
}

export interface SaveOutcome {
  readonly ok: boolean;
  readonly conflict?: boolean;
}

export const AUTOSAVE_DELAY = 5000;

/** A readable message from a 400 body that names fields, e.g. `spans.3.end: outside the text`. */
export function describeValidation(body: unknown, prefix = ''): string[] {
  // The contract's error body: {"detail", "errors": [{"field", "message"}], ...}: the list says it all.
  if (!prefix && body && typeof body === 'object' && Array.isArray((body as { errors?: unknown }).errors)) {
    const listed = describeValidation((body as { errors: unknown[] }).errors, '');
    if (listed.length) return listed;
  }
  if (typeof body === 'string') return [prefix ? `${prefix}: ${body}` : body];
  if (Array.isArray(body)) {
    // A list of messages belongs to its field; a list of objects is indexed (spans, relations).
    return body.flatMap((item, index) =>
      describeValidation(item, item && typeof item === 'object' && !('field' in item) ? (prefix ? `${prefix}.${index}` : String(index)) : prefix),
    );
  }
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    if (typeof record.message === 'string' && typeof record.field === 'string') {
      return [`${record.field}: ${record.message}`];
    }
    return Object.entries(record).flatMap(([key, value]) =>
      describeValidation(value, key === 'detail' || key === 'non_field_errors' ? prefix : prefix ? `${prefix}.${key}` : key),
    );
  }
  return [];
}

export class Saver {
  version: number | undefined;
  submitted: boolean;
  /** The state last saved (or loaded), by reference. */
  saved: DocumentState;
  private running: Promise<SaveOutcome> | null = null;
  private queued: { submit: boolean } | null = null;
  private next: Promise<SaveOutcome> | null = null;
  private timer: unknown = null;
  private conflict = false;
  private readonly delay: number;

  constructor(
    private readonly options: SaverOptions,
    initial: { version: number | undefined; submitted: boolean; state: DocumentState },
  ) {
    this.version = initial.version;
    this.submitted = initial.submitted;
    this.saved = initial.state;
    this.delay = options.autosaveDelay ?? AUTOSAVE_DELAY;
  }

  get dirty(): boolean {
    return this.options.getState() !== this.saved;
  }

  get inConflict(): boolean {
    return this.conflict;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Call after every edit: shows "unsaved" and (re)starts the autosave timer. */
  changed(): void {
    if (this.conflict) return;
    if (!this.running) this.options.onStatus(this.dirty ? { kind: 'dirty' } : this.savedStatus(null));
    this.cancelAutosave();
    if (!this.dirty || this.options.autosave === false) return;
    const set = this.options.setTimeout ?? ((callback, ms) => globalThis.setTimeout(callback, ms));
    this.timer = set(() => {
      this.timer = null;
      if (this.dirty && !this.conflict) void this.save({ submit: this.submitted });
    }, this.delay);
  }

  cancelAutosave(): void {
    if (this.timer !== null) {
      const clear = this.options.clearTimeout ?? ((handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>));
      clear(this.timer);
      this.timer = null;
    }
  }

  private savedStatus(at: Date | null): SaveStatus {
    return { kind: 'saved', version: this.version, submitted: this.submitted, at };
  }

  /**
   * Saves now (a draft, or submitting). A save asked for while another runs is done
   * right after it, with the newer version; the promise settles when it is done.
   */
  async save({ submit }: { submit: boolean }): Promise<SaveOutcome> {
    this.cancelAutosave();
    if (this.running) {
      // One queued save is enough: it reads the newest state when it starts.
      this.queued = { submit: submit || (this.queued?.submit ?? false) };
      this.next ??= this.running.then(() => {
        const queued = this.queued;
        this.queued = null;
        this.next = null;
        return queued && !this.conflict ? this.save(queued) : { ok: !this.conflict, conflict: this.conflict };
      });
      return this.next;
    }
    this.running = this.put(submit);
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private async put(submit: boolean): Promise<SaveOutcome> {
    const state = this.options.getState();
    this.options.onStatus({ kind: 'saving', submit });
    const activeMs = this.options.activeTime?.take() ?? 0;
    try {
      const decisions = this.options.decisions?.(state);
      const body: AnnotationPutBody = {
        ...toPutBody(state, { version: this.version ?? 0, submit, ...(decisions ? { decisions } : {}) }),
        ...(activeMs > 0 ? { active_ms: activeMs } : {}),
      };
      const put = this.options.put ?? ((id: string, payload: AnnotationPutBody) => this.options.client.saveMyAnnotation(id, payload));
      const answer = await put(this.options.documentId, body);
      this.version = answer.version;
      this.submitted = answer.status === 'submitted' || submit;
      this.saved = state;
      this.conflict = false;
      this.options.onSaved?.(state, answer, this.submitted);
      this.options.onStatus(this.dirty ? { kind: 'dirty' } : this.savedStatus(new Date()));
      if (this.dirty) this.changed();
      return { ok: true };
    } catch (error) {
      this.options.activeTime?.giveBack(activeMs);
      if (error instanceof ConflictError) {
        this.conflict = true;
        this.queued = null;
        this.options.onStatus({
          kind: 'conflict',
          message: 'Not saved: this annotation was changed elsewhere (another tab or person) since you opened it.',
        });
        return { ok: false, conflict: true };
      }
      const message =
        error instanceof ValidationError
          ? `Not saved, the server refused it: ${describeValidation(error.body).join('; ') || 'invalid annotation'}`
          : `Not saved: ${error instanceof Error ? error.message : String(error)}. Your edits are kept; try again.`;
      this.options.onStatus({ kind: 'error', message });
      return { ok: false };
    }
  }

  /** After the conflict is resolved (reloaded, or taking the newest version to save over it). */
  resolve(version: number | undefined, saved: DocumentState): void {
    this.conflict = false;
    this.version = version;
    this.saved = saved;
    this.options.onStatus(this.dirty ? { kind: 'dirty' } : this.savedStatus(null));
  }
}
