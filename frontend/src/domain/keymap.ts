/**
 * Keyboard bindings, from key events to editor commands. Annotators work keyboard
 * first, so every command has a key, and the same table drives the help overlay.
 *
 * "Mod" is Ctrl, or Cmd on a Mac (either is accepted everywhere: a Mac user pressing
 * Ctrl+Z still means undo). Keys are matched on `KeyboardEvent.key`, so a label hotkey
 * follows the person's keyboard layout. For a printable key such as "?" the Shift state
 * is part of the character and is not checked; for named keys (Enter, Tab, arrows) and
 * for Mod combinations it is.
 */

export type SimpleCommandName =
  | 'undo'
  | 'redo'
  | 'nextToken'
  | 'prevToken'
  | 'extendRight'
  | 'extendLeft'
  | 'delete'
  | 'help'
  | 'save'
  | 'submit'
  | 'accept'
  | 'acceptAll'
  | 'nextSpan'
  | 'prevSpan'
  | 'cancel'
  | 'reject'
  | 'relation'
  | 'growStart'
  | 'shrinkStart'
  | 'growEnd'
  | 'shrinkEnd';

export type Command =
  | { readonly name: SimpleCommandName }
  | { readonly name: 'label'; readonly label: string }
  /** Review: take version `index` (0-based) whole as the gold draft. */
  | { readonly name: 'acceptVersion'; readonly index: number };

