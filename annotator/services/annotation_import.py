"""Storing imported annotations (predictions or gold) of many documents at once.

Bodies arrive checked (annotator/rules, by the import service) and are stored with a fixed
number of statements whatever the number of documents or spans: existing annotations of the
same kind (predictions: of the same model name) are updated in place (version + 1), missing
ones are created with one bulk insert of plain rows (annotator/services/bulk.py), and their
spans and relations replaced by annotator/services/annotation_store.py, which adds the version
each annotation now is to its history (source `import`).
Re-running the same import stores the same result: idempotent.
"""
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from annotator.models import Annotation, AnnotationKind, AnnotationStatus, Document, DocumentStatus, VersionSource
from annotator.selectors.annotations import LabelSet
from annotator.services.annotation_store import History, VersionHead, annotation_bodies_replace
from annotator.services.auto_train import auto_train_on_commit
from annotator.services.bulk import db_datetime, rows_insert_returning_ids

IMPORT_KINDS = (AnnotationKind.PREDICTION, AnnotationKind.ANNOTATION, AnnotationKind.GOLD)
# A person's imported annotation moves a document not yet worked on to `submitted`.
NOT_WORKED_ON = (DocumentStatus.NEW, DocumentStatus.PRELABELED, DocumentStatus.IN_PROGRESS)
ANNOTATION_COLUMNS = ("document", "kind", "author", "model", "model_version", "status", "version", "time_spent",
                      "decisions", "created_at", "updated_at")


@dataclass
class ImportedAnnotations:
    documents: int = 0
    created: int = 0
    replaced: int = 0
    spans: int = 0
    relations: int = 0


def annotations_import(*, kind: str, document_ids: Sequence[int], bodies: Sequence[dict], labels: LabelSet,
                       author=None, model: str = "", model_version: str = "") -> ImportedAnnotations:
    """Store `bodies[i]` ({spans, relations}, checked) as the `kind` annotation of `document_ids[i]`.

    The same document twice: the later body wins. Gold replaces the document's gold (authored by
    `author`, submitted) and makes the document `gold`; a person's annotation (kind "annotation",
    another tool's file) replaces `author`'s annotation, submitted, and makes a document nobody
    finished `submitted`; a prediction replaces the prediction of `model` (recording
    `model_version`) and makes a `new` document `prelabeled`.
    """
    if kind == AnnotationKind.ANNOTATION and author is None:
        raise ValueError("a person's annotation needs its author")
    if kind not in IMPORT_KINDS:
        raise ValueError(f"kind must be one of {IMPORT_KINDS}, got {kind!r}")
    body_of = dict(zip(document_ids, bodies))  # later bodies of the same document win
    ids = list(body_of)
    counts = ImportedAnnotations(documents=len(ids))
    if not ids:
        return counts
    now = timezone.now()
    with transaction.atomic():
        # Locked while read: the version numbers written to the history follow the ones read here.
        existing = Annotation.objects.select_for_update().filter(document_id__in=ids, kind=kind)
        if kind == AnnotationKind.PREDICTION:
            existing = existing.filter(model=model)
        elif kind == AnnotationKind.ANNOTATION:
            existing = existing.filter(author=author)
        found = list(existing.values_list("document_id", "pk", "version", "model_version"))
        annotation_of = {document_id: pk for document_id, pk, _version, _model_version in found}
        old = list(annotation_of.values())
        if old:
            changes = {"version": F("version") + 1, "updated_at": now}
            if kind == AnnotationKind.GOLD:
                changes.update(author=author, status=AnnotationStatus.SUBMITTED)
            elif kind == AnnotationKind.ANNOTATION:
                changes.update(status=AnnotationStatus.SUBMITTED)
            else:
                changes.update(model_version=model_version)
            Annotation.objects.filter(pk__in=old).update(**changes)
        missing = [pk for pk in ids if pk not in annotation_of]
        stamp = db_datetime(Annotation, now)
        author_id = author.pk if author is not None and kind != AnnotationKind.PREDICTION else None
        status = AnnotationStatus.DRAFT if kind == AnnotationKind.PREDICTION else AnnotationStatus.SUBMITTED
        model_name = model if kind == AnnotationKind.PREDICTION else ""
        version_name = model_version if kind == AnnotationKind.PREDICTION else ""
        created = rows_insert_returning_ids(
            model=Annotation, columns=ANNOTATION_COLUMNS,
            rows=[(pk, str(kind), author_id, model_name, version_name, status.value, 1, 0.0, "[]", stamp, stamp)
                  for pk in missing])  # "[]": no review decisions (the column has no database default)
        counts.created, counts.replaced = len(created), len(old)
        annotation_of.update(zip(missing, created))
        heads = {pk: VersionHead(document_id=document_id, kind=kind, version=version + 1, status=status,
                                 author_id=author_id, model=model_name,
                                 model_version=version_name if kind == AnnotationKind.PREDICTION else old_version)
                 for document_id, pk, version, old_version in found}
        heads.update((pk, VersionHead(document_id=document_id, kind=kind, version=1, status=status,
                                      author_id=author_id, model=model_name, model_version=version_name))
                     for document_id, pk in zip(missing, created))
        project_id = Document.objects.filter(pk=ids[0]).values_list("project_id", flat=True).get()
        stored = annotation_bodies_replace(bodies={annotation_of[pk]: body_of[pk] for pk in ids}, labels=labels,
                                           cleared=old, history=History(project_id=project_id,
                                                                        source=VersionSource.IMPORT, heads=heads,
                                                                        created_at=now))
        counts.spans, counts.relations = stored.spans, len(stored.relations)
        documents = Document.objects.filter(pk__in=ids)
        if kind == AnnotationKind.GOLD:
            documents.update(status=DocumentStatus.GOLD, updated_at=now)
            auto_train_on_commit(project_id=project_id)  # annotator/services/auto_train.py
        elif kind == AnnotationKind.ANNOTATION:
            documents.filter(status__in=NOT_WORKED_ON).update(status=DocumentStatus.SUBMITTED, updated_at=now)
        else:
            documents.filter(status=DocumentStatus.NEW).update(status=DocumentStatus.PRELABELED, updated_at=now)
    return counts
