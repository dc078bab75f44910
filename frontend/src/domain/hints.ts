/**
 * What the line above the text tells the person about the current selection: the span
 * (its label and text) or the relation selected, and which keys do what with it; with
 * nothing selected, how to start. Pure: the session in, words out (the renderer draws
 * them, see render/selectioninfo.ts).
 */
import { classifyAgainst, spanKey } from './diff';
import { isPending } from './edits';
import { draftSpans } from './review';
import { selectedSpan, type Session } from './session';
import { findSpan, type Span } from './spans';

export type SelectionHint =
  | {
      readonly kind: 'span';
      readonly label: string;
      readonly text: string;
      /** Review, a suggestion: which versions suggest it. */
      readonly origin: string | null;
      readonly hint: string;
    }
  | { readonly kind: 'relation'; readonly head: string; readonly label: string; readonly child: string; readonly hint: string }
  | { readonly kind: 'none'; readonly hint: string }
  /** A mode that lasts (label first, picking a relation's child or type): said until it ends. */
  | { readonly kind: 'mode'; readonly label: string; readonly text: string; readonly hint: string }
  /** A selection that no longer exists: nothing to say. */
  | { readonly kind: 'empty' };

export interface HintContext {
  /** The span's text as shown (see `excerpt`). */
  readonly textOf: (span: Span) => string;
  /** The review view: how many versions it compares, and which versions have each span (by `spanKey`). */
  readonly review?: {
    readonly versions: number;
    readonly origins: ReadonlyMap<string, readonly string[]>;
  };
}

/** At most `max` UTF-16 units of `text`, with an ellipsis when cut. */
export function excerpt(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}…` : text;
}

const VERSUS = {
  label: 'another label than the draft',
  boundary: 'other boundaries than the draft',
  only: 'not in the draft',
} as const;

export function selectionHint(session: Session, context: HintContext): SelectionHint {
  const state = session.history.present;
  const mode = session.mode;
  if (mode.kind === 'stickyLabel') {
    return { kind: 'mode', label: mode.label, text: 'Label first', hint: `every text you select becomes ${mode.label}; another label key switches; Esc ends` };
  }
  if (mode.kind === 'pickChild' || mode.kind === 'chooseRelationType') {
    const head = findSpan(state.spans, mode.head);
    const child = mode.kind === 'chooseRelationType' ? findSpan(state.spans, mode.child) : undefined;
    const from = head ? `‘${context.textOf(head)}’ (${head.label})` : 'the head';
    return {
      kind: 'mode',
      label: '',
      text: child ? `Relation ${from} → ‘${context.textOf(child)}’ (${child.label})` : `Relation from ${from}`,
      hint: child
        ? 'pick its type: ↑/↓, 1–9 or the type\'s hotkey, then Enter · Esc cancels'
        : 'click the child span, or Tab to it and press Enter · Esc cancels',
    };
  }
  const span = selectedSpan(session);
  if (span) {
    const base = { kind: 'span' as const, label: span.label, text: context.textOf(span) };
    if (context.review && isPending(span)) {
      const from = context.review.origins.get(spanKey(span)) ?? [];
      const kind = classifyAgainst(span, draftSpans(state));
      return {
        ...base,
        origin: `suggested by ${from.join(', ') || 'a version'}`,
        hint: `${kind ? VERSUS[kind] : 'already in the draft'}: Enter accepts (replacing the draft's span there), x rejects`,
      };
    }
    return {
      ...base,
      origin: null,
      hint: isPending(span)
        ? 'prediction: Enter accepts, x rejects, a label key relabels'
        : 'a label key relabels, Del deletes, r starts a relation, Alt(+Shift)+←/→ moves its ends',
    };
  }
  if (session.selection.kind === 'relation') {
    const id = session.selection.id;
    const relation = state.relations.find((item) => item.id === id);
    if (!relation) return { kind: 'empty' };
    const head = findSpan(state.spans, relation.head);
    const child = findSpan(state.spans, relation.child);
    return {
      kind: 'relation',
      head: head ? context.textOf(head) : '?',
      label: relation.label,
      child: child ? context.textOf(child) : '?',
      hint: 'Del deletes the relation',
    };
  }
  if (context.review) {
    const count = Math.min(context.review.versions, 9);
    const versions = count ? `${count > 1 ? `1–${count}` : '1'} accepts a version whole. ` : '';
    return {
      kind: 'none',
      hint: `${versions}Dashed spans are suggestions from the other versions: Tab to one, Enter accepts, x rejects. Edit as in the editor. Ctrl+Enter marks gold. ? lists all keys.`,
    };
  }
  return {
    kind: 'none',
    hint: 'Select text with the mouse or ←/→ (Shift extends), then press a label key. Tab moves between spans. ? lists all keys.',
  };
}
