import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, ConflictError, ValidationError } from '../api/client';
import type { AnnotationPutBody, ApiAnnotation } from '../api/types';
import type { DocumentState } from '../domain/edits';
import { describeValidation, Saver, type SaveStatus } from './saver';

const empty: DocumentState = { spans: [], relations: [] };
const oneSpan: DocumentState = { spans: [{ id: 'n1', start: 0, end: 3, label: 'PER', source: 'mine' }], relations: [] };
const twoSpans: DocumentState = {
  spans: [...oneSpan.spans, { id: 'p1', start: 5, end: 8, label: 'ORG', source: 'prediction' }],
  relations: [],
};

function answer(version: number, status: ApiAnnotation['status'] = 'draft'): ApiAnnotation {
  return { id: 1, kind: 'annotation', author: 'alice', model: null, status, version, updated_at: '', spans: [], relations: [] };
}

interface Harness {
  saver: Saver;
  statuses: SaveStatus[];
  bodies: AnnotationPutBody[];
  setState(state: DocumentState): void;
  answers: ((body: AnnotationPutBody) => Promise<ApiAnnotation>)[];
}

function harness(initial: { version?: number; submitted?: boolean } = {}): Harness {
  let state = empty;
  const statuses: SaveStatus[] = [];
  const bodies: AnnotationPutBody[] = [];
  const answers: Harness['answers'] = [];
  const client = {
    saveMyAnnotation: vi.fn(async (_id: unknown, body: AnnotationPutBody) => {
      bodies.push(body);
      const next = answers.shift();
      return next ? next(body) : answer((body.version ?? 0) + 1, body.submit ? 'submitted' : 'draft');
    }),
  };
  const saver = new Saver(
    { client, documentId: '7', getState: () => state, onStatus: (status) => statuses.push(status), autosaveDelay: 5000 },
    { version: initial.version, submitted: initial.submitted ?? false, state },
  );
  return { saver, statuses, bodies, answers, setState: (next) => (state = next) };
}

