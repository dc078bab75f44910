import { describe, expect, it } from 'vitest';
import { relationHotkeys, resolveKey, type KeyContext, type KeyPress } from './keyinput';
import { buildKeymap } from './keymap';

const types = [
  { name: 'PER', hotkey: 'p' },
  { name: 'ORG', hotkey: 'o' },
];
const annotate: KeyContext = {
  keymap: buildKeymap(types),
  mode: { kind: 'normal' },
  overlay: null,
  labelMenuOpen: false,
  target: { editable: false, activatable: false, inSidebar: false },
};
const review: KeyContext = { ...annotate, keymap: buildKeymap(types, { versions: 3 }) };
const choosing: KeyContext = {
  ...annotate,
  mode: { kind: 'chooseRelationType', head: 'a', child: 'b', options: ['works_for', 'located_in'], index: 0 },
};

function key(name: string, modifiers: Partial<KeyPress> = {}): KeyPress {
  return { key: name, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...modifiers };
}

describe('resolveKey', () => {
  it('turns a bound key into the command action', () => {
    expect(resolveKey(key('p'), annotate)).toEqual({ kind: 'action', action: { type: 'command', command: { name: 'label', label: 'PER' } }, closeLabelMenu: false });
    expect(resolveKey(key('z', { ctrlKey: true }), annotate)).toMatchObject({ action: { command: { name: 'undo' } } });
    expect(resolveKey(key('Z', { metaKey: true, shiftKey: true }), annotate)).toMatchObject({ action: { command: { name: 'redo' } } });
  });

  it('leaves unbound keys, composing input and handled events to the browser', () => {
    expect(resolveKey(key('q'), annotate)).toEqual({ kind: 'ignore' });
    expect(resolveKey(key('p', { isComposing: true }), annotate)).toEqual({ kind: 'ignore' });
    expect(resolveKey(key('p', { defaultPrevented: true }), annotate)).toEqual({ kind: 'ignore' });
  });

  it('leaves typing in a form field alone', () => {
    const field = { ...annotate, target: { ...annotate.target, editable: true } };
    expect(resolveKey(key('p'), field)).toEqual({ kind: 'ignore' });
    expect(resolveKey(key('s', { ctrlKey: true }), field)).toEqual({ kind: 'ignore' });
  });

  it('lets Enter and Space activate a focused button, but not Ctrl+Enter', () => {
    const onButton = { ...annotate, target: { ...annotate.target, activatable: true } };
    expect(resolveKey(key('Enter'), onButton)).toEqual({ kind: 'ignore' });
    expect(resolveKey(key('Enter', { ctrlKey: true }), onButton)).toMatchObject({ action: { command: { name: 'submit' } } });
    expect(resolveKey(key('p'), onButton)).toMatchObject({ action: { command: { name: 'label' } } });
  });

  it('lets Tab move focus inside the side panel', () => {
    const inSidebar = { ...annotate, target: { ...annotate.target, inSidebar: true } };
    expect(resolveKey(key('Tab'), inSidebar)).toEqual({ kind: 'ignore' });
    expect(resolveKey(key('Tab', { shiftKey: true }), inSidebar)).toEqual({ kind: 'ignore' });
    expect(resolveKey(key('Tab'), annotate)).toMatchObject({ action: { command: { name: 'nextSpan' } } });
  });

  it('with the help open, only Escape and ? close it', () => {
    const help = { ...annotate, overlay: 'help' as const };
    expect(resolveKey(key('Escape'), help)).toEqual({ kind: 'closeHelp' });
    expect(resolveKey(key('?', { shiftKey: true }), help)).toEqual({ kind: 'closeHelp' });
    expect(resolveKey(key('p'), help)).toEqual({ kind: 'ignore' });
  });

  it('with a confirmation open, only Escape cancels it', () => {
    const confirm = { ...annotate, overlay: 'confirm' as const };
    expect(resolveKey(key('Escape'), confirm)).toEqual({ kind: 'cancelConfirm' });
    expect(resolveKey(key('Enter', { ctrlKey: true }), confirm)).toEqual({ kind: 'ignore' });
  });

  it('Escape closes the label menu as it clears the selection', () => {
    expect(resolveKey(key('Escape'), { ...annotate, labelMenuOpen: true })).toEqual({ kind: 'action', action: { type: 'command', command: { name: 'cancel' } }, closeLabelMenu: true });
    expect(resolveKey(key('Escape'), annotate)).toMatchObject({ closeLabelMenu: false });
  });

  it('while choosing a relation type, arrows move the choice and digits choose', () => {
    expect(resolveKey(key('ArrowDown'), choosing)).toEqual({ kind: 'action', action: { type: 'moveChoice', delta: 1 }, closeLabelMenu: false });
    expect(resolveKey(key('ArrowUp'), choosing)).toMatchObject({ action: { type: 'moveChoice', delta: -1 } });
    expect(resolveKey(key('2'), choosing)).toMatchObject({ action: { type: 'chooseRelationType', label: 'located_in' } });
    // Past the options, or with a modifier, a digit is an ordinary key again.
    expect(resolveKey(key('3'), choosing)).toEqual({ kind: 'ignore' });
    expect(resolveKey(key('1', { ctrlKey: true }), choosing)).toEqual({ kind: 'ignore' });
    expect(resolveKey(key('Escape'), choosing)).toMatchObject({ action: { command: { name: 'cancel' } } });
  });

  it('in review, a digit accepts that version, only outside relation drawing', () => {
    expect(resolveKey(key('2'), review)).toEqual({ kind: 'acceptVersion', index: 1 });
    expect(resolveKey(key('4'), review)).toEqual({ kind: 'ignore' });
    expect(resolveKey(key('2'), { ...review, mode: { kind: 'pickChild', head: 'a', target: null } })).toEqual({ kind: 'swallow' });
    expect(resolveKey(key('2'), annotate)).toEqual({ kind: 'ignore' });
  });
});

