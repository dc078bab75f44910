// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { EditorClient } from '../api/client';
import type { ApiAnnotation, ApiDocument, ApiProject, GoldPutBody } from '../api/types';
import type { KeyValueStore } from '../domain/localcopy';
import { mountEditor, type Editor } from './controller';

// Code points: Z0 o1 ë2 ␠3 😀4 ␠5 w6..10 ␠11 a12 t13 ␠14 A15 c16 m17 e18 .19 \r20 \n21 S22 h23 e24 ␠25 l26..30 ␠31 i32 n33 ␠34 東35 京36 .37
const text = 'Zoë 😀 works at Acme.\r\nShe lives in 東京.';
const tokens: [number, number][] = [[0, 3], [4, 5], [6, 11], [12, 14], [15, 19], [19, 20], [22, 25], [26, 31], [32, 34], [35, 37], [37, 38]];
const apiDocument: ApiDocument = { id: 42, project: 3, title: 'Review <i>me</i>', text, meta: {}, external_id: '', status: 'submitted', tokens };
const project: ApiProject = {
  id: 3,
  name: 'News',
  description: '',
  guidelines: '',
  guidelines_html: '',
  spacy_model: 'sm',
  label_map: {},
  allow_overlap: false,
  annotators_per_document: 1,
  prelabel_on_import: false, export_role: 'reviewer', queue_unassigned: true,
  entity_types: [
    { id: 1, name: 'PER', color: '#e91e63', hotkey: 'p', description: '' },
    { id: 2, name: 'ORG', color: '#3f51b5', hotkey: 'o', description: '' },
    { id: 3, name: 'LOC', color: '#009688', hotkey: 'l', description: '' },
  ],
  relation_types: [{ id: 1, name: 'works_for', color: '#795548', hotkey: '', head_types: ['PER'], child_types: ['ORG'], symmetric: false }],
};
const base = { status: 'submitted' as const, version: 1, updated_at: '2025-01-01T00:00:00Z', relations: [] };
const prediction: ApiAnnotation = {
  ...base,
  id: 1,
  kind: 'prediction',
  author: null,
  model: 'sm',
  spans: [
    { id: 1, start: 0, end: 3, label: 'PER', text: 'Zoë' },
    { id: 2, start: 15, end: 19, label: 'LOC', text: 'Acme' },
  ],
};
const alice: ApiAnnotation = {
  ...base,
  id: 2,
  kind: 'annotation',
  author: '<b>alice</b>',
  model: null,
  spans: [
    { id: 11, start: 0, end: 3, label: 'PER', text: 'Zoë' },
    { id: 12, start: 15, end: 19, label: 'ORG', text: 'Acme' },
    { id: 13, start: 35, end: 37, label: 'LOC', text: '東京' },
  ],
  relations: [{ id: 5, head: 11, child: 12, label: 'works_for' }],
};

function memoryStore(): KeyValueStore {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

const unused = () => Promise.reject(new Error('not used by the review view'));
let mounted: Editor | null = null;

async function setup(annotations: ApiAnnotation[]) {
  const golds: GoldPutBody[] = [];
  const mine: unknown[] = [];
  const client: EditorClient = {
    getDocument: unused,
    getDocumentWithAnnotations: async () => ({ ...apiDocument, annotations }),
    getProject: async () => project,
    listAnnotations: async () => annotations,
    saveMyAnnotation: async (_id, body) => {
      mine.push(body);
      throw new Error('the review view must not save the reviewer\'s own annotation');
    },
    saveGold: async (_id, body) => {
      golds.push(body);
      return { ...base, id: 9, kind: 'gold', author: 'bob', model: null, version: (body.version ?? 0) + 1, spans: [], relations: [] };
    },
    getStats: unused,
    listJobs: unused,
    getJob: unused,
    cancelJob: unused,
    startPrelabel: unused,
    startExport: unused,
    listExports: unused,
    listHistory: async () => ({ count: 0, next: null, previous: null, results: [] }),
    restoreVersion: unused,
  };
  const root = document.createElement('div');
  root.id = 'editor';
  Object.assign(root.dataset, { mode: 'review', documentId: '42', projectId: '3', user: 'bob', nextUrl: '/projects/3/review/next/', queueUrl: '/projects/3/review/' });
  document.body.replaceChildren(root);
  const editor = await mountEditor(root, client, { storage: memoryStore(), autosaveDelay: 1 });
  if (!editor) throw new Error(`review did not mount: ${root.textContent}`);
  mounted = editor;
  return { editor, root, golds, mine };
}

function press(key: string, modifiers: Partial<Pick<KeyboardEvent, 'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey'>> = {}) {
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...modifiers }));
  mounted?.flush();
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 5));
const points = Array.from(text);
const draft = (editor: Editor) =>
  editor.state.spans.map((span) => `${points.slice(span.start, span.end).join('')}:${span.label}${span.source === 'prediction' ? '?' : ''}`);
