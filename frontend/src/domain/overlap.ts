/**
 * Whether a span may join the others. The server applies the same rules to the whole
 * PUT body and answers 400 otherwise; checking here lets the editor refuse an edit at
 * once, with the reason, instead of at save time.
 */
import { spansOverlap, type Span, type Spans } from './spans';

export type SpanRefusal = 'empty' | 'out-of-range' | 'duplicate' | 'overlap';

export type SpanCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: SpanRefusal;
      readonly message: string;
      /** The existing span that caused a `duplicate` or `overlap` refusal. */
      readonly conflictsWith?: Span;
    };

export interface SpanRules {
  /** The project's `allow_overlap`. */
  readonly allowOverlap: boolean;
  /** Document length in code points; without it only negative offsets are out of range. */
  readonly textLength?: number;
  /** A span to leave out of the comparison: the one being resized or relabelled. */
  readonly ignoreId?: string;
  /** The document's text between two code-point offsets: messages then quote the words, not the offsets. */
  readonly textOf?: (start: number, end: number) => string;
}

/** How a message names a span: `'Kenya Ports Authority' (ORG)` with the text, `ORG [4, 25)` without. */
export function spanWords(span: Pick<Span, 'start' | 'end' | 'label'>, textOf?: (start: number, end: number) => string): string {
  if (!textOf) return `${span.label} [${span.start}, ${span.end})`;
  let words = textOf(span.start, span.end).replace(/\s+/g, ' ').trim();
  if ([...words].length > 40) words = `${[...words].slice(0, 39).join('')}…`;
  return `'${words}' (${span.label})`;
}

type Candidate = Pick<Span, 'start' | 'end' | 'label'>;

const OK: SpanCheck = { ok: true };

export function canAdd(spans: Spans, candidate: Candidate, rules: SpanRules): SpanCheck {
  const { start, end } = candidate;
  const limit = rules.textLength ?? Number.POSITIVE_INFINITY;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > limit) {
    return {
      ok: false,
      reason: 'out-of-range',
      message: `span [${start}, ${end}) is outside the text (0..${rules.textLength ?? '?'})`,
    };
  }
  if (end <= start) {
    return { ok: false, reason: 'empty', message: `span [${start}, ${end}) is empty` };
  }
  const others = spans.filter((span) => span.id !== rules.ignoreId);
  // A duplicate is refused even where overlaps are allowed, and is the more precise
  // reason where they are not.
  const duplicate = others.find(
    (span) => span.start === start && span.end === end && span.label === candidate.label,
  );
  if (duplicate) {
    return {
      ok: false,
      reason: 'duplicate',
      message: rules.textOf
        ? `${spanWords(candidate, rules.textOf)} is already marked`
        : `a ${candidate.label} span already covers [${start}, ${end})`,
      conflictsWith: duplicate,
    };
  }
  if (!rules.allowOverlap) {
    const overlapping = others.find((span) => spansOverlap(span, candidate));
    if (overlapping) {
      return {
        ok: false,
        reason: 'overlap',
        message: rules.textOf
          ? `${spanWords(candidate, rules.textOf)} overlaps ${spanWords(overlapping, rules.textOf)}: this project does not allow overlapping spans`
          : `this project does not allow overlapping spans: [${start}, ${end}) overlaps ${overlapping.label} [${overlapping.start}, ${overlapping.end})`,
        conflictsWith: overlapping,
      };
    }
  }
  return OK;
}
