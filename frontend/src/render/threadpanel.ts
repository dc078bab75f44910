/**
 * The Comments panel (a document's threads: read, reply, resolve, open one, flag the document
 * for review) and the work bar above the text (Skip, Flag for review, and the reason asked for
 * each). DOM only: what a click does comes back through the callbacks (editor/teamwork.ts).
 */
import type { ApiProgress, ApiThread } from '../api/types';
import { threadCountText, threadsInOrder, whenText } from '../domain/threads';
import { button, el } from './dom';

export interface ThreadPanelCallbacks {
  readonly open: (body: string, flag: boolean) => void;
  readonly reply: (threadId: number, body: string) => void;
  readonly resolve: (threadId: number, resolved: boolean) => void;
}

function textBox(doc: Document, className: string, placeholder: string, label: string): HTMLTextAreaElement {
  const box = el(doc, 'textarea', className);
  box.rows = 2;
  box.placeholder = placeholder;
  box.setAttribute('aria-label', label);
  return box;
}

export class ThreadPanel {
  readonly element: HTMLElement;
  private readonly count: HTMLElement;
  private readonly list: HTMLElement;
  private readonly newBody: HTMLTextAreaElement;
  private readonly newFlag: HTMLInputElement;

  constructor(
    private readonly doc: Document,
    private readonly callbacks: ThreadPanelCallbacks,
    /** False on the review page: a reviewer answers flags, they do not raise them. */
    canFlag = true,
    private readonly now: () => number = Date.now,
  ) {
    this.element = el(doc, 'section', 'panel panel--threads');
    this.element.setAttribute('aria-label', 'Comments');
    const title = el(doc, 'h2', 'panel__title', 'Comments ');
    this.count = el(doc, 'span', 'panel__count', '');
    title.append(this.count);
    this.list = el(doc, 'div', 'threads');
    const form = el(doc, 'form', 'thread-form');
    this.newBody = textBox(doc, 'thread-form__body', 'Ask a question or leave a note…', 'New comment');
    const flagLabel = el(doc, 'label', 'thread-form__flag');
    this.newFlag = el(doc, 'input');
    this.newFlag.type = 'checkbox';
    this.newFlag.name = 'flag';
    flagLabel.append(this.newFlag, doc.createTextNode(' Flag for review'));
    flagLabel.hidden = !canFlag;
    const post = el(doc, 'button', 'btn btn--small', 'Comment');
    post.type = 'submit';
    post.dataset.action = 'comment';
    form.append(this.newBody, el(doc, 'div', 'thread-form__row'));
    form.lastElementChild?.append(flagLabel, post);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const body = this.newBody.value.trim();
      if (body) callbacks.open(body, this.newFlag.checked);
    });
    this.element.append(title, this.list, form);
  }

  /** After a thread was opened: the form is emptied. */
  clearForm(): void {
    this.newBody.value = '';
    this.newFlag.checked = false;
  }

  update(threads: readonly ApiThread[]): void {
    const doc = this.doc;
    this.count.textContent = threadCountText(threads);
    this.element.dataset.open = String(threads.filter((thread) => !thread.resolved).length);
    this.list.replaceChildren(...threadsInOrder(threads).map((thread) => this.threadItem(thread)));
    if (threads.length === 0) this.list.append(el(doc, 'p', 'threads__empty', 'No comments on this document.'));
  }

  private threadItem(thread: ApiThread): HTMLElement {
    const doc = this.doc;
    const item = el(doc, 'article', `thread${thread.resolved ? ' thread--resolved' : ''}${thread.flag ? ' thread--flag' : ''}`);
    item.dataset.threadId = String(thread.id);
    const head = el(doc, 'div', 'thread__head');
    if (thread.flag) head.append(el(doc, 'span', 'thread__badge thread__badge--flag', 'Flagged for review'));
    if (thread.resolved) head.append(el(doc, 'span', 'thread__badge', `Resolved${thread.resolved_by ? ` by ${thread.resolved_by}` : ''}`));
    const resolve = button(doc, thread.resolved ? 'Reopen' : 'Resolve', 'btn btn--quiet btn--small', () =>
      this.callbacks.resolve(thread.id, !thread.resolved),
    );
    resolve.dataset.action = thread.resolved ? 'reopen' : 'resolve';
    head.append(el(doc, 'span', 'toolbar__spacer'), resolve);
    item.append(head);
    for (const comment of thread.comments) {
      const row = el(doc, 'div', 'comment');
      const meta = el(doc, 'div', 'comment__meta');
      meta.append(el(doc, 'strong', '', comment.author ?? 'someone'), doc.createTextNode(` · ${whenText(comment.created_at, this.now())}`));
      row.append(meta, el(doc, 'p', 'comment__body', comment.body));
      item.append(row);
    }
    const reply = el(doc, 'form', 'thread__reply');
    const box = textBox(doc, 'thread__reply-body', 'Reply…', 'Reply');
    box.rows = 1;
    const send = el(doc, 'button', 'btn btn--quiet btn--small', 'Reply');
    send.type = 'submit';
    reply.append(box, send);
    reply.addEventListener('submit', (event) => {
      event.preventDefault();
      const body = box.value.trim();
      if (body) this.callbacks.reply(thread.id, body);
    });
    item.append(reply);
    return item;
  }
}

