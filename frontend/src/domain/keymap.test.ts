import { describe, expect, it } from 'vitest';
import { BUILT_IN_BINDINGS, buildKeymap, commandFor, describeKeys, listBindings, type KeyInput } from './keymap';

const press = (key: string, modifiers: Partial<Omit<KeyInput, 'key'>> = {}): KeyInput => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...modifiers,
});

const keymap = buildKeymap([
  { name: 'PER', hotkey: 'p' },
  { name: 'ORG', hotkey: '1' },
  { name: 'LOC', hotkey: 'P' },
  { name: 'MISC', hotkey: null },
  { name: 'DATE' },
]);
const commandName = (input: KeyInput) => commandFor(keymap, input)?.name ?? null;

describe('commandFor', () => {
  it('maps undo and both redo keys, with Ctrl or Cmd', () => {
    expect(commandName(press('z', { ctrlKey: true }))).toBe('undo');
    expect(commandName(press('z', { metaKey: true }))).toBe('undo');
    expect(commandName(press('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(commandName(press('z', { metaKey: true, shiftKey: true }))).toBe('redo');
    expect(commandName(press('y', { ctrlKey: true }))).toBe('redo');
  });

  it('maps arrows to token moves and shift+arrows to extending the selection', () => {
    expect(commandName(press('ArrowRight'))).toBe('nextToken');
    expect(commandName(press('ArrowLeft'))).toBe('prevToken');
    expect(commandName(press('ArrowRight', { shiftKey: true }))).toBe('extendRight');
    expect(commandName(press('ArrowLeft', { shiftKey: true }))).toBe('extendLeft');
  });

  it('maps delete, help, save, submit, accept, spans and cancel', () => {
    expect(commandName(press('Delete'))).toBe('delete');
    expect(commandName(press('Backspace'))).toBe('delete');
    expect(commandName(press('?', { shiftKey: true }))).toBe('help');
    expect(commandName(press('s', { ctrlKey: true }))).toBe('save');
    expect(commandName(press('Enter', { ctrlKey: true }))).toBe('submit');
    expect(commandName(press('Enter'))).toBe('accept');
    expect(commandName(press('Enter', { shiftKey: true }))).toBe('acceptAll');
    expect(commandName(press('Tab'))).toBe('nextSpan');
    expect(commandName(press('Tab', { shiftKey: true }))).toBe('prevSpan');
    expect(commandName(press('Escape'))).toBe('cancel');
  });

  it('maps reject, relation and the span boundary keys', () => {
    expect(commandName(press('x'))).toBe('reject');
    expect(commandName(press('r'))).toBe('relation');
    expect(commandName(press('ArrowLeft', { altKey: true }))).toBe('growStart');
    expect(commandName(press('ArrowRight', { altKey: true }))).toBe('shrinkStart');
    expect(commandName(press('ArrowRight', { altKey: true, shiftKey: true }))).toBe('growEnd');
    expect(commandName(press('ArrowLeft', { altKey: true, shiftKey: true }))).toBe('shrinkEnd');
  });

  it('reports an entity hotkey that takes a built-in key', () => {
    expect(buildKeymap([{ name: 'REL', hotkey: 'r' }]).conflicts).toEqual([
      'hotkey "r" of REL is already used by Start a relation from the selected span, then pick the child',
    ]);
  });

  it('maps label hotkeys exactly, case included', () => {
    expect(commandFor(keymap, press('p'))).toEqual({ name: 'label', label: 'PER' });
    expect(commandFor(keymap, press('P', { shiftKey: true }))).toEqual({ name: 'label', label: 'LOC' });
    expect(commandFor(keymap, press('1'))).toEqual({ name: 'label', label: 'ORG' });
  });

  it('lets the browser have keys that are not bound', () => {
    expect(commandFor(keymap, press('q'))).toBeNull();
    expect(commandFor(keymap, press('p', { ctrlKey: true }))).toBeNull(); // print
    expect(commandFor(keymap, press('1', { altKey: true }))).toBeNull();
    expect(commandFor(keymap, press('s'))).toBeNull();
    expect(commandFor(keymap, press('z', { altKey: true, metaKey: true }))).toBeNull();
    expect(commandFor(keymap, press('Shift', { shiftKey: true }))).toBeNull();
  });

  it('reads a character typed with AltGr (Ctrl+Alt on Windows) as the character', () => {
    const withAt = buildKeymap([{ name: 'EMAIL', hotkey: '@' }]);
    expect(commandFor(withAt, press('@', { ctrlKey: true, altKey: true }))).toEqual({ name: 'label', label: 'EMAIL' });
  });
});

describe('buildKeymap', () => {
  it('reports hotkeys that clash with built-in keys or earlier types, and bad hotkeys', () => {
    const { bindings, conflicts } = buildKeymap([
      { name: 'A', hotkey: 'a' },
      { name: 'B', hotkey: 'a' },
      { name: 'Q', hotkey: '?' },
      { name: 'LONG', hotkey: 'ab' },
    ]);
    expect(conflicts).toEqual([
      'hotkey "a" of B is already used by A',
      'hotkey "?" of Q is already used by Show keyboard shortcuts',
      'hotkey "ab" of LONG is not a single character',
    ]);
    expect(bindings).toHaveLength(BUILT_IN_BINDINGS.length + 1);
  });

  it('has no conflicts and only built-ins without entity types', () => {
    expect(buildKeymap([])).toEqual({ bindings: BUILT_IN_BINDINGS, conflicts: [] });
  });

  it('accepts an emoji hotkey as one character', () => {
    const withEmoji = buildKeymap([{ name: 'SMILE', hotkey: '😀' }]);
    expect(withEmoji.conflicts).toEqual([]);
    expect(commandFor(withEmoji, press('😀'))).toEqual({ name: 'label', label: 'SMILE' });
  });
});

describe('help listing', () => {
  it('describes keys for PC and Mac', () => {
    const redo = BUILT_IN_BINDINGS.find((b) => b.command.name === 'redo' && b.shift)!;
    expect(describeKeys(redo)).toBe('Ctrl+Shift+Z');
    expect(describeKeys(redo, { mac: true })).toBe('⌘+Shift+Z');
    const extend = BUILT_IN_BINDINGS.find((b) => b.command.name === 'extendRight')!;
    expect(describeKeys(extend)).toBe('Shift+→');
  });

  it('lists every command once, with all its keys, and the label hotkeys', () => {
    const entries = listBindings(keymap);
    const byDescription = new Map(entries.map((entry) => [entry.description, entry.keys]));
    expect(byDescription.get('Redo')).toEqual(['Ctrl+Shift+Z', 'Ctrl+Y']);
    expect(byDescription.get('Delete the selected span or relation')).toEqual(['Delete', 'Backspace']);
    expect(byDescription.get('Label as PER')).toEqual(['p']);
    expect(byDescription.get('Label as LOC')).toEqual(['P']);
    expect(byDescription.get('Submit the document')).toEqual(['Ctrl+Enter']);
    const commands = new Set(entries.map((e) => (e.command.name === 'label' ? `label:${e.command.label}` : e.command.name)));
    expect(commands.size).toBe(entries.length);
    // Every built-in command appears.
    for (const binding of BUILT_IN_BINDINGS) expect(commands.has(binding.command.name)).toBe(true);
  });
});

describe('review keys', () => {
  const key = (k: string) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false });

  it('binds 1..n to accepting a version and names the review meaning of Ctrl+Enter', () => {
    const keymap = buildKeymap([{ name: 'PER', hotkey: 'p' }], { versions: 3 });
    expect(commandFor(keymap, key('1'))).toEqual({ name: 'acceptVersion', index: 0 });
    expect(commandFor(keymap, key('3'))).toEqual({ name: 'acceptVersion', index: 2 });
    expect(commandFor(keymap, key('4'))).toBeNull();
    const help = listBindings(keymap);
    expect(help.find((entry) => entry.command.name === 'submit')?.description).toBe('Mark the document gold');
    expect(help.filter((entry) => entry.command.name === 'acceptVersion').map((entry) => entry.keys)).toEqual([['1'], ['2'], ['3']]);
  });

  it('leaves a digit to a label that has it, and says so', () => {
    const keymap = buildKeymap([{ name: 'NUM', hotkey: '2' }], { versions: 12 });
    expect(commandFor(keymap, key('2'))).toEqual({ name: 'label', label: 'NUM' });
    expect(keymap.conflicts).toEqual(['key "2" (accept version 2) is already used by label NUM; use the version\'s button']);
    expect(keymap.bindings.filter((binding) => binding.command.name === 'acceptVersion')).toHaveLength(8);
  });

  it('keeps the annotator descriptions outside review', () => {
    const help = listBindings(buildKeymap([]));
    expect(help.find((entry) => entry.command.name === 'submit')?.description).toBe('Submit the document');
    expect(help.some((entry) => entry.command.name === 'acceptVersion')).toBe(false);
  });
});
