// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { HelpOverlay } from './overlays';
import { Toolbar } from './panels';

describe('toolbar and help', () => {
  it('a click on a toolbar button does not take the keyboard from the text', () => {
    const noop = vi.fn();
    const toolbar = new Toolbar(document, 'Doc', { undo: noop, redo: noop, acceptAll: noop, rejectAll: noop, save: noop, submit: noop, help: noop });
    const text = document.createElement('div');
    text.tabIndex = -1;
    document.body.replaceChildren(toolbar.element, text);
    text.focus();
    const save = toolbar.element.querySelector('[data-action="save"]') as HTMLButtonElement;
    const down = new MouseEvent('mousedown', { bubbles: true, cancelable: true });
    save.dispatchEvent(down);
    expect(down.defaultPrevented).toBe(true);
    save.click();
    expect(noop).toHaveBeenCalledTimes(1);
    expect(document.activeElement).toBe(text);
  });

  it('the help overlay opens scrolled to its top', () => {
    const help = new HelpOverlay(document, Array.from({ length: 80 }, (_, i) => ({ keys: [`k${i}`], description: `key ${i}`, command: { name: 'undo' } as const })), [], vi.fn());
    document.body.replaceChildren(help.element);
    const card = help.element.querySelector('.overlay__card') as HTMLElement;
    card.scrollTop = 500;
    help.element.scrollTop = 300;
    help.toggle(true);
    expect(card.scrollTop).toBe(0);
    expect(help.element.scrollTop).toBe(0);
    expect(document.activeElement?.textContent).toBe('Close (Esc)');
  });
});
