"""Project statistics: progress, pre-label quality, agreement, annotator figures.

Reads the database with a fixed number of queries whatever the project's size (one per table,
values_list rows, no model instances, nothing per document), turns the rows into the plain
records of `annotator.metrics`, and lets those pure functions do the arithmetic.
"""
from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from annotator.metrics import (
    AnnotationRecord, Relation, Span, annotator_agreement, annotator_figures, prelabel_quality, status_progress,
)
from annotator.metrics import document_disagreement as disagreement_by_document
from annotator.models import (
    Annotation, AnnotationKind, AnnotationStatus, Document, DocumentStatus, Membership, Project,
    RelationType, Role,
)
from annotator.models import Relation as RelationRow
from annotator.models import Span as SpanRow


def project_stats(*, project: Project) -> dict:
    """{"progress": {"total", "by_status"}, "prelabel_quality": {"model@version": {...}},
    "agreement": {"pairs": [...], "vs_gold": [...]}, "annotators": [...]}; see annotator.metrics
    for what each figure means. Floats are rounded to 4 decimals; an empty project gives zeros
    and empty lists."""
    status_counts = dict(
        Document.objects.filter(project=project).order_by().values("status").annotate(n=Count("id"))
        .values_list("status", "n")
    )
    annotations = project_annotation_records(project=project)
    symmetric = symmetric_relation_labels(project=project)
    annotator_usernames = (Membership.objects.filter(project=project, role=Role.ANNOTATOR)
                           .values_list("user__username", flat=True))
    return {
        "progress": status_progress(status_counts, statuses=DocumentStatus.values),
        "prelabel_quality": prelabel_quality(annotations, symmetric_relation_labels=symmetric),
        "agreement": annotator_agreement(annotations, tokens_by_document=_tokens_of_annotated_documents(project),
                                         symmetric_relation_labels=symmetric),
        "annotators": annotator_figures(annotations, now=timezone.now(), usernames=annotator_usernames),
    }


def document_disagreement(*, project: Project) -> dict[int, float]:
    """document id -> disagreement in [0, 1] for every document of the project, for sorting the
    review queue worst first (see annotator.metrics.agreement.document_disagreement for the rule;
    documents without a submitted annotation get 0.0)."""
    scores = dict.fromkeys(Document.objects.filter(project=project).values_list("id", flat=True), 0.0)
    scores.update(disagreement_by_document(project_annotation_records(project=project)))
    return scores


def project_annotation_records(*, project: Project) -> list[AnnotationRecord]:
    """Every annotation of the project with its spans and relations, in three queries."""
    in_project = {"annotation__document__project": project}
    spans_by_id: dict[int, Span] = {}
    spans_of: dict[int, list[Span]] = defaultdict(list)
    span_rows = SpanRow.objects.filter(**in_project).order_by().values_list(
        "id", "annotation_id", "start", "end", "label__name")
    for span_id, annotation_id, start, end, label in span_rows:
        span = Span(start, end, label)
        spans_by_id[span_id] = span
        spans_of[annotation_id].append(span)
    relations_of: dict[int, list[Relation]] = defaultdict(list)
    relation_rows = RelationRow.objects.filter(**in_project).order_by().values_list(
        "annotation_id", "head_id", "child_id", "label__name")
    for annotation_id, head_id, child_id, label in relation_rows:
        head, child = spans_by_id.get(head_id), spans_by_id.get(child_id)
        # An annotation saved between the span query and this one can bring relations to spans we did
        # not read; leave them out rather than fail (the next read sees the saved state whole).
        if head is not None and child is not None:
            relations_of[annotation_id].append(Relation(head, child, label))
    rows = Annotation.objects.filter(document__project=project).order_by("id").values_list(
        "id", "document_id", "kind", "author__username", "model", "model_version", "status", "time_spent", "updated_at",
    )
    return [
        AnnotationRecord(
            document_id=document_id, kind=kind, author=author, model=model, model_version=model_version,
            status=status, time_spent=time_spent, updated_at=updated_at,
            spans=tuple(spans_of.get(annotation_id, ())), relations=tuple(relations_of.get(annotation_id, ())),
        )
        for annotation_id, document_id, kind, author, model, model_version, status, time_spent, updated_at in rows
    ]


def symmetric_relation_labels(*, project: Project) -> frozenset[str]:
    return frozenset(RelationType.objects.filter(project=project, symmetric=True).values_list("name", flat=True))


def _tokens_of_annotated_documents(project: Project) -> dict[int, list[list[int]]]:
    """Tokens (for kappa) of the documents that have a submitted annotation: only those are
    compared, and leaving the rest out keeps a large project's token lists out of memory."""
    submitted = Annotation.objects.filter(document=OuterRef("pk"), kind=AnnotationKind.ANNOTATION,
                                          status=AnnotationStatus.SUBMITTED)
    documents = Document.objects.filter(project=project).filter(Exists(submitted)).order_by()
    return dict(documents.values_list("id", "tokens"))