export interface WorkBarCallbacks {
  readonly skip: (reason: string) => void;
  readonly unskip: () => void;
  readonly flag: (reason: string) => void;
}

/** Skip and Flag for review, with the reason each asks for; and the note that this document is skipped. */
export class WorkBar {
  readonly element: HTMLElement;
  private readonly note: HTMLElement;
  private readonly ask: HTMLFormElement;
  private readonly reason: HTMLTextAreaElement;
  private readonly confirm: HTMLButtonElement;
  private readonly progress: HTMLElement;
  private readonly nav: HTMLElement;
  private asking: 'skip' | 'flag' | null = null;

  constructor(
    private readonly doc: Document,
    private readonly callbacks: WorkBarCallbacks,
  ) {
    this.element = el(doc, 'div', 'workbar');
    this.note = el(doc, 'span', 'workbar__note');
    this.note.setAttribute('role', 'status');
    const skip = button(doc, 'Skip…', 'btn btn--quiet btn--small', () => this.askFor('skip'), 'Skip this document: it leaves your queue');
    skip.dataset.action = 'skip';
    const flag = button(doc, 'Flag for review…', 'btn btn--quiet btn--small', () => this.askFor('flag'), 'Ask a reviewer to look at this document');
    flag.dataset.action = 'flag';
    this.ask = el(doc, 'form', 'workbar__ask');
    this.ask.hidden = true;
    this.reason = textBox(doc, 'workbar__reason', '', 'Reason');
    this.reason.rows = 1;
    this.confirm = el(doc, 'button', 'btn btn--small btn--primary', 'Skip');
    this.confirm.type = 'submit';
    this.confirm.dataset.action = 'confirm';
    const cancel = button(doc, 'Cancel', 'btn btn--quiet btn--small', () => this.closeAsk());
    this.ask.append(this.reason, this.confirm, cancel);
    this.ask.addEventListener('submit', (event) => {
      event.preventDefault();
      const reason = this.reason.value.trim();
      if (this.asking === 'skip') callbacks.skip(reason);
      else if (this.asking === 'flag' && reason) callbacks.flag(reason);
      else this.reason.focus();
    });
    this.reason.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.closeAsk();
      else if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        this.ask.requestSubmit();
      }
    });
    this.progress = el(doc, 'span', 'workbar__progress');
    this.nav = el(doc, 'nav', 'workbar__nav');
    this.nav.setAttribute('aria-label', 'My work');
    this.element.append(this.progress, this.nav, skip, flag, this.ask, this.note);
  }

  /** "Document 3 of 40 · 37 left · 2 done today", Previous/Next over my work, and a link to My work. */
  showProgress(progress: ApiProgress, urls: { document: (id: number) => string; myWork: string; next: string }): void {
    const doc = this.doc;
    const place = progress.position ? `Document ${progress.position} of ${progress.total}` : `${progress.total} in your work`;
    this.progress.textContent = `${place} · ${progress.remaining} left · ${progress.done_today} done today`;
    const link = (text: string, href: string | null, action: string) => {
      const anchor = el(doc, 'a', `btn btn--quiet btn--small${href ? '' : ' is-disabled'}`, text);
      anchor.dataset.action = action;
      if (href) anchor.href = href;
      else anchor.setAttribute('aria-disabled', 'true');
      return anchor;
    };
    this.nav.replaceChildren(
      link('‹ Previous', progress.previous === null ? null : urls.document(progress.previous), 'previous'),
      link('Next ›', progress.next === null ? urls.next : urls.document(progress.next), 'next'),
      link('My work', urls.myWork, 'my-work'),
    );
  }

  private askFor(what: 'skip' | 'flag'): void {
    this.asking = what;
    this.ask.hidden = false;
    this.ask.dataset.asking = what;
    this.reason.value = '';
    this.reason.placeholder = what === 'skip' ? 'Why skip it? (optional)' : 'What should the reviewer look at?';
    this.confirm.textContent = what === 'skip' ? 'Skip document' : 'Flag';
    this.reason.focus();
  }

  closeAsk(): void {
    this.asking = null;
    this.ask.hidden = true;
  }

  /** Shows whether this document is skipped (with Undo), or a short confirmation. */
  showSkipped(skipped: boolean, reason: string): void {
    this.note.replaceChildren();
    if (!skipped) return;
    this.note.append(this.doc.createTextNode(`You skipped this document${reason ? `: “${reason}”` : ''}. `));
    const undo = button(this.doc, 'Undo skip', 'btn btn--quiet btn--small', () => this.callbacks.unskip());
    undo.dataset.action = 'unskip';
    this.note.append(undo);
  }

  say(text: string): void {
    this.note.textContent = text;
  }
}
