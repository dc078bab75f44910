import { describe, expect, it, vi } from 'vitest';
import { ApiError, ConflictError, createApiClient, readCookie, ValidationError } from './client';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(answers: { status: number; body: unknown }[]) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const answer = answers.shift() ?? { status: 500, body: 'no answer left' };
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return new Response(text, { status: answer.status });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const headers = (call: Call | undefined) => (call?.init.headers ?? {}) as Record<string, string>;

describe('readCookie', () => {
  it('finds a cookie among others and decodes it', () => {
    expect(readCookie('sessionid=abc; csrftoken=t%3Dk; x=1', 'csrftoken')).toBe('t=k');
    expect(readCookie('csrftoken=first', 'csrftoken')).toBe('first');
  });

  it('returns null when absent, and does not match a cookie by suffix', () => {
    expect(readCookie('', 'csrftoken')).toBeNull();
    expect(readCookie('xcsrftoken=1; flag', 'csrftoken')).toBeNull();
  });
});

describe('createApiClient', () => {
  it('gets a document from /api/v1/ with the session cookie and no CSRF header', async () => {
    const { fetch, calls } = fakeFetch([{ status: 200, body: { id: 5, text: 'hi' } }]);
    const client = createApiClient({ fetch, csrfToken: () => 'tok' });
    expect(await client.getDocument(5)).toEqual({ id: 5, text: 'hi' });
    expect(calls[0]?.url).toBe('/api/v1/documents/5/');
    expect(calls[0]?.init).toMatchObject({ method: 'GET', credentials: 'same-origin' });
    expect(headers(calls[0])['X-CSRFToken']).toBeUndefined();
    expect(headers(calls[0]).Accept).toBe('application/json');
  });

  it('gets a document with its annotations in one request', async () => {
    const answer = { id: 5, text: 'hi', annotations: [{ id: 1, kind: 'prediction' }] };
    const { fetch, calls } = fakeFetch([{ status: 200, body: answer }]);
    expect(await createApiClient({ fetch }).getDocumentWithAnnotations(5)).toEqual(answer);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('/api/v1/documents/5/?include=annotations');
    expect(calls[0]?.init.method).toBe('GET');
  });

  it('gets a project', async () => {
    const { fetch, calls } = fakeFetch([{ status: 200, body: { id: 2, allow_overlap: false } }]);
    await createApiClient({ fetch }).getProject(2);
    expect(calls[0]?.url).toBe('/api/v1/projects/2/');
  });

  it('puts the annotation as JSON with the CSRF token', async () => {
    const { fetch, calls } = fakeFetch([{ status: 200, body: { id: 1, version: 2 } }]);
    const client = createApiClient({ fetch, csrfToken: () => 'tok' });
    const body = { spans: [{ id: 'a', start: 0, end: 1, label: 'X' }], relations: [], version: 1, submit: false };
    expect(await client.saveMyAnnotation(9, body)).toEqual({ id: 1, version: 2 });
    expect(calls[0]?.url).toBe('/api/v1/documents/9/annotations/mine/');
    expect(calls[0]?.init.method).toBe('PUT');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual(body);
    expect(headers(calls[0])).toMatchObject({ 'X-CSRFToken': 'tok', 'Content-Type': 'application/json' });
  });

  it('sends no CSRF header when there is no token', async () => {
    const { fetch, calls } = fakeFetch([{ status: 200, body: {} }]);
    await createApiClient({ fetch, csrfToken: () => null }).saveMyAnnotation(1, { spans: [], relations: [], submit: false });
    expect(headers(calls[0])['X-CSRFToken']).toBeUndefined();
  });

  it('honours another base URL and escapes ids', async () => {
    const { fetch, calls } = fakeFetch([{ status: 200, body: {} }]);
    await createApiClient({ fetch, baseUrl: '/sub/api/v1/' }).getDocument('a/b');
    expect(calls[0]?.url).toBe('/sub/api/v1/documents/a%2Fb/');
  });

  it('follows the pages of annotations', async () => {
    const { fetch, calls } = fakeFetch([
      { status: 200, body: { results: [{ id: 1 }], next: '/api/v1/documents/3/annotations/?page=2' } },
      { status: 200, body: { results: [{ id: 2 }], next: null, count: 2 } },
    ]);
    const annotations = await createApiClient({ fetch }).listAnnotations(3);
    expect(annotations.map((a) => a.id)).toEqual([1, 2]);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/documents/3/annotations/', '/api/v1/documents/3/annotations/?page=2']);
  });

  it('accepts a bare list of annotations', async () => {
    const { fetch } = fakeFetch([{ status: 200, body: [{ id: 1 }, { id: 2 }] }]);
    expect(await createApiClient({ fetch }).listAnnotations(3)).toHaveLength(2);
  });

  it('stops on pages that loop', async () => {
    const loop = { status: 200, body: { results: [], next: '/again/' } };
    const { fetch } = fakeFetch(Array.from({ length: 101 }, () => ({ ...loop })));
    await expect(createApiClient({ fetch }).listAnnotations(3)).rejects.toThrow(/more than 100 pages/);
  });

  it('throws ValidationError with the body on 400', async () => {
    const body = { spans: { '0': { end: ['outside the text'] } } };
    const { fetch } = fakeFetch([{ status: 400, body }]);
    const error = await createApiClient({ fetch }).saveMyAnnotation(1, { spans: [], relations: [], submit: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ValidationError).body).toEqual(body);
    expect((error as ValidationError).status).toBe(400);
  });

  it('throws ConflictError on 409', async () => {
    const { fetch } = fakeFetch([{ status: 409, body: { detail: 'stale version', version: 5 } }]);
    const error = await createApiClient({ fetch }).saveMyAnnotation(1, { spans: [], relations: [], version: 4, submit: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toBe('409 from /api/v1/documents/1/annotations/mine/: stale version');
    expect((error as ConflictError).body).toEqual({ detail: 'stale version', version: 5 });
  });

  it('gets an annotation\'s history, then the page its `next` names', async () => {
    const version = { version: 2, author: 'alice', created_at: '2026-12-02T10:00:00Z', source: 'editor', spans: [], relations: [] };
    const next = 'http://testserver/api/v1/documents/9/annotations/4/history/?page=2';
    const { fetch, calls } = fakeFetch([
      { status: 200, body: { count: 2, next, previous: null, results: [version] } },
      { status: 200, body: { count: 2, next: null, previous: null, results: [{ ...version, version: 1 }] } },
    ]);
    const client = createApiClient({ fetch, csrfToken: () => 'tok' });
    const first = await client.listHistory(9, 4);
    expect(first.results).toEqual([version]);
    expect(first.next).toBe(next);
    await client.listHistory(9, 4, first.next);
    expect(calls.map((call) => [call.init.method, call.url])).toEqual([
      ['GET', '/api/v1/documents/9/annotations/4/history/'],
      ['GET', next],
    ]);
    expect(headers(calls[0])['X-CSRFToken']).toBeUndefined();
  });

  it('restores a version with the version held, as JSON with the CSRF token; a stale one is a ConflictError', async () => {
    const { fetch, calls } = fakeFetch([
      { status: 200, body: { id: 4, version: 6 } },
      { status: 409, body: { detail: 'stale version' } },
    ]);
    const client = createApiClient({ fetch, csrfToken: () => 'tok' });
    expect(await client.restoreVersion(9, 4, { version: 2, current_version: 5 })).toEqual({ id: 4, version: 6 });
    expect(calls[0]?.url).toBe('/api/v1/documents/9/annotations/4/restore/');
    expect(calls[0]?.init.method).toBe('POST');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ version: 2, current_version: 5 });
    expect(headers(calls[0])).toMatchObject({ 'X-CSRFToken': 'tok', 'Content-Type': 'application/json' });
    const stale = await client.restoreVersion(9, 4, { version: 2, current_version: 5 }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConflictError);
  });

  it('throws ApiError on other failures, keeping a non-JSON body as text', async () => {
    const { fetch } = fakeFetch([
      { status: 404, body: { detail: 'Not found.' } },
      { status: 502, body: '<html>Bad gateway</html>' },
    ]);
    const client = createApiClient({ fetch });
    const notFound = await client.getDocument(1).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(ApiError);
    expect(notFound).not.toBeInstanceOf(ValidationError);
    expect((notFound as ApiError).status).toBe(404);
    const gateway = await client.getDocument(1).catch((e: unknown) => e);
    expect((gateway as ApiError).body).toBe('<html>Bad gateway</html>');
  });

  it('refuses a successful answer that is not JSON', async () => {
    const { fetch } = fakeFetch([{ status: 200, body: '<html>login</html>' }]);
    await expect(createApiClient({ fetch }).getDocument(1)).rejects.toThrow(/expected a JSON answer/);
  });
});
