/**
 * Mounts the (read-only, for now) editor on its root element: loads the document, the
 * project and the annotations, and draws the text with the starting spans.
 *
 * The Django template provides the root:
 *   <div id="editor" data-document-id="42" data-user="7"></div>
 * `data-user` is what the API puts in an annotation's `author` for the logged-in
 * person; it tells their own annotation from others a reviewer also sees.
 */
import type { ApiClient } from '../api/client';
import type { ApiEntityType, ApiProject } from '../api/types';
import { pendingPredictions, type DocumentState } from '../domain/edits';
import { buildOffsetIndex } from '../domain/offsets';
import { chooseStartingPoint } from '../domain/payload';
import { renderText, safeColor, type LabelStyle } from './text';

export interface MountedEditor {
  readonly state: DocumentState;
  readonly version: number | undefined;
}

function element<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderLegend(doc: Document, entityTypes: readonly ApiEntityType[]): HTMLElement {
  const legend = element(doc, 'ul', 'editor__legend');
  legend.setAttribute('aria-label', 'Entity types');
  for (const type of entityTypes) {
    const item = element(doc, 'li', 'editor__legend-item');
    const swatch = element(doc, 'span', 'editor__swatch');
    swatch.style.setProperty('--span-color', safeColor(type.color));
    item.append(swatch, doc.createTextNode(type.name));
    if (type.hotkey) item.append(' ', element(doc, 'kbd', 'editor__hotkey', type.hotkey));
    if (type.description) item.title = type.description;
    legend.append(item);
  }
  return legend;
}

function describeState(state: DocumentState): string {
  const pending = pendingPredictions(state).length;
  const own = state.spans.length - pending;
  const parts = [`${own} span${own === 1 ? '' : 's'}`];
  if (pending) parts.push(`${pending} pending prediction${pending === 1 ? '' : 's'}`);
  parts.push(`${state.relations.length} relation${state.relations.length === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

function showError(root: HTMLElement, message: string): void {
  const alert = element(root.ownerDocument, 'p', 'editor__error', message);
  alert.setAttribute('role', 'alert');
  root.replaceChildren(alert);
}

export async function mountEditor(root: HTMLElement, client: ApiClient): Promise<MountedEditor | null> {
  const doc = root.ownerDocument;
  const documentId = root.dataset.documentId;
  if (!documentId) {
    showError(root, 'The editor has no document: data-document-id is missing.');
    return null;
  }
  const user = root.dataset.user;
  root.classList.add('editor');
  root.setAttribute('aria-busy', 'true');
  root.replaceChildren(element(doc, 'p', 'editor__loading', 'Loading the document…'));

  try {
    const document = await client.getDocument(documentId);
    const [project, annotations]: [ApiProject, Awaited<ReturnType<ApiClient['listAnnotations']>>] = await Promise.all([
      client.getProject(document.project),
      client.listAnnotations(documentId),
    ]);
    const start = chooseStartingPoint(annotations, (author) => user !== undefined && author !== null && String(author) === user);
    if (!start.ok) {
      showError(root, `The saved annotation could not be read: ${start.errors.join('; ')}`);
      return null;
    }
    const { state, version } = start.value;

    const header = element(doc, 'header', 'editor__header');
    header.append(element(doc, 'h1', 'editor__title', document.title || `Document ${document.id}`));
    const status = element(doc, 'p', 'editor__status', describeState(state));
    status.setAttribute('role', 'status');
    header.append(status);

    const text = element(doc, 'div', 'editor__text');
    const labelStyles = new Map<string, LabelStyle>(project.entity_types.map((type) => [type.name, { color: type.color }]));
    const { invalid } = renderText(text, {
      text: document.text,
      offsets: buildOffsetIndex(document.text),
      spans: state.spans,
      labelStyles,
    });

    root.replaceChildren(header, renderLegend(doc, project.entity_types), text);
    if (invalid.length) {
      const warning = element(doc, 'p', 'editor__error', `${invalid.length} span(s) lie outside the text and are not shown.`);
      warning.setAttribute('role', 'alert');
      header.append(warning);
    }
    return { state, version };
  } catch (error) {
    showError(root, `The document could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  } finally {
    root.removeAttribute('aria-busy');
  }
}
