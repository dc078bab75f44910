/**
 * Typed client for the REST API v1 endpoints the editor uses. The browser is logged
 * in through Django's session, so requests carry the session cookie
 * (`credentials: 'same-origin'`) and every unsafe method carries the CSRF token
 * Django expects in `X-CSRFToken`.
 */
import type {
  AnnotationPutBody,
  ApiAnnotation,
  ApiAssignmentFigures,
  ApiDocument,
  ApiDocumentWithAnnotations,
  ApiExport,
  ApiHistoryVersion,
  ApiId,
  ApiJob,
  ApiModelEntry,
  ApiProject,
  ApiProgress,
  ApiSkip,
  ApiStats,
  ApiThread,
  ExportStart,
  GoldPutBody,
  Page,
  RestoreBody,
} from './types';

/** Any answer outside 2xx; `body` is the parsed JSON error body (or its text). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly url: string,
  ) {
    super(`${status} from ${url}: ${summarize(body)}`);
    this.name = 'ApiError';
  }
}

/** 400: the body names each refused field, e.g. `{"spans": {"3": {"end": [...]}}}`. */
export class ValidationError extends ApiError {
  constructor(body: unknown, url: string) {
    super(400, body, url);
    this.name = 'ValidationError';
  }
}

/** 409: someone saved this annotation since it was loaded; nothing was changed. */
export class ConflictError extends ApiError {
  constructor(body: unknown, url: string) {
    super(409, body, url);
    this.name = 'ConflictError';
  }
}

function summarize(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 200);
  if (body && typeof body === 'object' && 'detail' in body) return String((body as { detail: unknown }).detail);
  return JSON.stringify(body)?.slice(0, 200) ?? '';
}

/** Value of one cookie from a `document.cookie` string, or null. */
export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) return decodeURIComponent(part.slice(separator + 1).trim());
  }
  return null;
}

function csrfFromCookie(): string | null {
  return typeof document === 'undefined' ? null : readCookie(document.cookie, 'csrftoken');
}

export interface ApiClientOptions {
  /** Prefix of every path; the contract puts the API under /api/v1/. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** Where the CSRF token comes from; Django's `csrftoken` cookie by default. */
  readonly csrfToken?: () => string | null;
}

export interface ApiClient {
  getDocument(id: ApiId): Promise<ApiDocument>;
  /** The document and every annotation of it the caller may see, in one request (`?include=annotations`). */
  getDocumentWithAnnotations(id: ApiId): Promise<ApiDocumentWithAnnotations>;
  /** Every annotation of the document the caller may see, all pages. */
  listAnnotations(documentId: ApiId): Promise<ApiAnnotation[]>;
  /** Saves the caller's annotation whole; ConflictError on a stale version. */
  saveMyAnnotation(documentId: ApiId, body: AnnotationPutBody): Promise<ApiAnnotation>;
  getProject(id: ApiId): Promise<ApiProject>;
  /** Saves the document's gold annotation whole (reviewer); the document becomes gold. */
  saveGold(documentId: ApiId, body: GoldPutBody): Promise<ApiAnnotation>;
  getStats(projectId: ApiId): Promise<ApiStats>;
  /** The first page of the project's jobs, newest first. */
  listJobs(projectId: ApiId, pageSize?: number): Promise<Page<ApiJob>>;
  getJob(id: ApiId): Promise<ApiJob>;
  cancelJob(id: ApiId): Promise<ApiJob>;
  /** Pre-labels every document without a current prediction (manager). */
  startPrelabel(projectId: ApiId): Promise<ApiJob>;
  startExport(projectId: ApiId, body: ExportStart): Promise<ApiExport>;
  /** The first page of the project's exports, newest first. */
  listExports(projectId: ApiId, pageSize?: number): Promise<Page<ApiExport>>;
  /** Assigned and done documents per annotator (optional: clients without it show no assignments). */
  listAssignments?(projectId: ApiId): Promise<readonly ApiAssignmentFigures[]>;
}

/** An annotation's history (the editor's and the review page's History panel). */
export interface HistoryApi {
  /**
   * One page of an annotation's versions, newest first: the first page, or the page at
   * `next` (the URL a page gives for the one after it).
   */
  listHistory(documentId: ApiId, annotationId: ApiId, next?: string | null): Promise<Page<ApiHistoryVersion>>;
  /** Writes version `body.version`'s content as a new version; ConflictError when `current_version` is stale. */
  restoreVersion(documentId: ApiId, annotationId: ApiId, body: RestoreBody): Promise<ApiAnnotation>;
}

/** A document's comment threads and the caller's skip of it (the editor's and the review page's Comments panel). */
export interface TeamApi {
  /** The document's threads, oldest first (the first page: up to the API's page size). */
  listThreads(documentId: ApiId): Promise<Page<ApiThread>>;
  openThread(documentId: ApiId, body: { body: string; flag?: boolean }): Promise<ApiThread>;
  replyThread(documentId: ApiId, threadId: ApiId, body: string): Promise<ApiThread>;
  resolveThread(documentId: ApiId, threadId: ApiId, resolved: boolean): Promise<ApiThread>;
  getSkip(documentId: ApiId): Promise<ApiSkip>;
  skipDocument(documentId: ApiId, reason: string): Promise<ApiSkip>;
  unskipDocument(documentId: ApiId): Promise<ApiSkip>;
  /** My counts in the project and, around the document, its position and my previous and next documents. */
  getProgress(projectId: ApiId, documentId: ApiId): Promise<ApiProgress>;
}

