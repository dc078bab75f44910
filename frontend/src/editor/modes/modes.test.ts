import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../api/client';
import type { ApiAnnotation, GoldPutBody } from '../../api/types';
import { AnnotateMode } from './annotate';
import { ReviewMode } from './review';

const at = new Date(2026, 0, 2, 10, 30);
const time = at.toLocaleTimeString();

const annotation = (kind: ApiAnnotation['kind'], author: string | null, status: ApiAnnotation['status'], version = 1): ApiAnnotation => ({
  id: version,
  kind,
  author,
  model: kind === 'prediction' ? 'sm' : null,
  status,
  version,
  updated_at: '2026-01-01T00:00:00Z',
  spans: [{ id: 1, start: 0, end: 3, label: 'PER', text: 'Ann' }],
  relations: [],
});

describe('the annotate mode', () => {
  const mode = new AnnotateMode('alice', false);

  it('keeps its copy and rejections under the person, and saves by itself', () => {
    expect(mode.storeName).toBe('alice');
    expect(mode.remembersRejections).toBe(true);
    expect(mode.saving()).toEqual({});
    expect(mode.keymapOptions()).toEqual({});
  });

  it('opens my own annotation, not someone else\'s', () => {
    const opened = mode.open([annotation('prediction', null, 'submitted'), annotation('annotation', 'bob', 'draft', 7), annotation('annotation', 'alice', 'draft', 4)], new Set());
    expect(opened.ok && opened.value.version).toBe(4);
  });

  it('words the save states as drafts and submissions', () => {
    expect(mode.statusText({ kind: 'saved', version: undefined, submitted: false, at: null })).toBe('No changes yet');
    expect(mode.statusText({ kind: 'saved', version: 3, submitted: false, at })).toBe(`Draft saved at ${time} · v3`);
    expect(mode.statusText({ kind: 'saved', version: 4, submitted: true, at: null })).toBe('Submitted · v4');
    expect(mode.statusText({ kind: 'dirty' })).toBe('Unsaved changes');
    expect(mode.statusText({ kind: 'saving', submit: false })).toBe('Saving…');
    expect(mode.statusText({ kind: 'saving', submit: true })).toBe('Submitting…');
  });
});

describe('the review mode', () => {
  const mode = new ReviewMode('bob', '/projects/3/review/');

  it('keeps its copy apart from the reviewer\'s own work, and never saves by itself', () => {
    expect(mode.storeName).toBe('review:bob');
    expect(mode.remembersRejections).toBe(false);
    expect(mode.rules).toEqual({ replaceOnAccept: true });
    expect(mode.saving({} as ApiClient).autosave).toBe(false);
  });

  it('saves gold, without the submit flag, with the version it started from', async () => {
    const golds: GoldPutBody[] = [];
    const client = { saveGold: async (_id: unknown, body: GoldPutBody) => (golds.push(body), annotation('gold', 'bob', 'submitted', 2)) } as unknown as ApiClient;
    const { put } = mode.saving(client);
    const spans = [{ id: 'n1', start: 0, end: 3, label: 'PER' }];
    await put!('42', { spans, relations: [], submit: true });
    await put!('42', { spans, relations: [], version: 2, submit: true });
    expect(golds).toEqual([{ spans, relations: [] }, { spans, relations: [], version: 2 }]);
  });

  it('opens the saved gold as a submitted draft and binds a key per version', () => {
    const opened = mode.open([annotation('prediction', null, 'submitted'), annotation('annotation', 'alice', 'submitted'), annotation('gold', 'carol', 'submitted', 5)]);
    expect(opened.ok && opened.value).toMatchObject({ version: 5, status: 'submitted' });
    expect(mode.keymapOptions()).toEqual({ versions: 3 });
  });

  it('words the save states as gold', () => {
    expect(mode.statusText({ kind: 'saved', version: undefined, submitted: false, at: null }, false)).toBe('Not gold yet');
    expect(mode.statusText({ kind: 'saved', version: 2, submitted: true, at }, true)).toBe(`Gold at ${time} · v2`);
    expect(mode.statusText({ kind: 'saved', version: undefined, submitted: true, at: null }, true)).toBe('Gold · v1');
    expect(mode.statusText({ kind: 'dirty' }, false)).toBe('Not gold yet');
    expect(mode.statusText({ kind: 'dirty' }, true)).toBe('Changed since marked gold');
    expect(mode.statusText({ kind: 'saving', submit: true }, false)).toBe('Marking gold…');
  });
});
