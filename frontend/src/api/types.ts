/**
 * Shapes of the REST API v1 objects the editor uses, as DESIGN.md's contract gives
 * them. Offsets are code points. Ids are numbers from the server, but the editor only
 * compares them, so either form is accepted.
 */

export type ApiId = number | string;

export interface ApiEntityType {
  readonly id: ApiId;
  readonly name: string;
  readonly color: string;
  readonly hotkey: string | null;
  readonly description: string;
}

export interface ApiRelationType {
  readonly id: ApiId;
  readonly name: string;
  readonly color: string;
  readonly hotkey: string | null;
  readonly head_types: readonly string[];
  readonly child_types: readonly string[];
  readonly symmetric: boolean;
}

export interface ApiProject {
  readonly id: ApiId;
  readonly name: string;
  readonly description: string;
  readonly guidelines: string;
  readonly spacy_model: string;
  readonly label_map: Readonly<Record<string, string>>;
  readonly allow_overlap: boolean;
  readonly entity_types: readonly ApiEntityType[];
  readonly relation_types: readonly ApiRelationType[];
}

export type DocumentStatus = 'new' | 'prelabeled' | 'in_progress' | 'submitted' | 'gold' | 'skipped';

export interface ApiDocument {
  readonly id: ApiId;
  readonly project: ApiId;
  readonly title: string;
  readonly text: string;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly external_id: string | null;
  readonly status: DocumentStatus;
  /** [start, end) of each token, code points. */
  readonly tokens: readonly (readonly [number, number])[];
}

export type AnnotationKind = 'prediction' | 'annotation' | 'gold';

export interface ApiSpan {
  readonly id: ApiId;
  readonly start: number;
  readonly end: number;
  readonly label: string;
  readonly text?: string;
  readonly score?: number | null;
}

export interface ApiRelation {
  readonly id: ApiId;
  readonly head: ApiId;
  readonly child: ApiId;
  readonly label: string;
}

export interface ApiAnnotation {
  readonly id: ApiId;
  readonly kind: AnnotationKind;
  /** Null for a model's prediction. */
  readonly author: ApiId | null;
  readonly model: string | null;
  readonly status: string;
  readonly version: number;
  readonly updated_at: string;
  readonly spans: readonly ApiSpan[];
  readonly relations: readonly ApiRelation[];
}

/** Body of `PUT documents/{id}/annotations/mine/`. */
export interface AnnotationPutBody {
  readonly spans: readonly { id: string; start: number; end: number; label: string }[];
  readonly relations: readonly { head: string; child: string; label: string }[];
  readonly version?: number;
  readonly submit: boolean;
}

export interface Page<T> {
  readonly results: readonly T[];
  readonly next: string | null;
  readonly count?: number;
}
