"""Storing imported annotations (predictions or gold) of many documents at once.

Bodies arrive checked (annotator/rules, by the import service) and are stored with a fixed
number of statements whatever the number of documents or spans: existing annotations of the
same kind (predictions: of the same model name) are updated in place (version + 1) and their
spans and relations deleted with one statement each; missing ones are created with one bulk
insert; then all spans with one bulk insert (per database batch), and all relations, mapped
to the new span ids. Re-running the same import stores the same result: idempotent.
"""
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from annotator.models import Annotation, AnnotationKind, AnnotationStatus, Document, DocumentStatus, Relation, Span
from annotator.selectors.annotations import LabelSet

IMPORT_KINDS = (AnnotationKind.PREDICTION, AnnotationKind.GOLD)
SPAN_BATCH_SIZE = 2000


@dataclass
class ImportedAnnotations:
    documents: int = 0
    created: int = 0
    replaced: int = 0
    spans: int = 0
    relations: int = 0


def annotations_import(*, kind: str, document_ids: Sequence[int], bodies: Sequence[dict], labels: LabelSet,
                       author=None, model: str = "") -> ImportedAnnotations:
    """Store `bodies[i]` ({spans, relations}, checked) as the `kind` annotation of `document_ids[i]`.

    The same document twice: the later body wins. Gold replaces the document's gold (authored by
    `author`, submitted) and makes the document `gold`; a prediction replaces the prediction of
    `model` and makes a `new` document `prelabeled`.
    """
    if kind not in IMPORT_KINDS:
        raise ValueError(f"kind must be one of {IMPORT_KINDS}, got {kind!r}")
    body_of = dict(zip(document_ids, bodies))  # later bodies of the same document win
    ids = list(body_of)
    counts = ImportedAnnotations(documents=len(ids))
    if not ids:
        return counts
    now = timezone.now()
    with transaction.atomic():
        existing = Annotation.objects.filter(document_id__in=ids, kind=kind)
        if kind == AnnotationKind.PREDICTION:
            existing = existing.filter(model=model)
        annotation_of = dict(existing.values_list("document_id", "pk"))
        old = list(annotation_of.values())
        if old:
            relations = Relation.objects.filter(annotation_id__in=old)
            relations._raw_delete(relations.db)
            spans = Span.objects.filter(annotation_id__in=old)
            spans._raw_delete(spans.db)
            changes = {"version": F("version") + 1, "updated_at": now}
            if kind == AnnotationKind.GOLD:
                changes.update(author=author, status=AnnotationStatus.SUBMITTED)
            Annotation.objects.filter(pk__in=old).update(**changes)
        created = Annotation.objects.bulk_create([
            Annotation(document_id=pk, kind=kind, author=author if kind == AnnotationKind.GOLD else None,
                       model=model if kind == AnnotationKind.PREDICTION else "",
                       status=AnnotationStatus.SUBMITTED if kind == AnnotationKind.GOLD else AnnotationStatus.DRAFT)
            for pk in ids if pk not in annotation_of
        ])
        counts.created, counts.replaced = len(created), len(old)
        annotation_of.update({annotation.document_id: annotation.pk for annotation in created})
        keys, rows = [], []
        for pk in ids:
            for span in body_of[pk].get("spans") or ():
                keys.append((pk, span["id"]))
                rows.append(Span(annotation_id=annotation_of[pk], start=span["start"], end=span["end"],
                                 label_id=labels.entity_ids[span["label"]], score=span.get("score")))
        stored = Span.objects.bulk_create(rows, batch_size=SPAN_BATCH_SIZE)
        span_pk = {key: row.pk for key, row in zip(keys, stored)}
        relations = Relation.objects.bulk_create([
            Relation(annotation_id=annotation_of[pk], head_id=span_pk[(pk, relation["head"])],
                     child_id=span_pk[(pk, relation["child"])], label_id=labels.relation_ids[relation["label"]])
            for pk in ids for relation in body_of[pk].get("relations") or ()
        ], batch_size=SPAN_BATCH_SIZE)
        counts.spans, counts.relations = len(stored), len(relations)
        documents = Document.objects.filter(pk__in=ids)
        if kind == AnnotationKind.GOLD:
            documents.update(status=DocumentStatus.GOLD, updated_at=now)
        else:
            documents.filter(status=DocumentStatus.NEW).update(status=DocumentStatus.PRELABELED, updated_at=now)
    return counts
