"""Project statistics: progress, pre-label quality, agreement, annotator figures.

The stats read the sums kept as work is saved (annotator/services/figures.py) with a fixed number
of queries; `project_annotation_records` reads the annotations themselves, as plain records of
`annotator.metrics` (values_list rows, no model instances), for the documents whose figures are
being recomputed.
"""
from __future__ import annotations

import json
from collections import defaultdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from annotator.metrics import AnnotationRecord, Decision, Relation, Span, document_time_figures, status_progress
from annotator.metrics import document_disagreement as disagreement_by_document
from annotator.metrics.figures_read import (annotator_agreement_read, comparison_signature, kind_counts_read,
                                            model_comparison_read, prelabel_quality_read, review_decisions_read)
from annotator.metrics.progress import RECENT_WINDOWS_DAYS, WorkRow, annotator_work_figures
from annotator.models import (
    Annotation, AnnotationKind, AnnotationStatus, Document, DocumentFigures, DocumentStatus, Job, JobStatus,
    Membership, Project, ProjectFigure, RelationType, Role, TrainedModel,
)
from annotator.models import Relation as RelationRow
from annotator.models import Span as SpanRow
from annotator.selectors.document_tokens import pending_tokens_json


def project_stats(*, project: Project) -> dict:
    """Everything `GET projects/{id}/stats/` answers, in a fixed number of queries whatever the
    project's size: the sums kept as work is saved (annotator/services/figures.py,
    annotator/metrics/figures.py) rather than every annotation:

    - "documents" and "progress": {"total", "by_status"}, every status present (the same figures;
      "documents" is the name the API had first, "progress" the metrics' name);
    - "annotations": count per kind; "jobs": {"running", "queued"};
    - "prelabel_quality": {"model@version": {"exact", "relaxed", "relations", "documents"}};
    - "review_decisions": {"model@version": {"accepted", "rejected", "accept_rate", "per_label", "documents"}},
      the suggestions people and reviewers accepted or rejected (read with the annotation rows);
    - "model_comparison": every model version on the gold documents they all predicted, side by side
      (annotator/metrics/comparison.py; one more query, the project's trained versions, for the order);
    - "agreement": {"pairs": [...], "vs_gold": [...]};
    - "annotators": one row per annotator (members with the annotator role included), and
      "time_per_document": read from people's annotation rows (no spans), as they depend on the time.

    See annotator.metrics for what each figure means. Floats are rounded to 4 decimals; an empty
    project gives zeros and empty lists.
    """
    totals = project_figure_totals(project=project)
    # Kept by database triggers on the document rows (annotator/figures_triggers.py).
    status_counts = {key[1]: value for key, value in totals.items() if key[0] == "status" and value}
    people = _people_work(project, now=timezone.now())
    annotator_usernames = (Membership.objects.filter(project=project, role=Role.ANNOTATOR)
                           .values_list("user__username", flat=True))
    jobs = Job.objects.filter(project=project).aggregate(
        running=Count("id", filter=Q(status=JobStatus.RUNNING)),
        queued=Count("id", filter=Q(status=JobStatus.QUEUED)),
    )
    progress = status_progress(status_counts, statuses=DocumentStatus.values)
    return {
        "documents": {"total": progress["total"], "by_status": dict(progress["by_status"])},
        "annotations": kind_counts_read(totals, kinds=AnnotationKind.values),
        "jobs": jobs,
        "progress": progress,
        "prelabel_quality": prelabel_quality_read(totals),
        "review_decisions": review_decisions_read(totals),
        "model_comparison": _model_comparison(project, totals),
        "agreement": annotator_agreement_read(totals, usernames=_usernames_of(totals)),
        "annotators": annotator_work_figures(people, usernames=annotator_usernames),
        "time_per_document": document_time_figures(people),
    }


def project_figure_totals(*, project: Project) -> dict[tuple, int]:
    """The project's counters (annotator/metrics/figures.py), as kept: key -> sum over its documents."""
    return {tuple(json.loads(key)): value
            for key, value in ProjectFigure.objects.filter(project=project).values_list("key", "value")}


def _model_comparison(project: Project, totals: dict[tuple, int]) -> dict:
    shared = (DocumentFigures.objects.filter(project=project, gold_signature=comparison_signature(totals))
              .order_by("document_id").values_list("document_id"))
    return model_comparison_read(totals, shared_ids=[pk for (pk,) in _fetched(shared)],
                                 order=_registry_order(project))


def _fetched(rows: QuerySet) -> list[tuple]:
    """The rows of a values_list queryset as the database driver gives them, fetched at once: for columns
    that need no conversion (integers, floats, text, the database's booleans), where a hundred thousand
    rows would otherwise go through the ORM's converters one by one."""
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _usernames_of(totals: dict[tuple, int]) -> dict[int, str]:
    ids = {key[1] for key in totals if key[0] == "vg"} | {key[i] for key in totals if key[0] == "ag" for i in (1, 2)}
    return {pk: name for pk, name in get_user_model().objects.filter(pk__in=ids).values_list("pk", "username")
            if name}


