import { describe, expect, it } from 'vitest';
import { submitQuestion } from './submitting';

describe('submitQuestion', () => {
  it('asks nothing when nothing is pending', () => {
    expect(submitQuestion(0, 'annotate')).toBeNull();
    expect(submitQuestion(0, 'review')).toBeNull();
  });

  it('defaults to submitting what was reviewed; accepting the pending ones is the other, explicit answer', () => {
    const question = submitQuestion(3, 'annotate');
    expect(question?.text).toBe('3 predictions are neither accepted nor rejected. Submitting what you reviewed leaves them out.');
    expect(question?.choices).toEqual([
      { answer: 'submitReviewed', label: 'Submit what I reviewed', default: true },
      { answer: 'acceptAllAndSubmit', label: 'Accept all 3 unreviewed and submit', default: false },
    ]);
  });

  it('never makes taking the pending suggestions the default, whatever the count or mode', () => {
    for (const kind of ['annotate', 'review'] as const) {
      for (const pending of [1, 2, 50]) {
        const choices = submitQuestion(pending, kind)?.choices ?? [];
        expect(choices.filter((choice) => choice.default).map((choice) => choice.answer)).toEqual(['submitReviewed']);
      }
    }
  });

  it('marks gold without the suggestions in review', () => {
    expect(submitQuestion(1, 'review')).toEqual({
      text: '1 suggestion is neither accepted nor rejected. Marking gold leaves it out.',
      choices: [{ answer: 'submitReviewed', label: 'Mark gold without them', default: true }],
    });
  });

  it('words the question for one or several, in review and in annotation', () => {
    expect(submitQuestion(3, 'review')?.text).toBe(
      '3 suggestions are neither accepted nor rejected. Marking gold leaves them out.');
    expect(submitQuestion(1, 'annotate')).toEqual({
      text: '1 prediction is neither accepted nor rejected. Submitting what you reviewed leaves it out.',
      choices: [
        { answer: 'submitReviewed', label: 'Submit what I reviewed', default: true },
        { answer: 'acceptAllAndSubmit', label: 'Accept it unreviewed and submit', default: false },
      ],
    });
    expect(submitQuestion(4, 'annotate')?.text).toBe(
      '4 predictions are neither accepted nor rejected. Submitting what you reviewed leaves them out.');
    expect(submitQuestion(4, 'annotate')?.choices[1]?.label).toBe('Accept all 4 unreviewed and submit');
  });
});
