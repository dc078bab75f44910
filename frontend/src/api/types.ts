/**
 * The REST API v1 objects the frontend uses, named. Their shapes are not written here:
 * they come from the OpenAPI schema the server publishes (`GET /api/v1/schema/`), kept
 * in `schema.json` (`make schema` refreshes it; tests/api/test_frontend_schema.py fails
 * when it is stale) and turned into `frontend/generated/schema.gen.ts` by
 * `npm run gen:types` (openapi-typescript), which `npm run build` and `npm run typecheck`
 * run first. The generated file is not kept in git.
 *
 * Where the schema says less than the server sends, a type below narrows it, with the
 * reason beside it. Offsets are code points.
 */
import type { components } from '../../generated/schema.gen';

type Schemas = components['schemas'];

/**
 * An id as the client's methods take it: the server's ids are integers, but the page
 * gives them as strings (`data-document-id`), and the editor only compares them.
 */
export type ApiId = number | string;

/**
 * The server sends every field of a label type and of a project (they are model
 * serializers); the schema marks the fields that have a default as optional.
 */
export type ApiEntityType = Required<Schemas['EntityType']>;
export type ApiRelationType = Required<Schemas['RelationType']>;
export type ApiProject = Required<Omit<Schemas['Project'], 'entity_types' | 'relation_types' | 'queue_order' | 'relation_rules' | 'auto_train_every'>> & {
  readonly entity_types: readonly ApiEntityType[];
  readonly relation_types: readonly ApiRelationType[];
  /** The annotators' queue order (the editor does not use it). */
  readonly queue_order?: Schemas['Project']['queue_order'];
  /** Auto-train after every this many new gold documents (the editor does not use it). */
  readonly auto_train_every?: Schemas['Project']['auto_train_every'];
  /** Pre-labeling's relation rules (the editor does not use them). */
  readonly relation_rules?: unknown;
};

export type DocumentStatus = Schemas['DocumentStatusEnum'];
/** `tokens` are [start, end) pairs (generated as tuples from the schema's minItems/maxItems). */
export type ApiDocument = Schemas['Document'];

export type AnnotationKind = Schemas['AnnotationKindEnum'];
export type ApiSpan = Schemas['Span'];
export type ApiRelation = Schemas['Relation'];
/** One review decision on a model's suggestion (domain/decisions.ts reads them, checking each). */
export type ApiDecision = Schemas['Decision'];

/**
 * `decisions` (the review decisions saved with an annotation) and a prediction's
 * `model_version` came with issue 15: optional here, because the editor also reads
 * annotation objects written without them (a server before that, a local fixture), and
 * never trusts `decisions` unchecked (domain/decisions.ts reads them item by item).
 */
export type ApiAnnotation = Omit<Schemas['Annotation'], 'decisions' | 'model_version'> & {
  readonly decisions?: readonly ApiDecision[];
  readonly model_version?: string | null;
};

/**
 * `GET documents/{id}/?include=annotations`: the document and, in the same answer, every
 * annotation of it the caller may see (as `GET documents/{id}/annotations/` lists them).
 * The schema describes the `include` parameter but not the field it adds.
 */
export type ApiDocumentWithAnnotations = ApiDocument & { readonly annotations: readonly ApiAnnotation[] };

/**
 * What the editor sends in a save: every span with the editor's own string id, every
 * relation by those ids. The schema also accepts integer or missing ids, and relation ids.
 */
type SentSpans = {
  readonly spans: readonly (Omit<Schemas['SpanInputRequest'], 'id'> & { readonly id: string })[];
  readonly relations: readonly (Omit<Schemas['RelationInputRequest'], 'id' | 'head' | 'child'> & {
    readonly head: string;
    readonly child: string;
  })[];
};

/** Body of `PUT documents/{id}/annotations/mine/` (`decisions` absent: the server keeps the saved ones). */
export type AnnotationPutBody = Omit<Schemas['AnnotationBodyRequest'], 'spans' | 'relations'> & SentSpans;

/** Body of `PUT documents/{id}/gold/`: the whole gold annotation. */
export type GoldPutBody = Omit<Schemas['GoldBodyRequest'], 'spans' | 'relations'> & SentSpans;

/**
 * One version of an annotation as `GET documents/{id}/annotations/{annotation_id}/history/`
 * lists them (newest first): the content that version had, who wrote it, when and how.
 * Spans in code points; relations by index into `spans`.
 */
export type ApiHistoryVersion = Schemas['AnnotationVersion'];

/** Body of `POST documents/{id}/annotations/{annotation_id}/restore/`: compare-and-set like a PUT. */
export type RestoreBody = Schemas['RestoreBodyRequest'];

/** A document's comment thread (`documents/{id}/threads/`); a flag asks a reviewer to look. */
export type ApiThread = Schemas['Thread'];
export type ApiComment = ApiThread['comments'][number];
/** Whether the caller skipped a document (`documents/{id}/skip/`). */
export type ApiSkip = Schemas['Skip'];

/** Where the caller is in a project (`projects/{id}/progress/?document=`): counts, position, Previous/Next. */
export type ApiProgress = Schemas['Progress'];

/** One page of a list: every paginated list of the schema has this envelope around `results`. */
export type Page<T> = Omit<Schemas['PaginatedJobList'], 'results'> & { readonly results: readonly T[] };

export type JobStatus = Schemas['JobStatusEnum'];
/** `errors` and `result` are JSON fields the schema leaves untyped: a list and an object. */
export type ApiJob = Omit<Schemas['Job'], 'errors' | 'result'> & {
  readonly errors: readonly unknown[];
  readonly result: Readonly<Record<string, unknown>>;
};
export type ApiExport = Schemas['Export'];
/**
 * Body of `POST projects/{id}/exports/`. The dashboard offers the formats the page lists
 * (`data-export-formats`, the server's catalog), so a format is any string here.
 */
export type ExportStart = Omit<Schemas['ExportInputRequest'], 'format'> & { readonly format: string };

export type ApiScores = Schemas['Scores'];
export type ApiLabelScores = Schemas['LabelScores'];
export type ApiSpanScores = Schemas['SpanScores'];
export type ApiModelQuality = Schemas['ModelQuality'];
export type ApiAgreementPair = Schemas['AgreementPair'];
export type ApiAgreementGold = Schemas['AgreementGold'];
export type ApiAnnotatorFigures = Schemas['AnnotatorFigures'];
export type ApiModelComparison = Schemas['ModelComparison'];
export type ApiComparedVersion = Schemas['ComparedVersion'];
/** One of `GET projects/{id}/models/`: the base pipeline or a version trained here. */
export type ApiModelEntry = Schemas['ModelEntry'];
/** `GET projects/{id}/stats/`. */
export type ApiStats = Schemas['Stats'];
/** A member's assigned documents and how many are done (`GET projects/{id}/assignments/`). */
export type ApiAssignmentFigures = Schemas['AssignmentFigures'];
