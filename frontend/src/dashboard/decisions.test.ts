import { describe, expect, it } from 'vitest';
import { decisionRows, type ApiReviewDecisions } from './decisions';

describe('decisionRows', () => {
  const decisions: ApiReviewDecisions = {
    'sm@3.7.0': {
      accepted: 1, rejected: 2, accept_rate: 0.3333, documents: 1,
      per_label: { GPE: { accepted: 0, rejected: 2, accept_rate: 0 }, PERSON: { accepted: 1, rejected: 0, accept_rate: 1 } },
    },
    'sm@3.8.0': { accepted: 199, rejected: 1, accept_rate: 0.995, documents: 40, per_label: { ORG: { accepted: 199, rejected: 1, accept_rate: 0.995 } } },
  };

  it('has a row per label, then the model total, with counts and the accept rate in percent', () => {
    expect(decisionRows(decisions)).toEqual([
      ['sm@3.7.0', 'GPE', '0', '2', '0%'],
      ['sm@3.7.0', 'PERSON', '1', '0', '100%'],
      ['sm@3.7.0', 'all labels', '1', '2', '33%'],
      ['sm@3.8.0', 'ORG', '199', '1', '100%'],
      ['sm@3.8.0', 'all labels', '199', '1', '100%'],
    ]);
  });

  it('has nothing for a server without decisions, and a dash when nothing was decided', () => {
    expect(decisionRows(undefined)).toEqual([]);
    expect(decisionRows({})).toEqual([]);
    expect(decisionRows({ 'm@1': { accepted: 0, rejected: 0, accept_rate: 0, documents: 0, per_label: {} } })).toEqual([
      ['m@1', 'all labels', '0', '0', '–'],
    ]);
  });
});
