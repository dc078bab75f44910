"""The project statistics as they were computed before the figures were kept (issue 19): every
annotation of the project read into Python and fed to annotator.metrics. Kept as the reference the
property test (tests/services/test_figures_property.py) holds the kept figures to."""
from django.db.models import Count, Q
from django.utils import timezone

from annotator.metrics import (annotator_agreement, annotator_figures, document_time_figures, prelabel_quality,
                               review_decisions, status_progress)
from annotator.metrics.comparison import model_comparison
from annotator.models import AnnotationKind, Document, DocumentStatus, Job, JobStatus, Membership, Project, Role
from annotator.selectors.stats import (_registry_order, _tokens_of_annotated_documents, project_annotation_records,
                                       symmetric_relation_labels)


def project_stats_reference(*, project: Project, now=None) -> dict:
    status_counts = dict(
        Document.objects.filter(project=project).order_by().values("status").annotate(n=Count("id"))
        .values_list("status", "n")
    )
    annotations = project_annotation_records(project=project)
    symmetric = symmetric_relation_labels(project=project)
    annotator_usernames = (Membership.objects.filter(project=project, role=Role.ANNOTATOR)
                           .values_list("user__username", flat=True))
    by_kind = dict.fromkeys(AnnotationKind.values, 0)
    for annotation in annotations:
        by_kind[annotation.kind] = by_kind.get(annotation.kind, 0) + 1
    jobs = Job.objects.filter(project=project).aggregate(
        running=Count("id", filter=Q(status=JobStatus.RUNNING)),
        queued=Count("id", filter=Q(status=JobStatus.QUEUED)),
    )
    progress = status_progress(status_counts, statuses=DocumentStatus.values)
    return {
        "documents": {"total": progress["total"], "by_status": dict(progress["by_status"])},
        "annotations": by_kind,
        "jobs": jobs,
        "progress": progress,
        "prelabel_quality": prelabel_quality(annotations, symmetric_relation_labels=symmetric),
        "review_decisions": review_decisions(annotations),
        "model_comparison": model_comparison(annotations, order=_registry_order(project),
                                             symmetric_relation_labels=symmetric),
        "agreement": annotator_agreement(annotations, tokens_by_document=_tokens_of_annotated_documents(project),
                                         symmetric_relation_labels=symmetric),
        "annotators": annotator_figures(annotations, now=now or timezone.now(), usernames=annotator_usernames),
        "time_per_document": document_time_figures(annotations),
    }