describe('relation type hotkeys', () => {
  const keymap = buildKeymap([{ name: 'PER', hotkey: 'p' }]);
  const chooser = { kind: 'chooseRelationType', head: 'a', child: 'b', options: ['works_for', 'located_in'], index: 0 } as const;
  const hotkeys = relationHotkeys([
    { name: 'works_for', hotkey: 'W' },
    { name: 'located_in', hotkey: 'i' },
    { name: 'born_in', hotkey: 'b' },
    { name: 'digit', hotkey: '3' },
  ]);
  const context: KeyContext = { keymap, mode: chooser, overlay: null, labelMenuOpen: false, relationHotkeys: hotkeys, target: { editable: false, activatable: false, inSidebar: false } };

  it('a configured key picks its relation type in the chooser, whatever its case', () => {
    expect(resolveKey(key('i'), context)).toEqual({ kind: 'action', action: { type: 'chooseRelationType', label: 'located_in' }, closeLabelMenu: false });
    expect(resolveKey(key('w'), context)).toEqual({ kind: 'action', action: { type: 'chooseRelationType', label: 'works_for' }, closeLabelMenu: false });
  });

  it('a key of a type not offered here is passed on (and refused with the reason); digits keep picking by position', () => {
    expect(resolveKey(key('b'), context)).toEqual({ kind: 'action', action: { type: 'chooseRelationType', label: 'born_in' }, closeLabelMenu: false });
    expect(resolveKey(key('2'), context)).toEqual({ kind: 'action', action: { type: 'chooseRelationType', label: 'located_in' }, closeLabelMenu: false });
    expect(hotkeys.has('3')).toBe(false);
  });

  it('outside the chooser the keys are the labels\' as before', () => {
    const normal = { ...context, mode: { kind: 'normal' } as const };
    expect(resolveKey(key('i'), normal)).toEqual({ kind: 'ignore' });
  });
});
