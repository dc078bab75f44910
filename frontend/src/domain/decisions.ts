/**
 * Review decisions on a model's suggestions, kept on the server with the annotation
 * (`decisions` of the annotation object and of the PUT bodies), so that a prediction
 * accepted or rejected in one browser is not pending again in another, nor for the
 * reviewer. Pure: spans and stored decisions in, decisions and decided keys out.
 *
 * A decision names the prediction span by start, end, label and model (code points);
 * `model_version` is recorded, not matched: a re-run of the same model that predicts
 * the same span does not ask again.
 */
import { spanKey } from './diff';
import type { DocumentState } from './edits';
import { isPending } from './edits';
import type { Span } from './spans';

export type DecisionKind = 'accepted' | 'rejected';

export interface Decision {
  readonly start: number;
  readonly end: number;
  readonly label: string;
  readonly model: string;
  readonly model_version: string;
  readonly decision: DecisionKind;
}

/** A model's prediction as the editor offered it. */
export interface OfferedPrediction {
  readonly model: string;
  readonly modelVersion: string;
  readonly spans: readonly Pick<Span, 'start' | 'end' | 'label'>[];
}

/** What identifies a prediction across reloads (its stored id changes when the model re-runs): start, end, label. */
export const predictionKey: (span: Pick<Span, 'start' | 'end' | 'label'>) => string = spanKey;

function decisionKey(decision: Pick<Decision, 'start' | 'end' | 'label' | 'model'>): string {
  return `${decision.model}|${predictionKey(decision)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The stored decisions of an annotation object, the malformed ones left out (never trusted blindly). */
export function readDecisions(raw: unknown): Decision[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item): Decision[] => {
    if (!isRecord(item)) return [];
    const { start, end, label, model, model_version: version, decision } = item;
    if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (end as number) <= (start as number)) return [];
    if (typeof label !== 'string' || typeof model !== 'string') return [];
    if (decision !== 'accepted' && decision !== 'rejected') return [];
    return [{ start: start as number, end: end as number, label, model, model_version: typeof version === 'string' ? version : '', decision }];
  });
}

/** `predictionKey`s of the spans of `model` that `decisions` have decided (accepted or rejected). */
export function decidedKeys(decisions: readonly Decision[], model: string | null | undefined): Set<string> {
  const name = model ?? '';
  return new Set(decisions.filter((decision) => decision.model === name).map(predictionKey));
}

/**
 * The decisions to save with `state`: for each offered prediction span (one the person
 * saw pending, or decided before), `accepted` when the state has it as the person's own
 * span, `rejected` when it has it no more, nothing while it is still pending. Stored
 * decisions about other models or spans no prediction offers now are kept as they were.
 * In reading order, one per model and span.
 */
export function collectDecisions(options: {
  readonly predictions: readonly OfferedPrediction[];
  /** `predictionKey`s the person was offered: pending when opened, or decided before. */
  readonly offered: ReadonlySet<string>;
  readonly state: DocumentState;
  readonly stored: readonly Decision[];
}): Decision[] {
  const { predictions, offered, state, stored } = options;
  const pending = new Set(state.spans.filter(isPending).map(predictionKey));
  const own = new Set(state.spans.filter((span) => !isPending(span)).map(predictionKey));
  const byKey = new Map<string, Decision>();
  for (const decision of stored) byKey.set(decisionKey(decision), decision);
  for (const prediction of predictions) {
    for (const span of prediction.spans) {
      const key = predictionKey(span);
      if (!offered.has(key)) continue;
      const at = decisionKey({ ...span, model: prediction.model });
      if (pending.has(key)) {
        byKey.delete(at);
        continue;
      }
      byKey.set(at, {
        start: span.start,
        end: span.end,
        label: span.label,
        model: prediction.model,
        model_version: prediction.modelVersion,
        decision: own.has(key) ? 'accepted' : 'rejected',
      });
    }
  }
  return [...byKey.values()].sort(
    (a, b) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) || (a.model < b.model ? -1 : 1),
  );
}

/**
 * What an editor keeps to save its decisions: the predictions it offered, the keys of
 * their spans the person was offered, the decisions the server has. Decisions are sent
 * only to a server that has shown it keeps them (its annotation objects carry
 * `decisions`); to another one nothing is sent, and it keeps what it has.
 */
export class DecisionBook {
  private predictions: readonly OfferedPrediction[] = [];
  private readonly offered = new Set<string>();
  private stored: readonly Decision[] = [];
  private known = false;

  /** On opening (and again when the stored annotation is reloaded after a conflict). */
  opened(options: {
    readonly annotations: readonly { readonly decisions?: unknown }[];
    readonly predictions: readonly OfferedPrediction[];
    /** The keys offered now: pending, or decided before. */
    readonly offered: Iterable<string>;
    readonly stored: readonly Decision[];
  }): void {
    this.known ||= options.annotations.some((annotation) => Array.isArray(annotation.decisions));
    this.predictions = options.predictions;
    for (const key of options.offered) this.offered.add(key);
    this.stored = options.stored;
  }

  /** After a save: the decisions the server keeps now. */
  saved(answer: { readonly decisions?: unknown }): void {
    if (!Array.isArray(answer.decisions)) return;
    this.known = true;
    this.stored = readDecisions(answer.decisions);
  }

  /** The decisions to send with `state`, or undefined: none to send. */
  collect(state: DocumentState): Decision[] | undefined {
    if (!this.known || (this.predictions.length === 0 && this.stored.length === 0)) return undefined;
    return collectDecisions({ predictions: this.predictions, offered: this.offered, state, stored: this.stored });
  }
}