const rows = (root: HTMLElement) =>
  [...root.querySelectorAll('.diff-row')].map((row) => [row.querySelector('.diff-row__text')?.textContent, (row as HTMLElement).dataset.kind]);

afterEach(() => {
  mounted?.destroy();
  mounted = null;
  document.body.replaceChildren();
});

describe('the review view', () => {
  it('lists the versions and the differences, as text', async () => {
    const { root, editor } = await setup([prediction, alice]);
    expect(root.classList.contains('editor--review')).toBe(true);
    expect([...root.querySelectorAll('.version__name')].map((node) => node.textContent)).toEqual(['sm', '<b>alice</b>']);
    expect(root.querySelector('.review b')).toBeNull();
    expect([...root.querySelectorAll('.version kbd')].map((node) => node.textContent)).toEqual(['1', '2']);
    // No gold yet: every span of every version is a suggestion.
    expect(draft(editor)).toEqual(['Zoë:PER?', 'Acme:LOC?', 'Acme:ORG?', '東京:LOC?']);
    expect(rows(root)).toEqual([
      ['Acme', 'label'],
      ['東京', 'only'],
    ]);
    expect(root.querySelector('[data-action="submit"]')?.textContent).toBe('Mark gold');
    expect((root.querySelector('[data-action="save"]') as HTMLElement).hidden).toBe(true);
  });

  it('accepts a version with its number key, then one suggestion with Enter, and marks gold with Ctrl+Enter', async () => {
    const { root, editor, golds, mine } = await setup([prediction, alice]);
    press('2');
    expect(draft(editor)).toEqual(['Zoë:PER', 'Acme:LOC?', 'Acme:ORG', '東京:LOC']);
    expect(root.querySelector('.version[data-version="2"]')?.classList.contains('version--chosen')).toBe(true);
    expect(rows(root)).toEqual([
      ['Acme', 'label'],
      ['東京', 'only'],
    ]);
    await flush(); // no autosave in review
    expect(golds).toHaveLength(0);

    // Tab to the model's LOC suggestion on Acme: it says who suggested it and how it differs.
    const suggestion = editor.state.spans.find((span) => span.source === 'prediction')!;
    mounted!.dispatch({ type: 'selectSpan', id: suggestion.id });
    mounted!.flush();
    expect(root.querySelector('.selection-info')?.textContent).toContain('suggested by sm');
    expect(root.querySelector('.selection-info')?.textContent).toContain('another label than the draft');
    press('Enter');
    expect(draft(editor)).toEqual(['Zoë:PER', 'Acme:LOC', '東京:LOC']);
    // works_for (PER -> ORG) no longer fits a LOC child: dropped.
    expect(editor.state.relations).toEqual([]);

    press('z', { ctrlKey: true });
    expect(draft(editor)).toEqual(['Zoë:PER', 'Acme:LOC?', 'Acme:ORG', '東京:LOC']);
    press('Enter', { ctrlKey: true });
    // The model's LOC is still pending: marking gold asks first.
    expect(root.querySelector('.confirm__text')?.textContent).toContain('1 suggestion is neither accepted nor rejected');
    (root.querySelector('.confirm .btn--primary') as HTMLButtonElement).click();
    await flush();
    expect(golds).toHaveLength(1);
    expect(golds[0]).toEqual({
      spans: [
        { id: expect.any(String), start: 0, end: 3, label: 'PER' },
        { id: expect.any(String), start: 15, end: 19, label: 'ORG' },
        { id: expect.any(String), start: 35, end: 37, label: 'LOC' },
      ],
      relations: [{ head: golds[0]!.spans[0]!.id, child: golds[0]!.spans[1]!.id, label: 'works_for' }],
      version: 0, // no gold yet: "I expect none" (another reviewer's gold meanwhile gets 409)
    });
    expect('submit' in golds[0]!).toBe(false);
    expect(mine).toHaveLength(0);
    expect(root.querySelector('.banner--success')?.textContent).toContain('Marked gold');
    expect((root.querySelector('.banner--success a') as HTMLAnchorElement).getAttribute('href')).toBe('/projects/3/review/next/');
  });

  it('takes one reading from the table', async () => {
    const { root, editor } = await setup([prediction, alice]);
    press('2');
    const take = root.querySelector('.diff-row[data-kind="label"] .diff-cell[data-version="1"] .diff-cell__take') as HTMLButtonElement;
    take.click();
    mounted!.flush();
    expect(draft(editor)).toEqual(['Zoë:PER', 'Acme:LOC', '東京:LOC']);
    expect(root.querySelector('.diff-row[data-kind="label"] .diff-cell[data-version="1"]')?.classList.contains('diff-cell--chosen')).toBe(true);
  });

  it('single pass: accepts all pre-labels, then asks before leaving suggestions out of gold', async () => {
    const { root, editor, golds } = await setup([prediction]);
    expect(draft(editor)).toEqual(['Zoë:PER?', 'Acme:LOC?']);
    const zoe = editor.state.spans[0]!;
    mounted!.dispatch({ type: 'selectSpan', id: zoe.id });
    press('x'); // reject Zoë
    press('Enter', { ctrlKey: true });
    expect(root.querySelector('.confirm__text')?.textContent).toContain('1 suggestion is neither accepted nor rejected');
    (root.querySelector('.confirm .btn--primary') as HTMLButtonElement).click();
    await flush();
    expect(golds).toEqual([{ spans: [], relations: [], version: 0 }]);
  });

  it('saves the reviewer\'s decisions on the model\'s suggestions with the gold, and does not suggest them again', async () => {
    const withDecisions = (annotation: ApiAnnotation): ApiAnnotation => ({ ...annotation, decisions: [] });
    const { root, editor, golds } = await setup([withDecisions({ ...prediction, model_version: '3.8.0' }), withDecisions(alice)]);
    press('2'); // alice's version; the model's LOC on Acme stays a suggestion
    const suggestion = editor.state.spans.find((span) => span.source === 'prediction')!;
    mounted!.dispatch({ type: 'selectSpan', id: suggestion.id });
    press('x'); // rejected
    press('Enter', { ctrlKey: true });
    await flush();
    expect(root.querySelector('.banner--success')?.textContent).toContain('Marked gold');
    expect(golds[0]?.decisions).toEqual([
      { start: 0, end: 3, label: 'PER', model: 'sm', model_version: '3.8.0', decision: 'accepted' },
      { start: 15, end: 19, label: 'LOC', model: 'sm', model_version: '3.8.0', decision: 'rejected' },
    ]);
    // Opened again (any browser): the rejected suggestion is not pending.
    const gold: ApiAnnotation = { ...base, id: 3, kind: 'gold', author: 'bob', model: null, version: 1, decisions: golds[0]!.decisions!.map((d) => ({ ...d, model_version: d.model_version ?? '' })), spans: [{ id: 31, start: 0, end: 3, label: 'PER', text: 'Zoë' }] };
    mounted?.destroy();
    const again = await setup([withDecisions(prediction), withDecisions(alice), gold]);
    expect(draft(again.editor)).toEqual(['Zoë:PER', 'Acme:ORG?', '東京:LOC?']);
  });

  it('opens the saved gold as the draft and sends its version', async () => {
    const gold: ApiAnnotation = { ...base, id: 3, kind: 'gold', author: 'carol', model: null, version: 4, spans: [{ id: 31, start: 0, end: 3, label: 'PER', text: 'Zoë' }] };
    const { root, editor, golds } = await setup([prediction, alice, gold]);
    expect(draft(editor)).toEqual(['Zoë:PER', 'Acme:LOC?', 'Acme:ORG?', '東京:LOC?']);
    expect(root.querySelector('.banner')?.textContent).toContain('This document is gold (saved version 4)');
    expect([...root.querySelectorAll('.version__name')].map((node) => node.textContent)).toEqual(['sm', '<b>alice</b>', 'gold']);
    press('Enter', { ctrlKey: true });
    (root.querySelector('.confirm .btn--primary') as HTMLButtonElement).click();
    await flush();
    expect(golds[0]?.version).toBe(4);
  });
});
