/**
 * Keys and pointer events, turned into the session's actions: keys through
 * `resolveKey` (domain/keyinput.ts), a mouse selection or click on the text into code
 * point offsets (through the TextView), and the drag handles at the ends of the
 * selected span into one resize edit. The editor passes in what these read and do.
 */
import { resolveKey } from '../domain/keyinput';
import type { Keymap } from '../domain/keymap';
import type { Action, Session } from '../domain/session';
import { snapToTokens, type Tokens } from '../domain/snapping';
import { findSpan, type Span } from '../domain/spans';
import type { EditorView } from './view';

export interface InputHost {
  readonly root: HTMLElement;
  readonly view: EditorView;
  readonly keymap: Keymap;
  /** The relation type chooser's hotkeys (domain/keyinput.ts `relationHotkeys`). */
  readonly relationHotkeys?: ReadonlyMap<string, string>;
  readonly tokens: Tokens;
  session(): Session;
  dispatch(action: Action): void;
  acceptVersion(index: number): void;
  /** Draws the text with `range` in place of the cursor (none: as the session has it). */
  preview(range?: { start: number; end: number }): void;
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function isActivatable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && ['BUTTON', 'A', 'SUMMARY'].includes(target.tagName);
}

interface Drag {
  readonly span: Span;
  readonly edge: 'start' | 'end';
  range: { start: number; end: number };
}

export class EditorInput {
  /** A handle being dragged: the preview snaps to tokens, the drop is one edit (one undo step). */
  private drag: Drag | null = null;
  /** The click that ends a mouse selection or a drag is not a click on the text. */
  private suppressClick = false;

  constructor(private readonly host: InputHost) {}

  listen(signal: AbortSignal): void {
    const { view } = this.host;
    const doc = view.pane.ownerDocument;
    const textRoot = view.textView.root;
    doc.addEventListener('keydown', (event) => this.onKeyDown(event), { signal });
    textRoot.addEventListener('mousedown', () => {
      this.suppressClick = false;
    }, { signal });
    textRoot.addEventListener('mouseup', () => this.onMouseUp(), { signal });
    textRoot.addEventListener('pointerdown', (event) => this.onHandleDown(event), { signal });
    textRoot.addEventListener('pointermove', (event) => this.onHandleMove(event), { signal });
    textRoot.addEventListener('pointerup', () => this.onHandleUp(), { signal });
    textRoot.addEventListener('pointercancel', () => this.onHandleUp(true), { signal });
    textRoot.addEventListener('click', (event) => this.onClick(event), { signal });
    doc.addEventListener('mousedown', (event) => {
      const target = event.target as Node;
      if (view.labelMenu.open && !view.labelMenu.element.contains(target) && !textRoot.contains(target)) view.labelMenu.hide();
    }, { signal });
  }

  private onKeyDown(event: KeyboardEvent): void {
    const { view } = this.host;
    const intent = resolveKey(event, {
      keymap: this.host.keymap,
      mode: this.host.session().mode,
      overlay: view.help.open ? 'help' : view.confirm.open ? 'confirm' : null,
      labelMenuOpen: view.labelMenu.open,
      ...(this.host.relationHotkeys ? { relationHotkeys: this.host.relationHotkeys } : {}),
      target: {
        editable: isEditable(event.target),
        activatable: isActivatable(event.target),
        inSidebar: view.sidebar.element.contains(event.target as Node),
      },
    });
    if (intent.kind === 'ignore') return;
    event.preventDefault();
    switch (intent.kind) {
      case 'closeHelp':
        view.toggleHelp(false);
        return;
      case 'cancelConfirm':
        view.confirm.cancel();
        return;
      case 'acceptVersion':
        this.host.acceptVersion(intent.index);
        return;
      case 'action':
        if (intent.closeLabelMenu) view.labelMenu.hide();
        this.host.dispatch(intent.action);
        return;
      case 'swallow':
        return;
    }
  }

  private onHandleDown(event: PointerEvent): void {
    const handle = (event.target as Element).closest?.('.handle') as HTMLElement | null;
    if (!handle) return;
    const span = findSpan(this.host.session().history.present.spans, handle.dataset.spanId ?? '');
    if (!span) return;
    event.preventDefault();
    event.stopPropagation();
    this.drag = { span, edge: handle.dataset.edge === 'start' ? 'start' : 'end', range: { start: span.start, end: span.end } };
    handle.setPointerCapture?.(event.pointerId);
    this.host.root.classList.add('is-dragging');
  }

  private onHandleMove(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag) return;
    const offset = this.offsetFromPoint(event.clientX, event.clientY);
    if (offset === null) return;
    const { span, edge } = drag;
    const tokens = this.host.tokens;
    const snapped =
      edge === 'start'
        ? snapToTokens(tokens, Math.min(offset, span.end - 1), span.end)
        : snapToTokens(tokens, span.start, Math.max(offset, span.start + 1));
    if (!snapped) return;
    drag.range = edge === 'start' ? { start: snapped.start, end: span.end } : { start: span.start, end: snapped.end };
    this.host.preview(drag.range);
  }

  private onHandleUp(cancelled = false): void {
    const drag = this.drag;
    if (!drag) return;
    this.drag = null;
    this.host.root.classList.remove('is-dragging');
    this.suppressClick = true;
    const { span, range } = drag;
    if (!cancelled && (range.start !== span.start || range.end !== span.end)) {
      this.host.dispatch({ type: 'edit', edit: { type: 'resizeSpan', id: span.id, start: range.start, end: range.end } });
    } else {
      this.host.preview();
    }
  }

  private onMouseUp(): void {
    const textView = this.host.view.textView;
    const selection = textView.root.ownerDocument.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    if (!textView.root.contains(range.commonAncestorContainer)) return;
    const start = textView.offsetAt(range.startContainer, range.startOffset, 'floor');
    const end = textView.offsetAt(range.endContainer, range.endOffset, 'ceil');
    if (start === null || end === null) return;
    this.suppressClick = true;
    selection.removeAllRanges();
    this.host.dispatch({ type: 'selectRange', start, end });
  }

  private onClick(event: MouseEvent): void {
    if (this.suppressClick) {
      this.suppressClick = false;
      return;
    }
    if ((event.target as Element).closest?.('svg')) return;
    const ids = this.host.view.textView.spanIdsAt(event.target);
    if (ids) {
      this.host.dispatch({ type: 'clickSpan', ids });
      return;
    }
    const offset = this.offsetFromPoint(event.clientX, event.clientY);
    if (offset !== null) this.host.dispatch({ type: 'clickText', offset });
  }

  private offsetFromPoint(x: number, y: number): number | null {
    const textView = this.host.view.textView;
    const doc = textView.root.ownerDocument as Document & {
      caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
      caretRangeFromPoint?: (x: number, y: number) => Range | null;
    };
    const position = doc.caretPositionFromPoint?.(x, y);
    if (position) return textView.offsetAt(position.offsetNode, position.offset);
    const range = doc.caretRangeFromPoint?.(x, y);
    return range ? textView.offsetAt(range.startContainer, range.startOffset) : null;
  }
}
