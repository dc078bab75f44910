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

/** Body of `PUT documents/{id}/gold/`: the whole gold annotation. */
export interface GoldPutBody {
  readonly spans: AnnotationPutBody['spans'];
  readonly relations: AnnotationPutBody['relations'];
  readonly version?: number;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface ApiJob {
  readonly id: ApiId;
  readonly kind: 'import' | 'prelabel' | 'export' | 'train';
  readonly status: JobStatus;
  readonly project: ApiId | null;
  readonly total: number;
  readonly done: number;
  /** Fraction done, 0..1. */
  readonly progress: number;
  readonly errors: readonly unknown[];
  readonly result: Readonly<Record<string, unknown>>;
  readonly created_at: string;
  readonly started_at: string | null;
  readonly finished_at: string | null;
  readonly cancel_requested: boolean;
}

export interface ApiExport {
  readonly id: ApiId;
  readonly project: ApiId;
  readonly format: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly status: JobStatus;
  readonly job: ApiId | null;
  readonly sha256: string;
  readonly size: number;
  readonly manifest: Readonly<Record<string, unknown>>;
  readonly created_at: string;
  readonly download_url: string | null;
}

export interface ApiScores {
  readonly p: number;
  readonly r: number;
  readonly f1: number;
}

export interface ApiLabelScores extends ApiScores {
  readonly support: number;
}

export interface ApiSpanScores {
  readonly per_label: Readonly<Record<string, ApiLabelScores>>;
  readonly micro: ApiScores;
}

export interface ApiModelQuality {
  readonly exact: ApiSpanScores;
  readonly relaxed: ApiSpanScores;
  readonly relations: ApiScores;
  readonly documents: number;
}

export interface ApiAgreementPair {
  readonly a: string;
  readonly b: string;
  readonly documents: number;
  readonly span_f1: number;
  readonly per_label: Readonly<Record<string, ApiLabelScores>>;
  readonly relation_f1: number;
  readonly kappa: number;
}

export interface ApiAgreementGold {
  readonly annotator: string;
  readonly documents: number;
  readonly span_f1: number;
  readonly relation_f1: number;
  readonly kappa: number;
}

export interface ApiAnnotatorFigures {
  readonly username: string;
  readonly submitted: number;
  readonly drafts: number;
  readonly time_spent: number;
  readonly mean_seconds_per_document: number;
  readonly last_7_days: { readonly submitted: number; readonly per_day: number };
  readonly last_30_days: { readonly submitted: number; readonly per_day: number };
}

/** `GET projects/{id}/stats/`. */
export interface ApiStats {
  readonly progress: { readonly total: number; readonly by_status: Readonly<Record<string, number>> };
  readonly annotations: Readonly<Record<string, number>>;
  readonly jobs: { readonly running: number; readonly queued: number };
  readonly prelabel_quality: Readonly<Record<string, ApiModelQuality>>;
  readonly agreement: { readonly pairs: readonly ApiAgreementPair[]; readonly vs_gold: readonly ApiAgreementGold[] };
  readonly annotators: readonly ApiAnnotatorFigures[];
}
