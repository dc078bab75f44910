/**
 * What a key press means in the editor, given what has the keyboard: an open overlay
 * (help, a confirmation), a form field or button, the side panel, the relation type
 * chooser. Pure: the key and that context in, an intent out; `editor/input.ts` reads
 * the context from the page and carries the intent out. Every intent but `ignore`
 * takes the key from the browser (`preventDefault`).
 */
import { commandFor, type KeyInput, type Keymap } from './keymap';
import type { Action, Mode } from './session';

export interface KeyPress extends KeyInput {
  /** An input method is composing a character: the key is not ours. */
  readonly isComposing?: boolean;
  /** Someone handled the key already. */
  readonly defaultPrevented?: boolean;
}

export interface KeyContext {
  readonly keymap: Keymap;
  readonly mode: Mode;
  /** The overlay that has the keyboard, if any. */
  readonly overlay: 'help' | 'confirm' | null;
  readonly labelMenuOpen: boolean;
  /**
   * The project's relation type hotkeys (`relationHotkeys`): in the relation type chooser the
   * configured key picks its type, as the digits pick by position.
   */
  readonly relationHotkeys?: ReadonlyMap<string, string>;
  /** Where the key was pressed. */
  readonly target: {
    /** A text field or other editable element: typing is the person's. */
    readonly editable: boolean;
    /** A button, link or summary: Enter and Space activate it. */
    readonly activatable: boolean;
    /** Inside the side panel, whose list moves its own focus with Tab. */
    readonly inSidebar: boolean;
  };
}

export type KeyIntent =
  /** Not the editor's key: the browser keeps it. */
  | { readonly kind: 'ignore' }
  /** The editor's key, with nothing to do now. */
  | { readonly kind: 'swallow' }
  | { readonly kind: 'closeHelp' }
  | { readonly kind: 'cancelConfirm' }
  /** Review: take version `index` (0-based) whole as the gold draft. */
  | { readonly kind: 'acceptVersion'; readonly index: number }
  | { readonly kind: 'action'; readonly action: Action; readonly closeLabelMenu: boolean };

const IGNORE: KeyIntent = { kind: 'ignore' };

export function resolveKey(key: KeyPress, context: KeyContext): KeyIntent {
  if (key.defaultPrevented || key.isComposing) return IGNORE;
  if (context.overlay === 'help') return key.key === 'Escape' || key.key === '?' ? { kind: 'closeHelp' } : IGNORE;
  if (context.overlay === 'confirm') return key.key === 'Escape' ? { kind: 'cancelConfirm' } : IGNORE;
  const { target, mode } = context;
  if (target.editable) return IGNORE;
  if (mode.kind === 'chooseRelationType' && !key.ctrlKey && !key.metaKey && !key.altKey) {
    if (key.key === 'ArrowDown' || key.key === 'ArrowUp') {
      return { kind: 'action', action: { type: 'moveChoice', delta: key.key === 'ArrowDown' ? 1 : -1 }, closeLabelMenu: false };
    }
    const digit = Number.parseInt(key.key, 10);
    if (digit >= 1 && digit <= mode.options.length) {
      return { kind: 'action', action: { type: 'chooseRelationType', label: mode.options[digit - 1] as string }, closeLabelMenu: false };
    }
    // A configured hotkey: its type (one not allowed between these spans is refused with the reason).
    const named = context.relationHotkeys?.get(key.key.toLowerCase());
    if (named !== undefined) return { kind: 'action', action: { type: 'chooseRelationType', label: named }, closeLabelMenu: false };
  }
  const command = commandFor(context.keymap, key);
  if (!command) return IGNORE;
  const mod = key.ctrlKey || key.metaKey;
  if (!mod && target.activatable && (key.key === 'Enter' || key.key === ' ')) return IGNORE;
  if (command.name === 'acceptVersion') {
    return mode.kind === 'normal' ? { kind: 'acceptVersion', index: command.index } : { kind: 'swallow' };
  }
  if ((command.name === 'nextSpan' || command.name === 'prevSpan') && target.inSidebar) return IGNORE;
  return { kind: 'action', action: { type: 'command', command }, closeLabelMenu: command.name === 'cancel' && context.labelMenuOpen };
}

/** Hotkey (lower case) -> relation type name, for the types that have one; the first type keeps a shared key. */
export function relationHotkeys(types: readonly { readonly name: string; readonly hotkey?: string | null }[]): Map<string, string> {
  const keys = new Map<string, string>();
  for (const type of types) {
    const key = (type.hotkey ?? '').trim().toLowerCase();
    if (key.length === 1 && !/[0-9]/.test(key) && !keys.has(key)) keys.set(key, type.name);
  }
  return keys;
}
