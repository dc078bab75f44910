/**
 * What the editor opens with: the document and its annotations (one request,
 * `?include=annotations`), the project, the mode the page asks for, and the annotation
 * that mode makes of them (with the predictions rejected before left out); the text's
 * offset index and the tokens the keyboard cursor and snapping move by.
 */
import type { ApiClient } from '../api/client';
import type { ApiDocument, ApiProject } from '../api/types';
import { readRejected, rejectedKey, safeStore, type KeyValueStore } from '../domain/localcopy';
import { buildOffsetIndex, type OffsetIndex } from '../domain/offsets';
import type { OpenedAnnotation, ParseResult } from '../domain/payload';
import { dropWhitespaceTokens, fallbackTokens, type Tokens } from '../domain/snapping';
import { AnnotateMode } from './modes/annotate';
import type { EditorMode } from './modes/mode';
import { ReviewMode } from './modes/review';

export interface Opening {
  readonly document: ApiDocument;
  readonly project: ApiProject;
  readonly mode: EditorMode;
  readonly opened: OpenedAnnotation;
  readonly offsets: OffsetIndex;
  /** The document's tokens without whitespace, or words when it has none. */
  readonly tokens: Tokens;
  /** Where the local copy of unsaved work goes. */
  readonly store: KeyValueStore;
  /** Predictions rejected before, kept in this browser. */
  readonly rejected: ReadonlySet<string>;
}

/**
 * Loads through the API; the root's data attributes say which document, project, user
 * and mode. A network or HTTP error is thrown; an annotation that cannot be read is
 * returned as errors.
 */
export async function loadOpening(
  root: HTMLElement,
  client: ApiClient,
  documentId: string,
  storage: KeyValueStore | null | undefined,
): Promise<ParseResult<Opening>> {
  const projectId = root.dataset.projectId;
  const [document, known] = await Promise.all([
    client.getDocumentWithAnnotations(documentId),
    projectId ? client.getProject(projectId) : null,
  ]);
  const project = known ?? (await client.getProject(document.project));
  performance.mark?.('editor:fetched');
  const user = root.dataset.user ?? '';
  const mode: EditorMode =
    root.dataset.mode === 'review'
      ? new ReviewMode(user, root.dataset.queueUrl ?? `/projects/${project.id}/review/`)
      : new AnnotateMode(user, project.allow_overlap);
  const store = safeStore(storage === undefined ? root.ownerDocument.defaultView?.localStorage : storage);
  const rejected = mode.remembersRejections ? readRejected(store, rejectedKey(mode.storeName, String(document.id))) : new Set<string>();
  const opened = mode.open(document.annotations, rejected);
  if (!opened.ok) return opened;
  const offsets = buildOffsetIndex(document.text);
  let tokens = dropWhitespaceTokens(document.tokens ?? [], offsets);
  if (tokens.length === 0) tokens = fallbackTokens(document.text, offsets);
  return { ok: true, value: { document, project, mode, opened: opened.value, store, rejected, offsets, tokens } };
}
