"""Reads of exports: the exports visible to a caller, and a project's documents with their chosen
annotation as the plain records the formats write (opening a built export's file: export_files.py).

Read in id order, in batches found by keyset (`id > last id of the previous batch`), with four
queries a batch whatever its size: the documents, their annotations, the chosen annotations'
spans, their relations (two when no document of the batch has an annotation). Rows come as
tuples (`values_list`), never model instances, and only one batch is held at a time, so memory
stays flat however large the project is.

Which annotation a document exports (`only_gold`):
- True (the default): only documents that have a gold annotation, exporting the gold.
- False ("latest"): every document; its gold if it has one, else the most recently updated
  submitted annotation, else the most recently updated draft, else the most recently updated
  prediction. A document with no annotation at all is exported without spans (filter by status,
  e.g. ["submitted", "gold"], to leave such documents out).
Either way `annotators` lists the usernames of the people who annotated the document (kind
"annotation", any status), `reviewer` is the gold's author and `reviewed_at` the gold's
`updated_at` (ISO 8601), both null without gold.
"""
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Exists, F, OuterRef, QuerySet, TextField
from django.db.models.functions import Cast

from annotator.formats.records import RawJson
from annotator.models import (Annotation, AnnotationKind, AnnotationStatus, Document, EntityType, Export, JobStatus,
                              Project, Relation, RelationType, Span)
from annotator.selectors.document_tokens import pending_tokens_json
from annotator.selectors.projects import with_caller_role

# Documents a batch. Memory holds one batch; tokens are most of it (~100 KB of Python objects for a
# 450-word document), so 100 documents add about 20 MB. Without tokens, or with them as JSON text
# (~7 KB a document), a batch of 500 adds about as much, in 5 times fewer queries.
EXPORT_BATCH_SIZE = 100
EXPORT_BATCH_SIZE_TEXT = 500
POLICY_GOLD = "gold"
POLICY_LATEST = "latest"
POLICY_TEXT = {
    POLICY_GOLD: "documents with a gold annotation, exporting the gold",
    POLICY_LATEST: "every document with its gold annotation, else the most recently updated submitted annotation, "
                   "else the most recently updated draft, else the latest prediction, else no spans",
}
DOCUMENT_COLUMNS = ("id", "external_id", "title", "text", "meta", "tokens")
ANNOTATION_COLUMNS = ("id", "document_id", "kind", "status", "updated_at", "author__username")
# Lower ranks win; within a rank the most recently updated (then the highest id) wins.
_RANK = {(AnnotationKind.GOLD, AnnotationStatus.SUBMITTED): 0, (AnnotationKind.GOLD, AnnotationStatus.DRAFT): 0,
         (AnnotationKind.ANNOTATION, AnnotationStatus.SUBMITTED): 1,
         (AnnotationKind.ANNOTATION, AnnotationStatus.DRAFT): 2,
         (AnnotationKind.PREDICTION, AnnotationStatus.SUBMITTED): 3,
         (AnnotationKind.PREDICTION, AnnotationStatus.DRAFT): 3}


def export_documents(*, project: Project, only_gold: bool = True, statuses: Sequence[str] = ()) -> QuerySet[Document]:
    """The documents an export with these options holds."""
    documents = Document.objects.filter(project=project)
    if statuses:
        documents = documents.filter(status__in=list(statuses))
    if only_gold:
        gold = Annotation.objects.filter(document=OuterRef("pk"), kind=AnnotationKind.GOLD)
        documents = documents.filter(Exists(gold))
    return documents


def export_document_count(*, project: Project, only_gold: bool = True, statuses: Sequence[str] = ()) -> int:
    return export_documents(project=project, only_gold=only_gold, statuses=statuses).count()


def export_project_info(*, project: Project) -> dict:
    """What writers need to know about the project (brat's annotation.conf, colours)."""
    relation_types = RelationType.objects.filter(project=project).prefetch_related("head_types", "child_types")
    return {
        "id": project.pk,
        "name": project.name,
        "entity_types": [{"name": name, "color": color} for name, color in
                         EntityType.objects.filter(project=project).order_by("id").values_list("name", "color")],
        "relation_types": [{"name": r.name, "symmetric": r.symmetric,
                            "head_types": sorted(t.name for t in r.head_types.all()),
                            "child_types": sorted(t.name for t in r.child_types.all())}
                           for r in relation_types],
    }


@dataclass(frozen=True)
class _Labels:
    entities: dict[int, str]
    relations: dict[int, str]


