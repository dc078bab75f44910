/**
 * The review view's panel above the text: the versions (each with its hotkey and an
 * "accept" button) and the side-by-side table of differences, one row per stretch of
 * text where the versions (or the draft) disagree, one column per version plus the gold
 * draft. DOM only; every user string (labels, usernames, text) goes in as text.
 */
import type { ReviewRow } from '../domain/review';
import type { Span } from '../domain/spans';
import { safeColor } from './chunk';
import { button, el } from './dom';

export interface VersionInfo {
  readonly name: string;
  readonly kind: 'prediction' | 'annotation' | 'gold';
  readonly spans: number;
  readonly relations: number;
}

export interface ReviewPanelCallbacks {
  readonly acceptVersion: (index: number) => void;
  readonly takeReading: (row: ReviewRow, versionIndex: number) => void;
  readonly selectRow: (row: ReviewRow) => void;
}

const KIND_NAMES: Record<ReviewRow['kind'], string> = {
  only: 'only some',
  label: 'label',
  boundary: 'boundary',
  agree: 'edited',
};

const KIND_HINTS: Record<ReviewRow['kind'], string> = {
  only: 'A span only some versions have',
  label: 'The same characters under different labels',
  boundary: 'Overlapping spans with different boundaries',
  agree: 'The versions agree; the draft says something else',
};

const VERSION_KINDS: Record<VersionInfo['kind'], string> = { prediction: 'model', annotation: 'annotator', gold: 'saved gold' };

export class ReviewPanel {
  readonly element: HTMLElement;
  private readonly versionButtons: HTMLElement[] = [];
  private readonly summary: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly empty: HTMLElement;

  constructor(
    private readonly doc: Document,
    private readonly versions: readonly VersionInfo[],
    private readonly colorOf: (label: string) => string,
    private readonly callbacks: ReviewPanelCallbacks,
    keyOf: (index: number) => string | null,
  ) {
    this.element = el(doc, 'section', 'review');
    this.element.setAttribute('aria-label', 'Versions and differences');
    const list = el(doc, 'div', 'review__versions');
    list.append(el(doc, 'span', 'review__title', 'Versions'));
    if (versions.length === 0) list.append(el(doc, 'span', 'review__none', 'Nobody has annotated this document and there is no prediction: draw the gold yourself.'));
    versions.forEach((version, index) => {
      const item = el(doc, 'div', 'version');
      item.dataset.version = String(index + 1);
      item.dataset.kind = version.kind;
      const key = keyOf(index);
      if (key) item.append(el(doc, 'kbd', 'kbd', key));
      item.append(
        el(doc, 'span', 'version__name', version.name),
        el(doc, 'span', 'version__meta', `${VERSION_KINDS[version.kind]} · ${version.spans} span${version.spans === 1 ? '' : 's'}${version.relations ? ` · ${version.relations} relation${version.relations === 1 ? '' : 's'}` : ''}`),
        button(doc, 'Accept', 'btn btn--quiet btn--small', () => callbacks.acceptVersion(index), `Take version ${index + 1} whole as the gold draft${key ? ` (${key})` : ''}`),
      );
      this.versionButtons.push(item);
      list.append(item);
    });

    const details = el(doc, 'details', 'review__diff');
    details.open = true;
    this.summary = el(doc, 'summary', 'review__summary', 'Differences');
    const table = el(doc, 'table', 'diff-table');
    const head = el(doc, 'thead');
    const headRow = el(doc, 'tr');
    headRow.append(el(doc, 'th', '', 'Text'), el(doc, 'th', '', 'Difference'));
    versions.forEach((version, index) => {
      const th = el(doc, 'th', '', `${index + 1} · ${version.name}`);
      headRow.append(th);
    });
    headRow.append(el(doc, 'th', 'diff-table__draft', 'Gold draft'));
    head.append(headRow);
    this.body = el(doc, 'tbody');
    table.append(head, this.body);
    this.empty = el(doc, 'p', 'review__empty', 'No differences: every version and the draft agree.');
    const scroller = el(doc, 'div', 'review__table');
    scroller.append(table, this.empty);
    details.append(this.summary, scroller);
    this.element.append(list, details);
  }

  /** Draws the rows; `whole` lists the versions the draft equals exactly. */
  update(rows: readonly ReviewRow[], textOf: (start: number, end: number) => string, whole: readonly number[]): void {
    const doc = this.doc;
    this.versionButtons.forEach((item, index) => item.classList.toggle('version--chosen', whole.includes(index)));
    const counts = { only: 0, label: 0, boundary: 0, agree: 0 };
    for (const row of rows) counts[row.kind]++;
    const parts = ([['label', 'label'], ['boundary', 'boundary'], ['only', 'only some'], ['agree', 'edited']] as const)
      .filter(([kind]) => counts[kind] > 0)
      .map(([kind, name]) => `${counts[kind]} ${name}`);
    this.summary.textContent = rows.length ? `Differences: ${rows.length} (${parts.join(', ')})` : 'Differences: none';
    this.empty.hidden = rows.length > 0;
    this.body.replaceChildren(
      ...rows.map((row) => {
        const tr = el(doc, 'tr', `diff-row diff-row--${row.kind}`);
        tr.dataset.start = String(row.start);
        tr.dataset.end = String(row.end);
        tr.dataset.kind = row.kind;
        const text = el(doc, 'td', 'diff-row__text');
        text.append(el(doc, 'q', '', textOf(row.start, row.end)));
        text.addEventListener('click', () => this.callbacks.selectRow(row));
        const kind = el(doc, 'td', '');
        const badge = el(doc, 'span', `diff-kind diff-kind--${row.kind}`, KIND_NAMES[row.kind]);
        badge.title = KIND_HINTS[row.kind];
        kind.append(badge);
        tr.append(text, kind);
        row.readings.forEach((reading, index) => {
          const cell = el(doc, 'td', 'diff-cell');
          cell.dataset.version = String(index + 1);
          if (row.chosen.includes(index)) cell.classList.add('diff-cell--chosen');
          cell.append(this.reading(reading, textOf));
          if (!row.chosen.includes(index)) {
            const take = button(doc, 'Take', 'btn btn--quiet btn--small diff-cell__take', () => this.callbacks.takeReading(row, index), `Use ${this.versions[index]?.name ?? 'this version'}'s reading here`);
            cell.append(take);
          }
          tr.append(cell);
        });
        const draft = el(doc, 'td', 'diff-cell diff-cell--draft');
        draft.append(this.reading(row.draft, textOf));
        tr.append(draft);
        return tr;
      }),
    );
  }

  private reading(spans: readonly Span[], textOf: (start: number, end: number) => string): HTMLElement {
    const doc = this.doc;
    const box = el(doc, 'span', 'reading');
    if (spans.length === 0) {
      box.append(el(doc, 'span', 'reading__none', '—'));
      return box;
    }
    for (const span of spans) {
      const item = el(doc, 'span', 'reading__span');
      const tag = el(doc, 'span', 'tag', span.label);
      tag.style.setProperty('--span-color', safeColor(this.colorOf(span.label)));
      item.append(tag, ' ', el(doc, 'span', 'reading__text', textOf(span.start, span.end)));
      box.append(item);
    }
    return box;
  }
}
