// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { findCuts } from '../domain/blocks';
import type { DocumentState } from '../domain/edits';
import { buildOffsetIndex } from '../domain/offsets';
import type { Span } from '../domain/spans';
import { TextView } from './textview';

// Astral characters (emoji), CJK, a combining mark and CRLF before the spans.
const text = 'Zoe\u0308 🎉 met 東京.\r\nMaria 😀 works at Oxfam in Nairobi.\r\n\r\nEnd 𝒳 here.';
const cp = (needle: string) => {
  const start = Array.from(text.slice(0, text.indexOf(needle))).length;
  return [start, start + Array.from(needle).length] as const;
};
const span = (id: string, needle: string, label = 'X', source: Span['source'] = 'mine'): Span => {
  const [start, end] = cp(needle);
  return { id, start, end, label, source };
};

// jsdom does no layout: give each mark a box from its offsets, on one line.
HTMLElement.prototype.getClientRects = function (this: HTMLElement) {
  const start = Number(this.dataset.start ?? 0);
  return [{ left: start * 8, top: 0, width: 40, height: 16, right: start * 8 + 40, bottom: 16 }] as unknown as DOMRectList;
};

function view(chunkSize = 8) {
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  const clicked: string[] = [];
  const textView = new TextView(root, {
    text,
    offsets: buildOffsetIndex(text),
    cuts: findCuts(text, { chunkSize }),
    colorOf: () => '#123456',
    relationColorOf: () => '#654321',
    scroller: null,
    onRelationClick: (id) => clicked.push(id),
  });
  const update = (state: DocumentState) => {
    const count = textView.update(state);
    textView.flushArcs();
    return count;
  };
  return { root, textView, clicked, update };
}

const drawn = (root: HTMLElement) => [...root.querySelectorAll('.block__text')].map((b) => b.textContent).join('');

describe('TextView', () => {
  const state: DocumentState = {
    spans: [span('tokyo', '東京', 'GPE'), span('oxfam', 'Oxfam', 'ORG'), span('nairobi', 'Nairobi', 'GPE', 'prediction')],
    relations: [{ id: 'r1', head: 'oxfam', child: 'nairobi', label: 'located_in' }],
  };

  it('draws exactly the text, in blocks per paragraph, with a mark per span', () => {
    const { root, update } = view();
    update(state);
    expect(drawn(root)).toBe(text);
    expect(root.querySelectorAll('.block')).toHaveLength(3);
    expect([...root.querySelectorAll('mark')].map((m) => [m.textContent, (m as HTMLElement).dataset.label])).toEqual([
      ['東京', 'GPE'],
      ['Oxfam', 'ORG'],
      ['Nairobi', 'GPE'],
    ]);
    expect(root.querySelector('mark.span--prediction')?.textContent).toBe('Nairobi');
    expect(root.querySelectorAll('svg .arc')).toHaveLength(1);
    expect(root.querySelector('svg .arc__label text')?.textContent).toBe('located_in');
  });

  it('redraws only the chunks whose spans changed', () => {
    const { root, textView } = view();
    textView.update(state);
    const before = [...root.querySelectorAll('.chunk')];
    const next: DocumentState = { ...state, spans: [...state.spans, span('end', '𝒳')] };
    expect(textView.update(next)).toBe(1);
    const after = [...root.querySelectorAll('.chunk')];
    expect(after.filter((chunk) => !before.includes(chunk))).toHaveLength(1);
    expect(drawn(root)).toBe(text);
    expect(textView.update(next)).toBe(0);
  });

  it('maps DOM positions to code-point offsets and back, across astral characters', () => {
    const { root, textView } = view();
    textView.update(state);
    const oxfam = [...root.querySelectorAll('mark')].find((m) => m.textContent === 'Oxfam') as HTMLElement;
    const node = oxfam.firstChild as Text;
    expect(textView.offsetAt(node, 0)).toBe(cp('Oxfam')[0]);
    expect(textView.offsetAt(node, 5)).toBe(cp('Oxfam')[1]);
    expect(textView.offsetAt(oxfam, 0)).toBe(cp('Oxfam')[0]);
    expect(textView.offsetAt(oxfam, 1)).toBe(cp('Oxfam')[1]);
    // A plain text node holding the emoji: offsets inside the surrogate pair round down or up.
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let plain: Text | null = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if ((n as Text).data.includes('😀')) plain = n as Text;
    const at = (plain as Text).data.indexOf('😀');
    const emoji = cp('😀')[0];
    expect(textView.offsetAt(plain as Text, at)).toBe(emoji);
    expect(textView.offsetAt(plain as Text, at + 1, 'floor')).toBe(emoji);
    expect(textView.offsetAt(plain as Text, at + 1, 'ceil')).toBe(emoji + 1);
    expect(textView.offsetAt(plain as Text, at + 2)).toBe(emoji + 1);
    // Points between elements resolve to the next chunk; points outside the text to null.
    const block = root.querySelectorAll('.block')[1] as HTMLElement;
    expect(textView.offsetAt(block, 0)).toBe(cp('Maria')[0]);
    expect(textView.offsetAt(document.body, 0)).toBeNull();
    for (const needle of ['Zoe\u0308', '😀 works', 'Nairobi.\r\n', '𝒳 here']) {
      const [start, end] = cp(needle);
      expect(textView.rangeOf(start, end)?.toString()).toBe(needle);
    }
  });

  it('tells which spans a click hit, and decorates the selection', () => {
    const { root, textView, update } = view();
    update(state);
    const mark = [...root.querySelectorAll('mark')].find((m) => m.textContent === 'Oxfam') as HTMLElement;
    expect(textView.spanIdsAt(mark)).toEqual(['oxfam']);
    expect(textView.spanIdsAt(root)).toBeNull();
    textView.decorate({ selectedSpan: 'oxfam', selectedRelation: 'r1', relationHead: null, relationTarget: 'tokyo', cursor: null });
    expect(mark.classList.contains('is-selected')).toBe(true);
    expect(root.querySelector('mark.is-target')?.textContent).toBe('東京');
    expect(root.querySelector('g.arc')?.classList.contains('is-selected')).toBe(true);
    textView.decorate({ selectedSpan: null, selectedRelation: null, relationHead: null, relationTarget: null, cursor: null });
    expect(root.querySelectorAll('.is-selected, .is-target')).toHaveLength(0);
  });

  it('reports a click on a relation label', () => {
    const { root, clicked, update } = view();
    update(state);
    (root.querySelector('svg .arc__label') as SVGElement).dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(clicked).toEqual(['r1']);
  });

  it('sets aside spans outside the text', () => {
    const { textView } = view();
    textView.update({ spans: [{ id: 'bad', start: 5, end: 500, label: 'X' }], relations: [] });
    expect(textView.invalid.map((s) => s.id)).toEqual(['bad']);
  });
});
