// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { TeamApi } from '../api/client';
import type { ApiThread } from '../api/types';
import { TeamWork, watchActiveTime } from './teamwork';

function thread(id: number, body: string, flag = false, resolved = false): ApiThread {
  return {
    id, document: 42, author: 'alice', flag, resolved, resolved_by: resolved ? 'bob' : null, resolved_at: null,
    created_at: '2026-12-02T10:00:00Z', comments: [{ id: id * 10, author: 'alice', body, created_at: '2026-12-02T10:00:00Z' }],
  };
}

function fakeApi(): TeamApi & { calls: string[] } {
  const calls: string[] = [];
  let next = 2;
  return {
    calls,
    listThreads: async () => ({ count: 1, next: null, previous: null, results: [thread(1, 'Is 北京 a GPE?')] }),
    openThread: async (_id, body) => {
      calls.push(`open ${body.body} flag=${body.flag}`);
      return thread(next++, body.body, body.flag ?? false);
    },
    replyThread: async (_id, threadId, body) => {
      calls.push(`reply ${threadId} ${body}`);
      return { ...thread(1, 'Is 北京 a GPE?'), comments: [...thread(1, 'Is 北京 a GPE?').comments, { id: 11, author: 'bob', body, created_at: '2026-12-02T10:01:00Z' }] };
    },
    resolveThread: async (_id, threadId, resolved) => {
      calls.push(`resolve ${threadId} ${resolved}`);
      return thread(Number(threadId), "Is 北京 a GPE?", false, resolved);
    },
    getSkip: async () => ({ document: 42, skipped: false, reason: '' }),
    skipDocument: async (_id, reason) => {
      calls.push(`skip ${reason}`);
      return { document: 42, skipped: true, reason };
    },
    unskipDocument: async () => ({ document: 42, skipped: false, reason: '' }),
    getProgress: async () => ({ done: 11, drafts: 1, skipped: 1, remaining: 28, done_today: 3, position: 12, total: 40, previous: 41, next: null }),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function mounted(annotating = true) {
  const api = fakeApi();
  const navigate = vi.fn();
  const team = new TeamWork({ doc: document, api, documentId: '42', projectId: '3', annotating, nextUrl: '/projects/3/next/', report: vi.fn(), navigate });
  document.body.replaceChildren(team.panel.element, ...(team.bar ? [team.bar.element] : []));
  await team.load();
  return { api, navigate, team };
}

function click(selector: string) {
  (document.querySelector(selector) as HTMLElement).click();
}

describe('TeamWork', () => {
  it('shows my place in the queue and links Previous and Next over my work', async () => {
    await mounted();
    expect(document.querySelector('.workbar__progress')?.textContent).toBe('Document 12 of 40 · 28 left · 3 done today');
    expect(document.querySelector('[data-action="previous"]')?.getAttribute('href')).toBe('/documents/41/annotate/');
    // Past my last document, Next goes on in my queue.
    expect(document.querySelector('[data-action="next"]')?.getAttribute('href')).toBe('/projects/3/next/');
    expect(document.querySelector('[data-action="my-work"]')?.getAttribute('href')).toBe('/projects/3/my-work/');
  });

  it('lists the threads and says how many are open', async () => {
    await mounted();
    expect(document.querySelector('.panel--threads .panel__count')?.textContent).toBe('1 open');
    expect(document.querySelector('.comment__body')?.textContent).toBe('Is 北京 a GPE?');
  });

  it('flags the document with the reason typed, and shows the flag first', async () => {
    const { api } = await mounted();
    click('[data-action="flag"]');
    const reason = document.querySelector('.workbar__reason') as HTMLTextAreaElement;
    reason.value = 'Two ORGs overlap here';
    (document.querySelector('.workbar__ask') as HTMLFormElement).requestSubmit();
    await settle();
    expect(api.calls).toEqual(['open Two ORGs overlap here flag=true']);
    const first = document.querySelector('.thread') as HTMLElement;
    expect(first.classList.contains('thread--flag')).toBe(true);
    expect(document.querySelector('.panel--threads .panel__count')?.textContent).toBe('2 open · 1 flagged');
  });

  it('skips with an optional reason, then goes on to the next document', async () => {
    const { api, navigate } = await mounted();
    click('[data-action="skip"]');
    (document.querySelector('.workbar__ask') as HTMLFormElement).requestSubmit();
    await settle();
    expect(api.calls).toEqual(['skip ']);
    expect(navigate).toHaveBeenCalledWith('/projects/3/next/');
  });

  it('replies and resolves; the review page has comments but no Skip', async () => {
    const { api } = await mounted(false);
    expect(document.querySelector('[data-action="skip"]')).toBeNull();
    const box = document.querySelector('.thread__reply-body') as HTMLTextAreaElement;
    box.value = 'Yes, GPE.';
    (document.querySelector('.thread__reply') as HTMLFormElement).requestSubmit();
    await settle();
    click('[data-action="resolve"]');
    await settle();
    expect(api.calls).toEqual(['reply 1 Yes, GPE.', 'resolve 1 true']);
    expect(document.querySelector('.panel--threads .panel__count')?.textContent).toBe('all resolved');
  });
});

describe('watchActiveTime', () => {
  it('counts from the page events on the given clock', () => {
    let now = 0;
    const controller = new AbortController();
    const time = watchActiveTime(document, controller.signal, () => now);
    now = 5_000;
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    now = 20_000;
    expect(time.take()).toBe(15_000);
    controller.abort();
    now = 30_000;
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    now = 100_000;
    // Counted until 60 s after the keydown at 5 s; the one at 30 s came after the listeners were removed.
    expect(time.take()).toBe(45_000);
  });
});