/** A project's models (the dashboard's comparison of versions on gold). */
export interface ModelsApi {
  /** The base pipeline, then the versions trained here (`GET projects/{id}/models/`). */
  listModels(projectId: ApiId): Promise<readonly ApiModelEntry[]>;
  /** Runs `model` on every gold document (manager); 400 when there is no gold. */
  startEvaluate(projectId: ApiId, model: string): Promise<ApiJob>;
  /** Makes the model labelled `base` or `v3` the project's default (manager). */
  promoteModel?(projectId: ApiId, label: string): Promise<ApiModelEntry>;
  /** Deletes a trained version and its files (manager). */
  deleteModel?(projectId: ApiId, label: string): Promise<null>;
}

/** What the editor uses. */
export type EditorClient = ApiClient & HistoryApi;

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Guards against a server whose `next` links loop. */
const MAX_PAGES = 100;

export function createApiClient(options: ApiClientOptions = {}): EditorClient & TeamApi & ModelsApi {
  const baseUrl = options.baseUrl ?? '/api/v1/';
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const csrfToken = options.csrfToken ?? csrfFromCookie;

  const path = (...parts: (string | ApiId)[]) =>
    `${baseUrl}${parts.map((part) => encodeURIComponent(String(part))).join('/')}/`;

  async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (UNSAFE_METHODS.has(method)) {
      const token = csrfToken();
      if (token) headers['X-CSRFToken'] = token;
    }
    const response = await doFetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // Not JSON (an HTML error page from a proxy, say): keep the text for the message.
    }
    if (response.ok) {
      if (typeof parsed === 'string') throw new ApiError(response.status, 'expected a JSON answer', url);
      return parsed as T;
    }
    if (response.status === 400) throw new ValidationError(parsed, url);
    if (response.status === 409) throw new ConflictError(parsed, url);
    throw new ApiError(response.status, parsed, url);
  }

  return {
    getDocument: (id) => request<ApiDocument>('GET', path('documents', id)),
    getDocumentWithAnnotations: (id) =>
      request<ApiDocumentWithAnnotations>('GET', `${path('documents', id)}?include=annotations`),
    getProject: (id) => request<ApiProject>('GET', path('projects', id)),
    listHistory: (documentId, annotationId, next) =>
      request<Page<ApiHistoryVersion>>('GET', next ?? path('documents', documentId, 'annotations', annotationId, 'history')),
    restoreVersion: (documentId, annotationId, body) =>
      request<ApiAnnotation>('POST', path('documents', documentId, 'annotations', annotationId, 'restore'), body),
    saveMyAnnotation: (documentId, body) =>
      request<ApiAnnotation>('PUT', `${path('documents', documentId, 'annotations')}mine/`, body),
    saveGold: (documentId, body) => request<ApiAnnotation>('PUT', path('documents', documentId, 'gold'), body),
    getStats: (projectId) => request<ApiStats>('GET', path('projects', projectId, 'stats')),
    listJobs: (projectId, pageSize = 10) => request<Page<ApiJob>>('GET', `${path('projects', projectId, 'jobs')}?page_size=${pageSize}`),
    getJob: (id) => request<ApiJob>('GET', path('jobs', id)),
    cancelJob: (id) => request<ApiJob>('POST', path('jobs', id, 'cancel')),
    startPrelabel: (projectId) => request<ApiJob>('POST', path('projects', projectId, 'prelabel'), {}),
    listModels: async (projectId) => (await request<Page<ApiModelEntry>>('GET', path('projects', projectId, 'models'))).results,
    startEvaluate: (projectId, model) => request<ApiJob>('POST', path('projects', projectId, 'evaluate'), { model }),
    promoteModel: (projectId, label) => request<ApiModelEntry>('POST', path('projects', projectId, 'models', label, 'promote')),
    deleteModel: (projectId, label) => request<null>('DELETE', path('projects', projectId, 'models', label)),
    startExport: (projectId, body) => request<ApiExport>('POST', path('projects', projectId, 'exports'), body),
    listAssignments: (projectId) => request<ApiAssignmentFigures[]>('GET', path('projects', projectId, 'assignments')),
    listExports: (projectId, pageSize = 10) =>
      request<Page<ApiExport>>('GET', `${path('projects', projectId, 'exports')}?page_size=${pageSize}`),
    listThreads: (documentId) => request<Page<ApiThread>>('GET', path('documents', documentId, 'threads')),
    openThread: (documentId, body) => request<ApiThread>('POST', path('documents', documentId, 'threads'), body),
    replyThread: (documentId, threadId, body) =>
      request<ApiThread>('POST', path('documents', documentId, 'threads', threadId, 'comments'), { body }),
    resolveThread: (documentId, threadId, resolved) =>
      request<ApiThread>('POST', path('documents', documentId, 'threads', threadId, 'resolve'), { resolved }),
    getSkip: (documentId) => request<ApiSkip>('GET', path('documents', documentId, 'skip')),
    skipDocument: (documentId, reason) => request<ApiSkip>('POST', path('documents', documentId, 'skip'), { reason }),
    getProgress: (projectId, documentId) =>
      request<ApiProgress>('GET', `${path('projects', projectId, 'progress')}?document=${encodeURIComponent(String(documentId))}`),
    unskipDocument: (documentId) => request<ApiSkip>('POST', path('documents', documentId, 'skip', 'undo')),
    async listAnnotations(documentId) {
      // The contract pages lists as {results, next}; a bare list is taken as is.
      let url: string | null = path('documents', documentId, 'annotations');
      const annotations: ApiAnnotation[] = [];
      for (let page = 0; url !== null; page++) {
        if (page === MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages of annotations at ${url}`);
        const answer: ApiAnnotation[] | Page<ApiAnnotation> = await request('GET', url);
        if (Array.isArray(answer)) return [...annotations, ...answer];
        annotations.push(...answer.results);
        url = answer.next ?? null;
      }
      return annotations;
    },
  };
}
