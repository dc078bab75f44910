// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { el, patchChildren } from './dom';
import { VirtualList } from './virtuallist';

describe('VirtualList', () => {
  it('draws only a screenful of rows, positioned by index, and scrolls to a row', () => {
    const items = Array.from({ length: 1000 }, (_, i) => `item ${i}`);
    const list = new VirtualList<string>(document, 'test', { rowHeight: 10, overscan: 2, renderRow: (item) => el(document, 'div', 'row', item) });
    list.setItems(items);
    const rows = () => [...list.element.querySelectorAll('.row')] as HTMLElement[];
    // Not laid out (jsdom): a first screenful of 20 rows plus the overscan.
    expect(rows()).toHaveLength(22);
    expect(rows()[0]?.style.top).toBe('0px');
    expect((list.element.firstElementChild as HTMLElement).style.height).toBe('10000px');
    list.scrollToIndex(500);
    expect(rows().map((row) => row.textContent)).toContain('item 500');
    expect(rows().some((row) => row.textContent === 'item 0')).toBe(false);
    expect(rows().length).toBeLessThan(30);
  });
});

describe('patchChildren', () => {
  it('reorders, inserts and removes with the elements kept in place', () => {
    const parent = document.createElement('div');
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => el(document, 'span', '', name)) as HTMLElement[];
    parent.append(a!, b!, c!);
    patchChildren(parent, [a!, d!, c!]);
    expect(parent.textContent).toBe('adc');
    expect(parent.firstElementChild).toBe(a);
    patchChildren(parent, [c!, a!]);
    expect(parent.textContent).toBe('ca');
    patchChildren(parent, []);
    expect(parent.childElementCount).toBe(0);
  });
});
