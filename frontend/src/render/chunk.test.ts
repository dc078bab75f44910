// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { buildOffsetIndex } from '../domain/offsets';
import type { Span } from '../domain/spans';
import { drawChunk, safeColor } from './chunk';

function render(text: string, spans: Span[], colors: Record<string, string> = {}) {
  const container = document.createElement('div');
  const offsets = buildOffsetIndex(text);
  const drawn = drawChunk(document, offsets, spans, 0, offsets.codePointLength, (label) => safeColor(colors[label]));
  container.replaceChildren(drawn.fragment);
  return { container, result: { invalid: drawn.invalid }, marks: [...container.querySelectorAll('mark')] };
}

describe('drawChunk over a whole text', () => {
  it('keeps the rendered text identical to the source text', () => {
    const text = '😀 Zoë met 👨\u200d👩\u200d👧 in 東京.\r\nCafe\u0301 next';
    const { container } = render(text, [
      { id: 'a', start: 2, end: 5, label: 'PER' },
      { id: 'b', start: 10, end: 15, label: 'MISC' },
      { id: 'c', start: 19, end: 21, label: 'LOC' },
      { id: 'd', start: 24, end: 29, label: 'ORG' },
    ]);
    expect(container.textContent).toBe(text);
  });

  it('wraps each span in a mark covering its code-point range, with its label', () => {
    const text = '😀 Zoë met 👨\u200d👩\u200d👧 in 東京';
    const { marks } = render(text, [
      { id: 'zoe', start: 2, end: 5, label: 'PER' },
      { id: 'family', start: 10, end: 15, label: 'MISC' },
      { id: 'tokyo', start: 19, end: 21, label: 'LOC' },
    ]);
    expect(marks.map((m) => [m.textContent, m.dataset.label, m.dataset.spanIds, m.dataset.start, m.dataset.end])).toEqual([
      ['Zoë', 'PER', 'zoe', '2', '5'],
      ['👨\u200d👩\u200d👧', 'MISC', 'family', '10', '15'],
      ['東京', 'LOC', 'tokyo', '19', '21'],
    ]);
  });

  it('inserts user text as text, never as HTML', () => {
    const text = '<img src=x onerror="alert(1)"> & <b>bold</b>';
    const { container, marks } = render(text, [{ id: 'a', start: 0, end: 30, label: '<script>' }]);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.textContent).toBe(text);
    expect(marks[0]?.dataset.label).toBe('<script>');
  });

  it('splits overlapping spans into pieces, labels at each span end, one bar per level', () => {
    const { marks, container } = render(
      'New York City',
      [
        { id: 'city', start: 0, end: 13, label: 'LOC' },
        { id: 'state', start: 0, end: 8, label: 'GPE' },
      ],
      { LOC: '#ff0000', GPE: '#00ff00' },
    );
    expect(container.textContent).toBe('New York City');
    expect(marks.map((m) => [m.textContent, m.dataset.spanIds, m.dataset.label ?? null])).toEqual([
      ['New York', 'city state', 'GPE'],
      [' City', 'city', 'LOC'],
    ]);
    expect(marks[0]?.classList.contains('span--overlap')).toBe(true);
    expect(marks[0]?.style.boxShadow).toContain('6px');
    expect(marks[1]?.classList.contains('span--overlap')).toBe(false);
  });

  it('marks pending predictions and uses the label colour', () => {
    const { marks } = render('Acme Corp', [{ id: 'p', start: 0, end: 9, label: 'ORG', source: 'prediction' }], { ORG: '#123456' });
    expect(marks[0]?.classList.contains('span--prediction')).toBe(true);
    expect(marks[0]?.style.getPropertyValue('--span-color')).toBe('#123456');
  });

  it('draws a suggestion the model scored low fainter, a sure one as usual', () => {
    const { marks } = render('Acme in Oslo', [
      { id: 'p', start: 0, end: 4, label: 'ORG', source: 'prediction', score: 0.3 },
      { id: 'q', start: 8, end: 12, label: 'GPE', source: 'prediction', score: 0.97 },
    ]);
    expect(marks.map((m) => [m.textContent, m.classList.contains('span--unsure')])).toEqual([['Acme', true], ['Oslo', false]]);
  });

  it('does not draw spans outside the text, and reports them', () => {
    const { marks, result, container } = render('short', [
      { id: 'ok', start: 0, end: 2, label: 'X' },
      { id: 'bad', start: 3, end: 40, label: 'X' },
    ]);
    expect(marks).toHaveLength(1);
    expect(result.invalid.map((s) => s.id)).toEqual(['bad']);
    expect(container.textContent).toBe('short');
  });
});

describe('safeColor', () => {
  it('passes hex colours and names, and replaces anything else', () => {
    expect(safeColor('#a1b2c3')).toBe('#a1b2c3');
    expect(safeColor('teal')).toBe('teal');
    expect(safeColor('red; background: url(x)')).toBe('#9e9e9e');
    expect(safeColor('url(https://example.org/x)')).toBe('#9e9e9e');
    expect(safeColor(undefined)).toBe('#9e9e9e');
  });
});
