"""An annotator's own work in a project: what they drafted, submitted or skipped, and where they are in it.

"My work" is every document of the project I have an annotation of (a draft or submitted) or skipped,
in document id order: the My work page lists it, and the editor's Previous/Next walk it. Progress
counts it against what is still waiting in my queue (annotator/selectors/queue.py).
"""
from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from annotator.models import (Annotation, AnnotationKind, AnnotationStatus, Document, DocumentSkip, DocumentStatus,
                              Project)
from annotator.selectors.queue import annotator_queue

WORK_STATUSES = ("draft", "submitted", "skipped")


@dataclass(frozen=True)
class WorkItem:
    document_id: int
    title: str
    document_status: str
    status: str  # draft, submitted or skipped (a skip wins over a draft: the document left my queue)
    updated_at: datetime | None

    @property
    def document_status_label(self) -> str:
        return DocumentStatus(self.document_status).label


def my_work_documents(*, project: Project, user) -> QuerySet[Document]:
    """The documents of my work, by id, each with `my_status` (draft / submitted / None) and `my_skip`."""
    mine = Annotation.objects.filter(document_id=OuterRef("pk"), kind=AnnotationKind.ANNOTATION, author_id=user.pk)
    skipped = DocumentSkip.objects.filter(document_id=OuterRef("pk"), user_id=user.pk)
    return (Document.objects.filter(project=project)
            .annotate(my_status=Subquery(mine.values("status")[:1]), my_updated=Subquery(mine.values("updated_at")[:1]),
                      my_skip=Exists(skipped), my_skipped_at=Subquery(skipped.values("created_at")[:1]))
            .filter(Q(my_status__isnull=False) | Q(my_skip=True))
            .only("id", "title", "status").order_by("id"))


def my_work(*, project: Project, user, status: str = "") -> list[WorkItem]:
    """My work in `project` (one query), narrowed to one of WORK_STATUSES when `status` is given."""
    if status and status not in WORK_STATUSES:
        raise ValueError(f"status must be one of {', '.join(WORK_STATUSES)}")
    items = [WorkItem(document_id=row.pk, title=row.title, document_status=row.status,
                      status="skipped" if row.my_skip else row.my_status,
                      updated_at=row.my_skipped_at if row.my_skip else row.my_updated)
             for row in my_work_documents(project=project, user=user)]
    return [item for item in items if item.status == status] if status else items


@dataclass(frozen=True)
class Progress:
    done: int  # submitted by me
    drafts: int
    skipped: int
    remaining: int  # waiting in my queue (drafts included)
    done_today: int
    position: int  # the document's place in my work plus my queue, 1-based (0: neither)
    total: int  # my work plus what remains of my queue
    previous: int | None  # the document of my work before this one (by id)
    next: int | None  # the one after it

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def my_progress(*, project: Project, user, document_id: int | None = None) -> Progress:
    """Where I am in `project`: counts, and around `document_id` its place and its neighbours in my work."""
    items = my_work(project=project, user=user)
    queue_ids = list(annotator_queue(project=project, user=user).values_list("id", flat=True))
    worked = [item.document_id for item in items]
    start_of_day = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    done_today = Annotation.objects.filter(document__project=project, kind=AnnotationKind.ANNOTATION,
                                           author_id=user.pk, status=AnnotationStatus.SUBMITTED,
                                           updated_at__gte=start_of_day).count()
    # My queue after my work that left it (drafts are in both: counted once, where they are in my work).
    ordered = [item.document_id for item in items if item.status != "draft"]
    ordered += [pk for pk in queue_ids if pk not in ordered]
    previous = next_ = None
    if document_id is not None:
        previous = max((pk for pk in worked if pk < document_id), default=None)
        next_ = min((pk for pk in worked if pk > document_id), default=None)
    counts = {status: sum(1 for item in items if item.status == status) for status in WORK_STATUSES}
    return Progress(done=counts["submitted"], drafts=counts["draft"], skipped=counts["skipped"],
                    remaining=len(queue_ids), done_today=done_today,
                    position=ordered.index(document_id) + 1 if document_id in ordered else 0,
                    total=len(ordered), previous=previous, next=next_)