def _people_work(project: Project, *, now) -> list[WorkRow]:
    """People's annotations of the project without their items, in id order, what the annotator figures
    read: walked through their own index (annotation_people) and each one's document looked up by its
    id for its project, the recent windows compared in the database (no date read back per row). The
    project is a scalar subquery, not EXISTS: PostgreSQL turns EXISTS into a hash join over every
    document of the project (433 ms for 20,000 annotations of 1,000,000 documents against 152 ms)."""
    project_of = Subquery(Document.objects.filter(pk=OuterRef("document_id")).values("project_id")[:1])
    windows = {f"recent_{days}": ExpressionWrapper(Q(updated_at__gte=now - timedelta(days=days)),
                                                   output_field=BooleanField())
               for days in RECENT_WINDOWS_DAYS}
    rows = (Annotation.objects.filter(kind=AnnotationKind.ANNOTATION).alias(project_of=project_of)
            .filter(project_of=project.pk).annotate(**windows)
            .order_by("id").values_list("document_id", "author__username", "status", "time_spent", *windows))
    return [WorkRow(document_id, author, status, time_spent, tuple(recent))
            for document_id, author, status, time_spent, *recent in _fetched(rows)]


def project_model_comparison(*, project: Project) -> dict:
    """Only the "model_comparison" part of the stats (for the evaluate command)."""
    return _model_comparison(project, project_figure_totals(project=project))


def _registry_order(project: Project) -> list[str]:
    """Model names in the order versions follow each other: the project's pipeline, then the versions
    trained here by number (other installed pipelines come before, by name)."""
    trained = TrainedModel.objects.filter(project=project).order_by("version").values_list("name", flat=True)
    return [project.spacy_model, *trained]


def document_disagreement(*, project: Project, documents: QuerySet[Document] | None = None) -> dict[int, float]:
    """document id -> disagreement in [0, 1] for every document of the project (or of `documents`,
    a queryset of the project's documents), for sorting the review queue worst first (see
    annotator.metrics.agreement.document_disagreement for the rule; documents without a submitted
    annotation get 0.0). Only the annotations of those documents are read."""
    documents = Document.objects.filter(project=project) if documents is None else documents.filter(project=project)
    scores = dict.fromkeys(documents.order_by().values_list("id", flat=True), 0.0)
    records = project_annotation_records(project=project, documents=documents)
    scores.update({pk: score for pk, score in disagreement_by_document(records).items() if pk in scores})
    return scores


def project_annotation_records(*, project: Project, documents: QuerySet[Document] | None = None,
                               author_field: str = "author__username") -> list[AnnotationRecord]:
    """Every annotation of the project (or of `documents` only) with its spans, relations and review
    decisions, in three queries (`documents` goes in as a subquery, never as a list of ids; the
    decisions are a column of the annotation rows). `author_field`: what names the author ("author_id":
    the user's id, which a change of username leaves alone)."""
    in_project = {"annotation__document__project": project}
    annotation_filter = {"document__project": project}
    if documents is not None:
        ids = documents.order_by().values("id")
        in_project["annotation__document_id__in"] = ids
        annotation_filter["document_id__in"] = ids
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
    rows = Annotation.objects.filter(**annotation_filter).order_by("id").values_list(
        "id", "document_id", "kind", author_field, "model", "model_version", "status", "time_spent", "updated_at",
        "decisions",
    )
    return [
        AnnotationRecord(
            document_id=document_id, kind=kind, author=author, model=model, model_version=model_version,
            status=status, time_spent=time_spent, updated_at=updated_at,
            spans=tuple(spans_of.get(annotation_id, ())), relations=tuple(relations_of.get(annotation_id, ())),
            decisions=_decision_records(decisions),
        )
        for annotation_id, document_id, kind, author, model, model_version, status, time_spent, updated_at, decisions
        in rows
    ]


def _decision_records(decisions) -> tuple[Decision, ...]:
    """Annotation.decisions (as annotator/rules/decisions.py stores them) as metrics records."""
    return tuple(Decision(item["start"], item["end"], item["label"], item["model"], item.get("model_version") or "",
                          item["decision"]) for item in decisions or ())


def symmetric_relation_labels(*, project: Project) -> frozenset[str]:
    return frozenset(RelationType.objects.filter(project=project, symmetric=True).values_list("name", flat=True))


def _tokens_of_annotated_documents(project: Project) -> dict[int, list[list[int]]]:
    """Tokens (for kappa) of the documents that have a submitted annotation: only those are
    compared, and leaving the rest out keeps a large project's token lists out of memory."""
    submitted = Annotation.objects.filter(document=OuterRef("pk"), kind=AnnotationKind.ANNOTATION,
                                          status=AnnotationStatus.SUBMITTED)
    documents = Document.objects.filter(project=project).filter(Exists(submitted)).order_by()
    tokens = dict(documents.values_list("id", "tokens"))
    pending = [pk for pk, value in tokens.items() if value is None]  # not filled by a worker yet
    if pending:
        texts = dict(Document.objects.filter(pk__in=pending).values_list("id", "text"))
        tokens.update((pk, json.loads(value)) for pk, value in
                      pending_tokens_json(texts=texts, model=project.spacy_model).items())
    return tokens
