import { describe, expect, it } from 'vitest';
import { assignmentRows } from './assignments';

describe('assignmentRows', () => {
  it('gives each annotator assigned, done and a whole percent', () => {
    expect(assignmentRows([
      { username: 'alice', role: 'annotator', assigned: 3, done: 1, open: 2 },
      { username: 'bob', role: 'reviewer', assigned: 0, done: 0, open: 0 },
      { username: 'dave', role: null, assigned: 2, done: 2, open: 0 },
    ])).toEqual([
      { username: 'alice', note: '', assigned: 3, done: 1, percent: 33, count: '1 / 3' },
      { username: 'bob', note: '(reviewer)', assigned: 0, done: 0, percent: 0, count: '0 / 0' },
      { username: 'dave', note: '(left the project)', assigned: 2, done: 2, percent: 100, count: '2 / 2' },
    ]);
  });
});
