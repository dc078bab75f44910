/**
 * A copy of unsaved work kept in the browser (localStorage), so that nothing typed is
 * lost to a closed tab, a network failure or a save refused as stale (409). Also the
 * predictions the person rejected: the local copy until saved (the server keeps them with
 * the annotation as `decisions`, domain/decisions.ts, and every browser reads them there).
 *
 * Storage is passed in (anything with getItem/setItem/removeItem), and every read is
 * validated: a copy written by an older editor, or edited by hand, is ignored rather
 * than trusted.
 */
import type { DocumentState } from './edits';
import type { Relation } from './relations';
import { sortSpans, type Span } from './spans';

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface LocalCopy {
  /** ISO time the copy was written. */
  readonly savedAt: string;
  /** Version of the stored annotation the edits started from (null: none existed). */
  readonly baseVersion: number | null;
  readonly state: DocumentState;
}

const PREFIX = 'annotator:v1';

export function copyKey(user: string, documentId: string): string {
  return `${PREFIX}:copy:${user}:${documentId}`;
}

export function rejectedKey(user: string, documentId: string): string {
  return `${PREFIX}:rejected:${user}:${documentId}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readSpan(raw: unknown): Span | null {
  if (!isRecord(raw)) return null;
  const { id, start, end, label, source } = raw;
  if (typeof id !== 'string' || typeof label !== 'string') return null;
  if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (end as number) <= (start as number)) return null;
  if (source !== 'mine' && source !== 'prediction') return null;
  return { id, start: start as number, end: end as number, label, source };
}

function readRelation(raw: unknown): Relation | null {
  if (!isRecord(raw)) return null;
  const { id, head, child, label } = raw;
  if (typeof id !== 'string' || typeof head !== 'string' || typeof child !== 'string' || typeof label !== 'string') return null;
  return { id, head, child, label };
}

export function encodeCopy(copy: LocalCopy): string {
  return JSON.stringify({
    savedAt: copy.savedAt,
    baseVersion: copy.baseVersion,
    spans: copy.state.spans.map(({ id, start, end, label, source }) => ({ id, start, end, label, source: source ?? 'mine' })),
    relations: copy.state.relations.map(({ id, head, child, label }) => ({ id, head, child, label })),
  });
}

/** The copy in `raw`, or null when there is none or it does not read as one. */
export function decodeCopy(raw: string | null): LocalCopy | null {
  if (!raw) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(value) || typeof value.savedAt !== 'string' || !Array.isArray(value.spans) || !Array.isArray(value.relations)) return null;
  const baseVersion = value.baseVersion === null ? null : Number.isInteger(value.baseVersion) ? (value.baseVersion as number) : undefined;
  if (baseVersion === undefined) return null;
  const spans = value.spans.map(readSpan);
  const relations = value.relations.map(readRelation);
  if (spans.some((span) => span === null) || relations.some((relation) => relation === null)) return null;
  const ids = new Set((spans as Span[]).map((span) => span.id));
  if (ids.size !== spans.length) return null;
  if ((relations as Relation[]).some((relation) => !ids.has(relation.head) || !ids.has(relation.child))) return null;
  return { savedAt: value.savedAt, baseVersion, state: { spans: sortSpans(spans as Span[]), relations: relations as Relation[] } };
}

/** Whether two states say the same thing, whatever their ids. */
export function sameContent(a: DocumentState, b: DocumentState): boolean {
  const describe = (state: DocumentState) => {
    const byId = new Map(state.spans.map((span) => [span.id, `${span.start}:${span.end}:${span.label}:${span.source ?? 'mine'}`]));
    const spans = [...byId.values()].sort();
    const relations = state.relations.map((r) => `${byId.get(r.head)}>${byId.get(r.child)}:${r.label}`).sort();
    return JSON.stringify([spans, relations]);
  };
  return a === b || describe(a) === describe(b);
}

/** Reads and writes never throw: storage may be full, disabled or blocked. */
export function safeStore(store: KeyValueStore | undefined | null): KeyValueStore {
  return {
    getItem(key) {
      try {
        return store?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    setItem(key, value) {
      try {
        store?.setItem(key, value);
      } catch {
        // Full or blocked: the in-page state still has everything.
      }
    },
    removeItem(key) {
      try {
        store?.removeItem(key);
      } catch {
        // As above.
      }
    },
  };
}

export function readRejected(store: KeyValueStore, key: string): Set<string> {
  try {
    const value: unknown = JSON.parse(store.getItem(key) ?? '[]');
    return new Set(Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  } catch {
    return new Set();
  }
}
