"""The annotator's queue: which document of a project a person should annotate next.

A document is in my queue when it is not gold or skipped, I have not submitted or skipped it
(annotator/services/threads.py), and
one of these holds:
- I have a draft of it (finish what you started);
- a manager assigned it to me (annotator/services/assignments.py), whatever others did;
- it is assigned to nobody, the project offers unassigned documents (`queue_unassigned`),
  and fewer than `project.annotators_per_document` other people have submitted it.
A document assigned to someone else is theirs: it is not offered to me.

Order: drafts, then documents assigned to me, then unassigned ones; within each, the project's
queue order (by id, or most uncertain / most disputed first: annotator/selectors/queue_order.py).

The next document is found without looking at the whole project: my drafts and my assignments
first (small sets, through their own tables), then the project's open documents walked through an
index in the queue's order until the first one I may take (LIMIT 1).
"""
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from annotator.models import Annotation, AnnotationKind, AnnotationStatus, Assignment, Document, DocumentSkip, Project
from annotator.models.document import CLOSED_STATUSES, QUEUE_OPEN
from annotator.selectors.queue_order import queue_ordering

# Drafts first, then what a manager assigned me; then the project's queue order (queue_order.py).
QUEUE_ORDER = ("-has_draft", "-assigned_to_me")


def _offered(*, project: Project, user) -> QuerySet[Document]:
    """Open documents of `project` annotated with what decides whether and where `user` gets them."""
    own = Annotation.objects.filter(document_id=OuterRef("pk"), kind=AnnotationKind.ANNOTATION, author_id=user.pk)
    submitted_by_others = (
        Annotation.objects.filter(document_id=OuterRef("pk"), kind=AnnotationKind.ANNOTATION,
                                  status=AnnotationStatus.SUBMITTED)
        .exclude(author_id=user.pk)
        .values("document_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    assignments = Assignment.objects.filter(document_id=OuterRef("pk"))
    return (
        Document.objects.filter(project=project)
        .exclude(status__in=CLOSED_STATUSES)
        .exclude(skips__user_id=user.pk)
        .annotate(
            has_draft=Exists(own.filter(status=AnnotationStatus.DRAFT)),
            submitted_by_me=Exists(own.filter(status=AnnotationStatus.SUBMITTED)),
            submitted_by_others=Coalesce(Subquery(submitted_by_others, output_field=IntegerField()), Value(0)),
            assigned_to_me=Exists(assignments.filter(user_id=user.pk)),
            assigned=Exists(assignments),
        )
        .filter(submitted_by_me=False)
    )


def annotator_queue(*, project: Project, user) -> QuerySet[Document]:
    """The documents of `project` waiting for `user`, in the order they are offered (one query)."""
    offered = Q(has_draft=True) | Q(assigned_to_me=True)
    if project.queue_unassigned:
        offered |= Q(assigned=False, submitted_by_others__lt=project.annotators_per_document)
    ordering = queue_ordering(project=project)
    return (
        _offered(project=project, user=user)
        .filter(offered)
        .order_by(*QUEUE_ORDER, *ordering.order_by)
        .only("id", "project_id", "title", "status")
    )


def _open_for(*, project: Project, user) -> QuerySet[Document]:
    """The project's documents `user` may still work on (open, not skipped or submitted by them)."""
    mine_submitted = Annotation.objects.filter(document_id=OuterRef("pk"), kind=AnnotationKind.ANNOTATION,
                                               author_id=user.pk, status=AnnotationStatus.SUBMITTED)
    skipped = DocumentSkip.objects.filter(document_id=OuterRef("pk"), user_id=user.pk)
    return (Document.objects.filter(project=project).filter(QUEUE_OPEN)  # as the indexes' condition reads
            .filter(~Exists(skipped), ~Exists(mine_submitted))
            .only("id", "project_id", "title", "status", "figure_uncertainty", "figure_model_spread"))


def _first_in_order(runs: list[QuerySet[Document]], *, project: Project) -> Document | None:
    """The first document of the project's queue order among `runs` (querysets each read through an index in
    that order, LIMIT 1): each part of the order in turn, the best of the runs' firsts."""
    for condition, order, key in queue_ordering(project=project).parts:
        firsts = [found for run in runs if (found := run.filter(condition).order_by(*order).first()) is not None]
        if firsts:
            return min(firsts, key=key)
    return None


def next_document_for_annotator(*, project: Project, user) -> Document | None:
    """The next document `user` should annotate in `project`, or None when nothing is left: the first
    of annotator_queue, found in a few LIMIT 1 reads whatever the project's size."""
    candidates = _open_for(project=project, user=user)
    drafts = Annotation.objects.filter(kind=AnnotationKind.ANNOTATION, author_id=user.pk,
                                       status=AnnotationStatus.DRAFT, document__project=project)
    assigned = Assignment.objects.filter(user_id=user.pk, document__project=project)
    # Whether I have any at all first (one read): most of the time I have neither, and each is read in up
    # to two parts of the order otherwise.
    present = Project.objects.filter(pk=project.pk).values_list(Exists(drafts), Exists(assigned)).first()
    for mine, any_present in zip((drafts, assigned), present or (False, False), strict=True):
        if not any_present:
            continue
        found = _first_in_order([candidates.filter(pk__in=mine.values("document_id"))], project=project)
        if found is not None:
            return found
    if not project.queue_unassigned:
        return None
    # Unassigned, and submitted by fewer people than the project asks for (not by me: `candidates`): one run
    # per number of submissions, each in the queue's order through its index over the open documents
    # (Document.Meta.indexes), so no run walks over documents closed or done.
    unassigned = candidates.filter(~Exists(Assignment.objects.filter(document_id=OuterRef("pk"))))
    runs = [unassigned.filter(figure_submitted=submitted) for submitted in range(project.annotators_per_document)]
    return _first_in_order(runs, project=project)