def export_record_batches(*, project: Project, only_gold: bool = True, statuses: Sequence[str] = (),
                          batch_size: int | None = None, with_tokens: bool = True,
                          raw_tokens: bool = False, with_predictions: bool = False) -> Iterator[list[dict]]:
    """Lists of records (see annotator/formats/records.py), one list per batch, in document id order.

    `with_tokens=False` leaves `tokens` empty, for writers that do not use them: decoding the
    stored tokens is about half the cost of reading a document. `raw_tokens=True` gives them as
    the JSON text the database holds (a RawJson), for writers that copy it as it is: neither
    decoded nor encoded again, and a batch holds one string per document instead of a list per
    token, so batches can be larger. `with_predictions=True` adds each record's `predictions`: every
    model's prediction of the document other than the exported annotation, [{model, model_version,
    spans, relations}] (for formats that carry them: Label Studio's tasks).
    """
    if batch_size is None:
        batch_size = EXPORT_BATCH_SIZE if with_tokens and not raw_tokens else EXPORT_BATCH_SIZE_TEXT
    documents = export_documents(project=project, only_gold=only_gold, statuses=statuses).order_by("id")
    labels = _Labels(entities=dict(EntityType.objects.filter(project=project).values_list("id", "name")),
                     relations=dict(RelationType.objects.filter(project=project).values_list("id", "name")))
    columns = DOCUMENT_COLUMNS if with_tokens else DOCUMENT_COLUMNS[:-1]
    if with_tokens and raw_tokens:
        documents = documents.annotate(tokens_json=Cast("tokens", TextField()))
        columns = (*DOCUMENT_COLUMNS[:-1], "tokens_json")
    # JSON columns come as the text the database holds (read as plain tuples, see _rows) and are
    # decoded here as Django's JSONField decodes them; stored tokens stay text when `raw_tokens`.
    decoded = (4, 5) if with_tokens and not raw_tokens else (4,)
    last_id = 0
    while True:
        rows = _json_decoded(_rows(documents.filter(id__gt=last_id).values_list(*columns)[:batch_size]), decoded)
        if not rows:
            return
        # This batch's documents are those of the export between the two ids: its annotations are
        # found by that range (a subquery) rather than by a list of ids Django prepares one by one.
        batch = documents.filter(id__gt=last_id, id__lte=rows[-1][0]).values("id")
        last_id = rows[-1][0]
        if with_tokens:
            rows = _pending_tokens_filled(rows, model=project.spacy_model, raw_tokens=raw_tokens)
        yield _records(rows, batch=batch, only_gold=only_gold, labels=labels, raw_tokens=raw_tokens,
                       with_predictions=with_predictions)
        if len(rows) < batch_size:
            return


def export_records(*, project: Project, only_gold: bool = True, statuses: Sequence[str] = (),
                   batch_size: int | None = None, with_tokens: bool = True, raw_tokens: bool = False,
                   with_predictions: bool = False) -> Iterator[dict]:
    """The records one by one (see export_record_batches)."""
    for batch in export_record_batches(project=project, only_gold=only_gold, statuses=statuses,
                                       batch_size=batch_size, with_tokens=with_tokens, raw_tokens=raw_tokens,
                                       with_predictions=with_predictions):
        yield from batch


def _pending_tokens_filled(rows: list[tuple], *, model: str, raw_tokens: bool) -> list[tuple]:
    """The rows with the tokens of documents still pending (NULL, see document_tokens.py) computed."""
    pending = {row[0]: row[3] for row in rows if row[-1] is None}
    if not pending:
        return rows
    computed = pending_tokens_json(texts=pending, model=model)
    return [(*row[:-1], computed[row[0]] if raw_tokens else json.loads(computed[row[0]])) if row[-1] is None
            else row for row in rows]


def _json_decoded(rows: list[tuple], columns: tuple[int, ...]) -> list[tuple]:
    """The rows with the JSON text of these columns decoded (as JSONField.from_db_value does)."""
    loads = json.loads
    decoded = []
    for row in rows:
        row = list(row)
        for index in columns:
            if isinstance(row[index], str):
                row[index] = loads(row[index])
        decoded.append(tuple(row))
    return decoded


