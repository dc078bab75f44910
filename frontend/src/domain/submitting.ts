/**
 * What submitting asks when suggestions are still pending. The default answer (the
 * focused button, taken by Enter) submits what the person reviewed and leaves the
 * pending suggestions out: a model's unreviewed pre-labels never become someone's work
 * by a reflex Ctrl+Enter, Enter. Accepting them all is a separate answer one has to
 * choose. Pure: the count in, the question and its answers out.
 */

export type SubmitAnswer = 'submitReviewed' | 'acceptAllAndSubmit';

export interface SubmitChoice {
  readonly answer: SubmitAnswer;
  readonly label: string;
  /** Focused when the question opens (Enter takes it); exactly one choice is. */
  readonly default: boolean;
}

export interface SubmitQuestion {
  readonly text: string;
  readonly choices: readonly SubmitChoice[];
}

/** The question before submitting (`annotate`) or marking gold (`review`); null: nothing is pending, no question. */
export function submitQuestion(pending: number, kind: 'annotate' | 'review'): SubmitQuestion | null {
  if (pending <= 0) return null;
  const them = pending === 1 ? 'it' : 'them';
  if (kind === 'review') {
    return {
      text: `${pending} suggestion${pending === 1 ? ' is' : 's are'} neither accepted nor rejected. Marking gold leaves ${them} out.`,
      choices: [{ answer: 'submitReviewed', label: 'Mark gold without them', default: true }],
    };
  }
  return {
    text:
      `${pending} prediction${pending === 1 ? ' is' : 's are'} neither accepted nor rejected. ` +
      `Submitting what you reviewed leaves ${them} out.`,
    choices: [
      { answer: 'submitReviewed', label: 'Submit what I reviewed', default: true },
      { answer: 'acceptAllAndSubmit', label: `Accept ${pending === 1 ? 'it' : `all ${pending}`} unreviewed and submit`, default: false },
    ],
  };
}
