/**
 * Nothing the person did is lost:
 * - a copy of unsaved work is kept in this browser (localStorage, domain/localcopy.ts)
 *   a moment after each edit and when the page goes away, and offered back when the
 *   document is opened again;
 * - the predictions the person rejected are remembered in this browser until saved (the
 *   saved ones come back from the server as `decisions`), so they do not come back;
 * - when a save finds the annotation changed elsewhere (409), the edits stay, a copy is
 *   kept, and the person chooses: reload the saved version (undoable), or save theirs
 *   over it.
 */
import type { DocumentState } from '../domain/edits';
import { pendingPredictions } from '../domain/edits';
import { copyKey, decodeCopy, encodeCopy, rejectedKey, sameContent, type KeyValueStore } from '../domain/localcopy';
import { predictionKey, type OpenedAnnotation } from '../domain/payload';
import type { Banners, MessageLine } from '../render/panels';
import type { Saver } from './saver';

export const COPY_DELAY = 800;

export interface RecoveryOptions {
  readonly store: KeyValueStore;
  /** Whose copy it is (the mode's `storeName`). */
  readonly storeName: string;
  readonly documentId: string;
  readonly saver: Saver;
  readonly banners: Banners;
  readonly messages: MessageLine;
  /** The state the person sees now. */
  readonly state: () => DocumentState;
  /** Puts `state` in place as one undoable edit. */
  readonly replace: (state: DocumentState) => void;
  /** The annotation as stored now, opened as at load, leaving out the `rejected` predictions. */
  readonly fetchOpened: (rejected: ReadonlySet<string>) => Promise<OpenedAnnotation>;
  /** The predictions rejected before plus those pending when the document was opened. */
  readonly initialPredictionKeys: ReadonlySet<string>;
}

export class Recovery {
  private copyTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly copyKey: string;
  private readonly rejectedKey: string;

  constructor(private readonly options: RecoveryOptions) {
    this.copyKey = copyKey(options.storeName, options.documentId);
    this.rejectedKey = rejectedKey(options.storeName, options.documentId);
  }

  /** Keeps the copy when the page goes away with unsaved work (and asks before leaving). */
  listen(win: Window | null, signal: AbortSignal): void {
    const saver = this.options.saver;
    win?.addEventListener('beforeunload', (event) => {
      if (saver.dirty) {
        this.writeCopy();
        event.preventDefault();
      }
    }, { signal });
    win?.addEventListener('pagehide', () => {
      if (saver.dirty) this.writeCopy();
    }, { signal });
  }

  /** After an edit: the copy is written a moment later, once however many edits come. */
  changed(): void {
    if (this.copyTimer) clearTimeout(this.copyTimer);
    this.copyTimer = setTimeout(() => {
      this.copyTimer = null;
      this.writeCopy();
    }, COPY_DELAY);
  }

  /** Writes the copy of unsaved work now (or drops it when nothing is unsaved). */
  writeCopy(): void {
    const { store, saver } = this.options;
    if (!saver.dirty) {
      if (!saver.inConflict) store.removeItem(this.copyKey);
      return;
    }
    const state = this.options.state();
    store.setItem(this.copyKey, encodeCopy({ savedAt: new Date().toISOString(), baseVersion: saver.version ?? null, state }));
    store.setItem(this.rejectedKey, JSON.stringify(this.rejectedKeys(state)));
  }

  /** After `state` was saved: remembers what is rejected; the copy goes if nothing changed since. */
  saved(state: DocumentState): void {
    const { store, banners } = this.options;
    store.setItem(this.rejectedKey, JSON.stringify(this.rejectedKeys(state)));
    if (state === this.options.state()) store.removeItem(this.copyKey);
    banners.clear('conflict');
    banners.clear('error');
  }

  /** On opening: offers the copy this browser kept, unless it is what was loaded. */
  offer(loaded: DocumentState): void {
    const { store, banners, messages } = this.options;
    const copy = decodeCopy(store.getItem(this.copyKey));
    if (!copy) return;
    if (sameContent(copy.state, loaded)) {
      store.removeItem(this.copyKey);
      return;
    }
    const when = new Date(copy.savedAt);
    const stale = copy.baseVersion !== (this.options.saver.version ?? null);
    banners.show(
      'restore',
      'info',
      `This browser kept edits of this document that were not saved (${Number.isNaN(when.getTime()) ? 'earlier' : when.toLocaleString()})` +
        (stale ? ', made on an older version than the one saved now.' : '.'),
      [
        {
          label: 'Restore them',
          primary: true,
          run: () => {
            banners.clear('restore');
            this.options.replace(copy.state);
            messages.show('info', 'Restored the unsaved edits (Ctrl+Z undoes this).');
          },
        },
        {
          label: 'Discard',
          run: () => {
            banners.clear('restore');
            store.removeItem(this.copyKey);
          },
        },
      ],
    );
  }

  /** A save found the annotation changed elsewhere: keep a copy, and let the person choose. */
  conflict(message: string): void {
    this.writeCopy();
    this.options.banners.show(
      'conflict',
      'error',
      `${message} Nothing was lost: your edits are still here and a copy is kept in this browser.`,
      [
        { label: 'Reload the saved version', primary: true, run: () => void this.reloadSaved() },
        { label: 'Save mine over it', run: () => void this.overwrite() },
      ],
    );
  }

  destroy(): void {
    if (this.copyTimer) clearTimeout(this.copyTimer);
  }

  /** The predictions dealt with (rejected) since opening, and before. */
  private rejectedKeys(state: DocumentState): string[] {
    const pending = new Set(pendingPredictions(state).map(predictionKey));
    return [...this.options.initialPredictionKeys].filter((key) => !pending.has(key));
  }

  private fetchOpened(): Promise<OpenedAnnotation> {
    return this.options.fetchOpened(new Set(this.rejectedKeys(this.options.state())));
  }

  /** Loads what is stored, as an undoable step (Ctrl+Z brings the edits back); `note` says what happened. */
  async reloadSaved(note?: string): Promise<void> {
    const { saver, banners, messages } = this.options;
    try {
      this.writeCopy();
      const opened = await this.fetchOpened();
      this.options.replace(opened.state);
      saver.resolve(opened.version, this.options.state());
      saver.submitted = opened.status === 'submitted';
      banners.clear('conflict');
      messages.show('info', note ?? `Loaded the saved version${opened.version ? ` (v${opened.version})` : ''}. Ctrl+Z brings your edits back.`);
    } catch (error) {
      messages.show('error', `Could not reload: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Saves these edits over what is stored. */
  private async overwrite(): Promise<void> {
    const { saver, banners, messages } = this.options;
    try {
      const opened = await this.fetchOpened();
      saver.resolve(opened.version, saver.saved);
      banners.clear('conflict');
      await saver.save({ submit: saver.submitted });
    } catch (error) {
      messages.show('error', `Could not save: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
