"""The annotator's queue: which document of a project a person should annotate next.

A document is in my queue when it is not gold or skipped, I have not submitted it, and
either I have a draft of it or fewer than `project.annotators_per_document` other people
have submitted it, and I have not skipped it (annotator/services/threads.py). Drafts come first
(finish what you started), then by id. A document that already has enough submissions from
others is done for me and is not offered.
"""
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from annotator.models import Annotation, AnnotationKind, AnnotationStatus, Document, DocumentStatus, Project

# Documents nobody works on any more: in neither the annotator's queue nor the review queue.
CLOSED_STATUSES = (DocumentStatus.GOLD, DocumentStatus.SKIPPED)


def annotator_queue(*, project: Project, user) -> QuerySet[Document]:
    """The documents of `project` waiting for `user`, in the order they are offered (one query)."""
    own = Annotation.objects.filter(document_id=OuterRef("pk"), kind=AnnotationKind.ANNOTATION, author_id=user.pk)
    submitted_by_others = (
        Annotation.objects.filter(document_id=OuterRef("pk"), kind=AnnotationKind.ANNOTATION,
                                  status=AnnotationStatus.SUBMITTED)
        .exclude(author_id=user.pk)
        .values("document_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        Document.objects.filter(project=project)
        .exclude(status__in=CLOSED_STATUSES)
        .exclude(skips__user_id=user.pk)
        .annotate(
            has_draft=Exists(own.filter(status=AnnotationStatus.DRAFT)),
            submitted_by_me=Exists(own.filter(status=AnnotationStatus.SUBMITTED)),
            submitted_by_others=Coalesce(Subquery(submitted_by_others, output_field=IntegerField()), Value(0)),
        )
        .filter(submitted_by_me=False)
        .filter(Q(has_draft=True) | Q(submitted_by_others__lt=project.annotators_per_document))
        .order_by("-has_draft", "id")
        .only("id", "project_id", "title", "status")
    )


def next_document_for_annotator(*, project: Project, user) -> Document | None:
    """The next document `user` should annotate in `project`, or None when nothing is left."""
    return annotator_queue(project=project, user=user).first()
