/**
 * Active time on a document: time counts only while the page is visible and the person
 * acted (a key, a click, the pointer, the wheel) in the last `idleMs` (60 s by default).
 * Pure: the caller passes the clock's time to every call. The editor takes the time
 * counted since the last save and sends it with the next one (`active_ms`); a failed save
 * gives it back, so nothing is lost and nothing is counted twice.
 */
export const IDLE_MS = 60_000;

export class ActiveTime {
  private total = 0;
  private settledAt: number;
  private lastActivity: number | null = null;

  constructor(
    now: number,
    private visible: boolean,
    private readonly idleMs: number = IDLE_MS,
  ) {
    this.settledAt = now;
  }

  /** Adds the time since the last call that counts: visible, and within idleMs of the last activity. */
  private settle(now: number): void {
    if (now < this.settledAt) {
      this.settledAt = now; // a clock that went back counts nothing
      return;
    }
    if (this.visible && this.lastActivity !== null) {
      const end = Math.min(now, this.lastActivity + this.idleMs);
      if (end > this.settledAt) this.total += end - this.settledAt;
    }
    this.settledAt = now;
  }

  /** The person did something at `now`. */
  activity(now: number): void {
    this.settle(now);
    this.lastActivity = now;
  }

  /** The page became visible or hidden at `now`. */
  visibility(visible: boolean, now: number): void {
    this.settle(now);
    this.visible = visible;
  }

  /** Milliseconds counted and not yet taken. */
  peek(now: number): number {
    this.settle(now);
    return Math.round(this.total);
  }

  /** Milliseconds counted since the last take (whole ms), and starts counting again from zero. */
  take(now: number): number {
    const ms = this.peek(now);
    this.total -= ms;
    return ms;
  }

  /** Puts back what a failed save took. */
  giveBack(ms: number): void {
    if (ms > 0) this.total += ms;
  }
}
