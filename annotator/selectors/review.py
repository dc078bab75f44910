"""The review queue: documents ready for a reviewer, worst disagreement first.

A document is ready for review when its status is `submitted`: the annotation service moves it
there once `project.annotators_per_document` people have submitted it. In single-pass mode a
reviewer also takes documents nobody submitted that have a model's prediction, and corrects the
pre-label straight to gold. A document an annotator flagged for review (an open flag thread,
annotator/services/threads.py) is in the queue whatever its status, so a reviewer sees it. Gold and
skipped documents are never in the queue. The queue may be narrowed to flagged documents or to
documents with open comment threads (REVIEW_FILTERS): then it holds every such document, ready or not.

Single-pass mode is on when asked for, and by default in a project without annotators (only
reviewers and managers: there is nobody to wait for).
"""
from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from annotator.models import (Annotation, AnnotationKind, AnnotationStatus, Document, DocumentStatus, Membership,
                              Project, Role, Thread)
from annotator.selectors.queue import CLOSED_STATUSES

# How the queue may be sorted: by disagreement (worst first by default) or by id.
REVIEW_ORDERINGS = ("-disagreement", "disagreement", "id", "-id")
# How the queue may be narrowed: "" (everything ready), flagged for review, with open comment threads.
REVIEW_FILTERS = ("", "flagged", "open_threads")


@dataclass(frozen=True)
class ReviewItem:
    document: Document
    disagreement: float
    submitted: int
    has_prediction: bool
    open_threads: int = 0
    flagged: bool = False


def single_pass_default(*, project: Project) -> bool:
    """True when the project has no annotators: reviewers then work from the pre-labels."""
    return not Membership.objects.filter(project=project, role=Role.ANNOTATOR).exists()


def _ready_documents(*, project: Project, single_pass: bool, only: str = "") -> QuerySet[Document]:
    if only not in REVIEW_FILTERS:
        raise ValueError(f"only must be one of {', '.join(REVIEW_FILTERS)}")
    prediction = Annotation.objects.filter(document=OuterRef("pk"), kind=AnnotationKind.PREDICTION)
    open_threads = Thread.objects.filter(document=OuterRef("pk"), resolved_at__isnull=True)
    ready = Q(status=DocumentStatus.SUBMITTED) | Q(flagged=True)
    if single_pass:
        ready |= Q(has_prediction=True)
    documents = (Document.objects.filter(project=project).exclude(status__in=CLOSED_STATUSES)
                 .annotate(has_prediction=Exists(prediction), flagged=Exists(open_threads.filter(flag=True))))
    # Narrowed, the queue shows every document the filter names, ready or not: a question waits for an
    # answer whatever the document's status.
    if only == "flagged":
        return documents.filter(flagged=True)
    if only == "open_threads":
        return documents.filter(Exists(open_threads))
    return documents.filter(ready)


def review_documents(*, project: Project, single_pass: bool, only: str = "") -> QuerySet[Document]:
    """The documents of the review queue (unordered), each with `submitted_count`, `has_prediction`, `flagged`
    and `open_thread_count`."""
    submitted = Q(annotations__kind=AnnotationKind.ANNOTATION, annotations__status=AnnotationStatus.SUBMITTED)
    open_threads = (Thread.objects.filter(document=OuterRef("pk"), resolved_at__isnull=True).values("document_id")
                    .annotate(n=Count("id")).values("n"))
    return (_ready_documents(project=project, single_pass=single_pass, only=only)
            .annotate(submitted_count=Count("annotations", filter=submitted),
                      open_thread_count=Coalesce(Subquery(open_threads, output_field=IntegerField()), Value(0)))
            .only("id", "project_id", "title", "status"))


def review_queue(*, project: Project, single_pass: bool, ordering: str = "-disagreement",
                 only: str = "") -> list[ReviewItem]:
    """The review queue in the order asked for (ties by id), narrowed by `only` (REVIEW_FILTERS), in one
    query: the disagreement of each document is the one kept as its annotations were written
    (Document.figure_disagreement, annotator/services/figures.py)."""
    if ordering not in REVIEW_ORDERINGS:
        raise ValueError(f"ordering must be one of {', '.join(REVIEW_ORDERINGS)}")
    rows = review_documents(project=project, single_pass=single_pass, only=only).only(
        "id", "project_id", "title", "status", "figure_disagreement").order_by(*_order_by(ordering))
    return [ReviewItem(document=row, disagreement=row.figure_disagreement, submitted=row.submitted_count,
                       has_prediction=row.has_prediction, flagged=row.flagged, open_threads=row.open_thread_count)
            for row in rows]


def _order_by(ordering: str) -> tuple[str, ...]:
    if ordering.lstrip("-") == "disagreement":
        return ("-figure_disagreement" if ordering.startswith("-") else "figure_disagreement", "id")
    return (ordering,)


def next_document_for_review(*, project: Project, single_pass: bool) -> Document | None:
    """The document most in need of review (highest disagreement, then lowest id), or None."""
    return (_ready_documents(project=project, single_pass=single_pass).order_by("-figure_disagreement", "id")
            .only("id", "project_id", "title", "status").first())


class RankedDocuments:
    """Documents in disagreement order, for a paginator: `len()` counts them, and a slice reads only its
    own documents (one query, through the index on the kept disagreement), as (document, disagreement)
    pairs."""

    def __init__(self, *, documents: QuerySet[Document]):
        self._documents = documents

    def count(self) -> int:
        return self._documents.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[tuple[Document, float]]:
        if not isinstance(index, slice):
            raise TypeError("RankedDocuments is read by slices (a page at a time)")
        return [(document, document.ranked_disagreement) for document in self._documents[index]]


def documents_ranked(*, project: Project, documents: QuerySet[Document], descending: bool = True) -> RankedDocuments:
    """`documents` (a filtered queryset of the project's documents) ranked by disagreement, ties by id,
    each page read with its scores: the API's `?ordering=-disagreement` (or `disagreement`, ascending)."""
    order = "-figure_disagreement" if descending else "figure_disagreement"
    # Annotated, not loaded as the field: the caller's queryset may defer it (.only()).
    return RankedDocuments(documents=documents.filter(project=project).annotate(
        ranked_disagreement=F("figure_disagreement")).order_by(order, "id"))