def _records(rows: list[tuple], *, batch: QuerySet, only_gold: bool, labels: _Labels, raw_tokens: bool = False,
             with_predictions: bool = False) -> list[dict]:
    best: dict[int, tuple] = {}  # document id -> (-rank, updated_at, id) of its best annotation so far
    gold: dict[int, tuple] = {}  # document id -> (author, updated_at)
    annotators: dict[int, set[str]] = {}
    annotations = Annotation.objects.filter(document_id__in=batch)
    if only_gold and not with_predictions:  # predictions can never be chosen: do not read them
        annotations = annotations.filter(kind__in=[AnnotationKind.GOLD, AnnotationKind.ANNOTATION])
    predictions: dict[int, list[tuple]] = {}  # document id -> [(annotation id, model, model_version)]
    columns = (*ANNOTATION_COLUMNS, "model", "model_version")
    for annotation_id, document_id, kind, status, updated_at, username, model, model_version in \
            annotations.values_list(*columns):
        if kind == AnnotationKind.PREDICTION and with_predictions:
            predictions.setdefault(document_id, []).append((annotation_id, model, model_version))
        if kind == AnnotationKind.ANNOTATION and username:
            annotators.setdefault(document_id, set()).add(username)
        elif kind == AnnotationKind.GOLD:
            gold[document_id] = (username, updated_at)
        if only_gold and kind != AnnotationKind.GOLD:
            continue
        key = (-_RANK[(kind, status)], updated_at, annotation_id)
        if document_id not in best or key > best[document_id]:
            best[document_id] = key
    annotation_of = {document_id: key[2] for document_id, key in best.items()}
    chosen = set(annotation_of.values())
    read_ids = [*chosen, *(pk for items in predictions.values() for pk, *_ in items if pk not in chosen)]
    spans: dict[int, list[dict]] = {}
    entity_names = labels.entities
    span_rows = _rows_of(Span, ("annotation", "id", "start", "end", "label", "score"), annotations=read_ids,
                         order=("annotation", "start", "end", "id"))
    for annotation_id, span_id, start, end, label_id, score in span_rows:
        span = {"id": span_id, "start": start, "end": end, "label": entity_names[label_id]}
        if score is not None:
            span["score"] = score
        spans.setdefault(annotation_id, []).append(span)
    relations: dict[int, list[dict]] = {}
    relation_names = labels.relations
    relation_rows = _rows_of(Relation, ("annotation", "head", "child", "label"), annotations=read_ids,
                             order=("annotation", "id"))
    for annotation_id, head, child, label_id in relation_rows:
        relation = {"head": head, "child": child, "label": relation_names[label_id]}
        relations.setdefault(annotation_id, []).append(relation)
    records = []
    for document_id, external_id, title, text, meta, *tokens in rows:
        annotation_id = annotation_of.get(document_id)
        reviewer, reviewed_at = gold.get(document_id, (None, None))
        records.append({
            "id": document_id, "external_id": external_id, "title": title, "text": text, "meta": meta,
            "split": None, "tokens": (RawJson(tokens[0]) if raw_tokens else tokens[0]) if tokens else [],
            "spans": spans.get(annotation_id, []), "relations": relations.get(annotation_id, []),
            "annotators": sorted(annotators.get(document_id, ())),
            "reviewer": reviewer, "reviewed_at": reviewed_at.isoformat() if reviewed_at else None,
        })
        if with_predictions:
            records[-1]["predictions"] = [
                {"model": model, "model_version": model_version, "spans": spans.get(pk, []),
                 "relations": relations.get(pk, [])}
                for pk, model, model_version in predictions.get(document_id, ()) if pk != annotation_id]
    return records


def _rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a values_list() of plain numbers as the database cursor gives them: the same
    SQL, without Django's per-row iteration (a batch has tens of thousands of span rows).

    A filter that can match nothing (`annotation_id__in=[]`: a batch of documents none of which has
    an annotation) has no SQL: Django's compiler says so with EmptyResultSet, which its own
    iteration turns into no rows; so does this, without a query."""
    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _rows_of(model, columns: tuple[str, ...], *, annotations: list[int], order: tuple[str, ...]) -> list[tuple]:
    """`model.objects.filter(annotation_id__in=annotations).order_by(*order).values_list(*columns)` (fields
    by name, foreign keys as their ids) as the database cursor gives the rows: the same SQL, without
    Django preparing each of the thousands of ids of a batch one by one. No ids, no query."""
    if not annotations:
        return []
    connection = connections[router.db_for_read(model)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)

    def column(name: str) -> str:
        return f"{table}.{quote(model._meta.get_field(name).column)}"

    # Names from the model's own fields, quoted by the backend; every value is a parameter.
    sql = (f"SELECT {', '.join(map(column, columns))} FROM {table} WHERE {column('annotation')} IN "  # nosec B608
           f"({', '.join(['%s'] * len(annotations))}) ORDER BY {', '.join(f'{column(name)} ASC' for name in order)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, annotations)
        return cursor.fetchall()


def exports_visible(*, user) -> QuerySet[Export]:
    """Exports of the user's projects, each with `caller_role` and its project's `export_role`."""
    exports = Export.objects.select_related("job", "project").annotate(export_role=F("project__export_role"))
    return with_caller_role(exports, user=user, project_path="project")


def project_exports(*, project) -> QuerySet[Export]:
    return Export.objects.filter(project=project).select_related("job").order_by("-id")


def export_is_built(export: Export) -> bool:
    return export.status == JobStatus.SUCCEEDED and bool(export.file)
