"""Assigning documents to annotators: a manager reserves documents for one person's queue.

The queue (annotator/selectors/queue.py) serves a person's assigned documents first and hides
them from everyone else. Assigning picks open documents nobody has yet, in id order, so
"the next 100 new documents to alice" is `documents_assign(project=p, username="alice",
count=100, statuses=["new"])`.
"""
from django.conf import settings
from django.db import transaction

from annotator.models import (Annotation, AnnotationKind, AnnotationStatus, Assignment, Document, DocumentStatus,
                              Membership, Project)
from annotator.services.errors import InvalidInput, LimitExceeded

# The statuses a manager may pick from: documents nobody has finished.
ASSIGNABLE_STATUSES = (DocumentStatus.NEW, DocumentStatus.PRELABELED, DocumentStatus.IN_PROGRESS)


def _member(*, project: Project, username: str):
    membership = Membership.objects.filter(project=project, user__username=username).select_related("user").first()
    if membership is None:
        raise InvalidInput(f"{username!r} is not a member of this project",
                           errors=[{"field": "username", "message": "not a member of the project"}])
    return membership.user


def _statuses(statuses: list[str] | None) -> list[str]:
    if not statuses:
        return [DocumentStatus.NEW, DocumentStatus.PRELABELED]
    unknown = [s for s in statuses if s not in ASSIGNABLE_STATUSES]
    if unknown:
        raise InvalidInput(f"documents with status {unknown[0]!r} cannot be assigned",
                           errors=[{"field": "statuses", "message": f"must be among {list(ASSIGNABLE_STATUSES)}"}])
    return list(statuses)


@transaction.atomic
def documents_assign(*, project: Project, username: str, count: int | None = None,
                     document_ids: list[int] | None = None, statuses: list[str] | None = None,
                     assigned_by=None) -> list[int]:
    """Reserve documents of `project` for `username`; answers the ids newly assigned (id order).

    Either `document_ids` (documents of the project; those already assigned to someone else
    are refused, naming them) or `count`: the next `count` open documents in `statuses`
    (default new and pre-labeled) assigned to nobody. Assigning twice to the same person
    changes nothing.
    """
    user = _member(project=project, username=username)
    if (count is None) == (document_ids is None):
        raise InvalidInput("give either a count or document ids",
                           errors=[{"field": "count", "message": "give either count or documents"}])
    limit = settings.MAX_ASSIGN_PER_REQUEST
    if (count or len(document_ids or [])) > limit:
        raise LimitExceeded(f"at most {limit} documents per assignment (MAX_ASSIGN_PER_REQUEST)",
                            errors=[{"field": "count" if count else "documents", "message": f"at most {limit}"}])
    if count is not None:
        if count < 1:
            raise InvalidInput("count must be at least 1", errors=[{"field": "count", "message": "at least 1"}])
        ids = list(Document.objects.filter(project=project, status__in=_statuses(statuses), assignments__isnull=True)
                   .order_by("id").values_list("id", flat=True)[:count])
    else:
        ids = _explicit_ids(project=project, user=user, document_ids=document_ids)
    Assignment.objects.bulk_create([Assignment(document_id=i, user=user, assigned_by=assigned_by) for i in ids],
                                   ignore_conflicts=True)
    return ids


def _explicit_ids(*, project: Project, user, document_ids: list[int]) -> list[int]:
    wanted = sorted(set(document_ids))
    found = set(Document.objects.filter(project=project, pk__in=wanted).values_list("id", flat=True))
    missing = [i for i in wanted if i not in found]
    if missing:
        raise InvalidInput(f"no document {missing[0]} in this project",
                           errors=[{"field": "documents", "message": f"unknown document ids {missing[:10]}"}])
    taken = sorted(set(Assignment.objects.filter(document_id__in=wanted).exclude(user=user)
                       .values_list("document_id", flat=True)))
    if taken:
        raise InvalidInput(f"document {taken[0]} is already assigned to someone else",
                           errors=[{"field": "documents", "message": f"already assigned to others: {taken[:10]}"}])
    mine = set(Assignment.objects.filter(document_id__in=wanted, user=user).values_list("document_id", flat=True))
    return [i for i in wanted if i not in mine]


def assignments_release(*, project: Project, username: str) -> int:
    """Give back `username`'s assigned documents they have not submitted yet; answers how many."""
    user = _member(project=project, username=username)
    done = Annotation.objects.filter(kind=AnnotationKind.ANNOTATION, author=user, status=AnnotationStatus.SUBMITTED,
                                     document__project=project).values("document_id")
    deleted, _ = (Assignment.objects.filter(user=user, document__project=project)
                  .exclude(document_id__in=done).delete())
    return deleted
