/**
 * Work that waits for the next animation frame, done once however often it is asked
 * for before then: the editor's side lists and popups, the text view's arcs. Without
 * `requestAnimationFrame` (a test environment, a hidden frame) the work is done at once.
 */

/** The part of `window` the scheduler uses. */
export interface FrameClock {
  requestAnimationFrame?: (callback: FrameRequestCallback) => number;
  cancelAnimationFrame?: (handle: number) => void;
}

export class FrameTask<T> {
  private handle = 0;

  constructor(
    private readonly clock: FrameClock | null | undefined,
    private readonly work: () => T,
  ) {}

  /** True while the work waits for a frame. */
  get pending(): boolean {
    return this.handle !== 0;
  }

  /** Asks for the work in the next frame; a request already waiting covers this one. */
  schedule(): void {
    if (this.handle) return;
    const clock = this.clock;
    if (!clock?.requestAnimationFrame) {
      this.work();
      return;
    }
    this.handle = clock.requestAnimationFrame(() => {
      this.handle = 0;
      this.work();
    });
  }

  /** Does the work now, dropping the frame that was waiting for it. */
  flush(): T {
    this.cancel();
    return this.work();
  }

  /** Drops the waiting frame, if any, without doing the work. */
  cancel(): void {
    if (!this.handle) return;
    this.clock?.cancelAnimationFrame?.(this.handle);
    this.handle = 0;
  }
}