describe('Saver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves with the version it has, and takes the new one from the answer', async () => {
    const h = harness({ version: 3 });
    h.setState(twoSpans);
    expect(h.saver.dirty).toBe(true);
    expect(await h.saver.save({ submit: false })).toEqual({ ok: true });
    // Pending predictions are not sent.
    expect(h.bodies[0]).toEqual({ spans: [{ id: 'n1', start: 0, end: 3, label: 'PER' }], relations: [], version: 3, submit: false });
    expect(h.saver.version).toBe(4);
    expect(h.saver.dirty).toBe(false);
    expect(h.statuses.map((s) => s.kind)).toEqual(['saving', 'saved']);
  });

  it('sends version 0 the first time: it expects no annotation yet, so one saved meanwhile is a conflict', async () => {
    const h = harness();
    h.answers.push(async () => {
      throw new ConflictError({ detail: 'stale version' }, '/x');
    });
    h.setState(oneSpan);
    expect(await h.saver.save({ submit: false })).toEqual({ ok: false, conflict: true });
    expect(h.bodies[0]?.version).toBe(0);
    expect(h.statuses.at(-1)?.kind).toBe('conflict');
    expect(h.saver.dirty).toBe(true);
  });

  it('sends version 0 with a first submit, and the version answered after it', async () => {
    const h = harness();
    await h.saver.save({ submit: true });
    expect(h.bodies[0]?.version).toBe(0);
    expect(h.saver.submitted).toBe(true);
    await h.saver.save({ submit: true });
    expect(h.bodies[1]?.version).toBe(1);
  });

  it('autosaves a draft five seconds after the last edit, once', async () => {
    const h = harness({ version: 1 });
    h.setState(oneSpan);
    h.saver.changed();
    await vi.advanceTimersByTimeAsync(4000);
    h.setState(twoSpans);
    h.saver.changed(); // restarts the wait
    await vi.advanceTimersByTimeAsync(4000);
    expect(h.bodies).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.bodies).toHaveLength(1);
    expect(h.bodies[0]?.submit).toBe(false);
    await vi.advanceTimersByTimeAsync(20000);
    expect(h.bodies).toHaveLength(1);
  });

  it('keeps a submitted annotation submitted when autosaving', async () => {
    const h = harness({ version: 2, submitted: true });
    h.setState(oneSpan);
    h.saver.changed();
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.bodies[0]?.submit).toBe(true);
  });

  it('does not autosave when an undo returned to the saved state', async () => {
    const h = harness({ version: 1 });
    h.setState(oneSpan);
    h.saver.changed();
    h.setState(empty);
    h.saver.changed();
    await vi.advanceTimersByTimeAsync(10000);
    expect(h.bodies).toHaveLength(0);
    expect(h.statuses.at(-1)?.kind).toBe('saved');
  });

  it('runs saves one after another, the queued one with the newest state and version', async () => {
    const h = harness({ version: 1 });
    let release: () => void = () => undefined;
    h.answers.push((body) => new Promise((resolve) => (release = () => resolve(answer((body.version ?? 0) + 1)))));
    h.setState(oneSpan);
    const first = h.saver.save({ submit: false });
    h.setState(twoSpans);
    const second = h.saver.save({ submit: false });
    const third = h.saver.save({ submit: true });
    expect(h.bodies).toHaveLength(1);
    release();
    expect(await first).toEqual({ ok: true });
    expect(await second).toEqual({ ok: true });
    expect(await third).toEqual({ ok: true });
    expect(h.bodies).toHaveLength(2);
    expect(h.bodies[1]).toMatchObject({ version: 2, submit: true });
  });

  it('on a conflict keeps the edits, says so, and stops autosaving until resolved', async () => {
    const h = harness({ version: 1 });
    h.answers.push(async () => {
      throw new ConflictError({ detail: 'stale' }, '/x');
    });
    h.setState(oneSpan);
    expect(await h.saver.save({ submit: false })).toEqual({ ok: false, conflict: true });
    expect(h.statuses.at(-1)).toMatchObject({ kind: 'conflict' });
    expect(h.saver.inConflict).toBe(true);
    expect(h.saver.dirty).toBe(true);
    h.setState(twoSpans);
    h.saver.changed();
    await vi.advanceTimersByTimeAsync(10000);
    expect(h.bodies).toHaveLength(1);
    h.saver.resolve(5, empty);
    expect(h.saver.inConflict).toBe(false);
    await h.saver.save({ submit: false });
    expect(h.bodies[1]?.version).toBe(5);
  });

  it('reports refusals and failures with their reasons, keeping the state dirty', async () => {
    const h = harness({ version: 1 });
    h.answers.push(async () => {
      throw new ValidationError({ spans: { '0': { end: ['outside the text'] } } }, '/x');
    });
    h.answers.push(async () => {
      throw new ApiError(502, 'Bad gateway', '/x');
    });
    h.setState(oneSpan);
    await h.saver.save({ submit: false });
    expect(h.statuses.at(-1)).toEqual({ kind: 'error', message: 'Not saved, the server refused it: spans.0.end: outside the text' });
    await h.saver.save({ submit: false });
    expect(h.statuses.at(-1)).toMatchObject({ kind: 'error', message: expect.stringContaining('502') });
    expect(h.saver.dirty).toBe(true);
    expect(h.saver.version).toBe(1);
  });
});

describe('describeValidation', () => {
  it('names the fields of nested error bodies', () => {
    expect(describeValidation({ relations: [{ label: ['not allowed'] }] })).toEqual(['relations.0.label: not allowed']);
    expect(describeValidation({ detail: 'bad', errors: [{ field: 'spans[2].end', message: 'outside' }], spans: {} })).toEqual([
      'spans[2].end: outside',
    ]);
  });
});

describe('Saver with active time', () => {
  it('sends the active time taken since the last save, and gives it back when the save fails', async () => {
    let counted = 4200;
    const activeTime = {
      take: () => {
        const ms = counted;
        counted = 0;
        return ms;
      },
      giveBack: (ms: number) => {
        counted += ms;
      },
    };
    const bodies: AnnotationPutBody[] = [];
    let fail = true;
    const client = {
      saveMyAnnotation: vi.fn(async (_id: unknown, body: AnnotationPutBody) => {
        bodies.push(body);
        if (fail) throw new ApiError(500, 'down', '/x');
        return answer((body.version ?? 0) + 1);
      }),
    };
    const saver = new Saver(
      { client, documentId: '7', getState: () => oneSpan, onStatus: () => undefined, activeTime },
      { version: 2, submitted: false, state: empty },
    );
    expect((await saver.save({ submit: false })).ok).toBe(false);
    expect(counted).toBe(4200);
    fail = false;
    expect((await saver.save({ submit: false })).ok).toBe(true);
    expect(bodies.map((body) => body.active_ms)).toEqual([4200, 4200]);
    expect(counted).toBe(0);
    await saver.save({ submit: true });
    expect(bodies[2]).not.toHaveProperty('active_ms');
  });
});