/** The fields of a `KeyboardEvent` that matter here; a real event fits. */
export interface KeyInput {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

export interface Binding {
  readonly key: string;
  readonly mod: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
  readonly command: Command;
  readonly description: string;
}

/** An entity type as the project object gives it (only what the keymap needs). */
export interface HotkeyType {
  readonly name: string;
  readonly hotkey?: string | null;
}

export interface Keymap {
  readonly bindings: readonly Binding[];
  /** Hotkeys that could not be bound, and why: to show the project manager. */
  readonly conflicts: readonly string[];
}

function bind(
  key: string,
  name: SimpleCommandName,
  description: string,
  modifiers: { mod?: boolean; shift?: boolean; alt?: boolean } = {},
): Binding {
  return {
    key,
    mod: modifiers.mod ?? false,
    shift: modifiers.shift ?? false,
    alt: modifiers.alt ?? false,
    command: { name },
    description,
  };
}

export const BUILT_IN_BINDINGS: readonly Binding[] = [
  bind('z', 'undo', 'Undo', { mod: true }),
  bind('z', 'redo', 'Redo', { mod: true, shift: true }),
  bind('y', 'redo', 'Redo', { mod: true }),
  bind('ArrowRight', 'nextToken', 'Next token'),
  bind('ArrowLeft', 'prevToken', 'Previous token'),
  bind('ArrowRight', 'extendRight', 'Extend selection by a token to the right', { shift: true }),
  bind('ArrowLeft', 'extendLeft', 'Extend selection by a token to the left', { shift: true }),
  bind('Delete', 'delete', 'Delete the selected span or relation'),
  bind('Backspace', 'delete', 'Delete the selected span or relation'),
  bind('?', 'help', 'Show keyboard shortcuts'),
  bind('s', 'save', 'Save', { mod: true }),
  bind('Enter', 'submit', 'Submit the document', { mod: true }),
  bind('Enter', 'accept', 'Accept the selected prediction (or pick the child span of a relation)'),
  bind('x', 'reject', 'Reject the selected prediction'),
  bind('Enter', 'acceptAll', 'Accept all predictions', { shift: true }),
  bind('r', 'relation', 'Start a relation from the selected span, then pick the child'),
  bind('ArrowLeft', 'growStart', "Move the selected span's start one token left", { alt: true }),
  bind('ArrowRight', 'shrinkStart', "Move the selected span's start one token right", { alt: true }),
  bind('ArrowRight', 'growEnd', "Move the selected span's end one token right", { alt: true, shift: true }),
  bind('ArrowLeft', 'shrinkEnd', "Move the selected span's end one token left", { alt: true, shift: true }),
  bind('Tab', 'nextSpan', 'Next span'),
  bind('Tab', 'prevSpan', 'Previous span', { shift: true }),
  bind('Escape', 'cancel', 'Clear the selection'),
];

/** A single printable character: Shift is part of it ("?" is Shift+/ on most layouts). */
function isPrintable(key: string): boolean {
  return Array.from(key).length === 1;
}

function normalizeKey(key: string): string {
  // With Mod held, some browsers report "Z" for Shift+Z: match letters case-blind there.
  return isPrintable(key) ? key.toLowerCase() : key;
}

/** Windows reports AltGr (which types "@", "{", ... on many layouts) as Ctrl+Alt. */
function isAltGraphCharacter(input: KeyInput): boolean {
  return input.ctrlKey && input.altKey && !input.metaKey && isPrintable(input.key);
}

function matches(binding: Binding, input: KeyInput): boolean {
  if (isAltGraphCharacter(input)) return !binding.mod && !binding.alt && binding.key === input.key;
  const mod = input.ctrlKey || input.metaKey;
  if (binding.mod !== mod || binding.alt !== input.altKey) return false;
  if (binding.mod) {
    return normalizeKey(binding.key) === normalizeKey(input.key) && binding.shift === input.shiftKey;
  }
  if (isPrintable(binding.key)) return binding.key === input.key;
  return binding.key === input.key && binding.shift === input.shiftKey;
}

/** What the built-in keys do in the review view, where the draft is the document's gold. */
const REVIEW_DESCRIPTIONS: Partial<Record<SimpleCommandName, string>> = {
  submit: 'Mark the document gold',
  save: 'Keep the draft in this browser (gold is saved when you mark it)',
  accept: 'Accept the selected suggestion (it replaces what the draft has there)',
  reject: 'Reject the selected suggestion',
  acceptAll: 'Accept every suggestion that fits the draft',
};

export interface KeymapOptions {
  /** Review: the number of versions, bound to 1..9 (accept that version whole). */
  readonly versions?: number;
}

/**
 * The project's keymap: the built-in bindings plus one per entity type hotkey. A
 * hotkey that a built-in key or an earlier type already uses is left out and reported,
 * never silently shadowed. In review (`versions` given) the digits 1..9 accept a version
 * whole, unless a label hotkey took the digit first (that is reported too).
 */
export function buildKeymap(entityTypes: readonly HotkeyType[], options: KeymapOptions = {}): Keymap {
  const review = options.versions !== undefined;
  const bindings: Binding[] = BUILT_IN_BINDINGS.map((binding) => {
    const description = review && binding.command.name !== 'label' && binding.command.name !== 'acceptVersion' ? REVIEW_DESCRIPTIONS[binding.command.name] : undefined;
    return description ? { ...binding, description } : binding;
  });
  const conflicts: string[] = [];
  for (const type of entityTypes) {
    const hotkey = type.hotkey ?? '';
    if (hotkey === '') continue;
    if (!isPrintable(hotkey)) {
      conflicts.push(`hotkey "${hotkey}" of ${type.name} is not a single character`);
      continue;
    }
    const probe: KeyInput = { key: hotkey, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false };
    const taken = bindings.find((binding) => matches(binding, probe));
    if (taken) {
      const owner = taken.command.name === 'label' ? taken.command.label : taken.description;
      conflicts.push(`hotkey "${hotkey}" of ${type.name} is already used by ${owner}`);
      continue;
    }
    bindings.push({
      key: hotkey,
      mod: false,
      shift: false,
      alt: false,
      command: { name: 'label', label: type.name },
      description: `Label as ${type.name}`,
    });
  }
  for (let index = 0; index < Math.min(options.versions ?? 0, 9); index++) {
    const key = String(index + 1);
    const probe: KeyInput = { key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false };
    const taken = bindings.find((binding) => matches(binding, probe));
    if (taken) {
      const owner = taken.command.name === 'label' ? `label ${taken.command.label}` : taken.description;
      conflicts.push(`key "${key}" (accept version ${key}) is already used by ${owner}; use the version's button`);
      continue;
    }
    bindings.push({ key, mod: false, shift: false, alt: false, command: { name: 'acceptVersion', index }, description: `Accept version ${key} whole as the gold draft` });
  }
  return { bindings, conflicts };
}

/** The command a key event means, or null (let the browser have it). */
export function commandFor(keymap: Keymap, input: KeyInput): Command | null {
  return keymap.bindings.find((binding) => matches(binding, input))?.command ?? null;
}

const KEY_NAMES: Record<string, string> = {
  ArrowRight: '→',
  ArrowLeft: '←',
  Escape: 'Esc',
  ' ': 'Space',
};

/** How a binding reads in the help overlay, e.g. "Ctrl+Shift+Z" or "⌘+Shift+Z". */
export function describeKeys(binding: Binding, options: { mac?: boolean } = {}): string {
  const parts: string[] = [];
  if (binding.mod) parts.push(options.mac ? '⌘' : 'Ctrl');
  if (binding.alt) parts.push(options.mac ? '⌥' : 'Alt');
  if (binding.shift) parts.push('Shift');
  const key = KEY_NAMES[binding.key] ?? binding.key;
  parts.push(binding.mod && key.length === 1 ? key.toUpperCase() : key);
  return parts.join('+');
}

export interface HelpEntry {
  readonly keys: readonly string[];
  readonly description: string;
  readonly command: Command;
}

/** Every binding for the help overlay, keys of one command together, in table order. */
export function listBindings(keymap: Keymap, options: { mac?: boolean } = {}): HelpEntry[] {
  const entries: { keys: string[]; description: string; command: Command }[] = [];
  for (const binding of keymap.bindings) {
    const same = entries.find(
      (entry) =>
        entry.command.name === binding.command.name &&
        (entry.command.name !== 'label' ||
          (binding.command.name === 'label' && entry.command.label === binding.command.label)) &&
        (entry.command.name !== 'acceptVersion' ||
          (binding.command.name === 'acceptVersion' && entry.command.index === binding.command.index)),
    );
    if (same) same.keys.push(describeKeys(binding, options));
    else entries.push({ keys: [describeKeys(binding, options)], description: binding.description, command: binding.command });
  }
  return entries;
}
