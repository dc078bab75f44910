/**
 * Comment threads of a document as the Comments panel shows them: open ones first (flags
 * before questions), then resolved ones, each group oldest first; and the counts its title
 * and the project page show. Pure.
 */
export interface ThreadLike {
  readonly id: number;
  readonly flag: boolean;
  readonly resolved: boolean;
}

export function threadsInOrder<T extends ThreadLike>(threads: readonly T[]): T[] {
  const rank = (thread: T) => (thread.resolved ? 2 : thread.flag ? 0 : 1);
  return [...threads].sort((a, b) => rank(a) - rank(b) || a.id - b.id);
}

export function threadCounts(threads: readonly ThreadLike[]): { open: number; flagged: number } {
  const open = threads.filter((thread) => !thread.resolved);
  return { open: open.length, flagged: open.filter((thread) => thread.flag).length };
}

/** "2 open · 1 flagged", "no open threads". */
export function threadCountText(threads: readonly ThreadLike[]): string {
  const { open, flagged } = threadCounts(threads);
  if (open === 0) return threads.length ? 'all resolved' : 'none yet';
  return flagged ? `${open} open · ${flagged} flagged` : `${open} open`;
}

/** A comment's time as a person reads it, relative to `now`: "just now", "5 min ago", "3 h ago", or the date. */
export function whenText(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return new Date(then).toISOString().slice(0, 10);
}
