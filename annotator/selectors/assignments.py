"""Reads about assignments: what each member of a project was given and how much of it is done."""
from django.db.models import Count, Exists, OuterRef, Q

from annotator.models import (Annotation, AnnotationKind, AnnotationStatus, Assignment, Document, DocumentStatus,
                              Membership, Project)


def assignment_figures(*, project: Project) -> list[dict]:
    """One row per member with assignments or the annotator role, by username:
    `{username, role, assigned, done, open}`; done = assigned documents they submitted (or that became gold)."""
    submitted = Annotation.objects.filter(document_id=OuterRef("document_id"), author_id=OuterRef("user_id"),
                                          kind=AnnotationKind.ANNOTATION, status=AnnotationStatus.SUBMITTED)
    rows = (Assignment.objects.filter(document__project=project)
            .annotate(submitted=Exists(submitted))
            .values("user__username")
            .annotate(assigned=Count("id"),
                      done=Count("id", filter=Q(submitted=True) | Q(document__status=DocumentStatus.GOLD)))
            .order_by())
    figures = {r["user__username"]: {"assigned": r["assigned"], "done": r["done"]} for r in rows}
    members = Membership.objects.filter(project=project).select_related("user").order_by("user__username")
    answer = []
    for membership in members:
        row = figures.pop(membership.user.username, None)
        if row is None and membership.role != "annotator":
            continue
        row = row or {"assigned": 0, "done": 0}
        answer.append({"username": membership.user.username, "role": membership.role, **row,
                       "open": row["assigned"] - row["done"]})
    # People assigned work who have since left the project still count.
    for username, row in sorted(figures.items()):
        answer.append({"username": username, "role": None, **row, "open": row["assigned"] - row["done"]})
    return answer


def unassigned_open_count(*, project: Project) -> int:
    """Documents of `project` that are new or pre-labeled and assigned to nobody."""
    return Document.objects.filter(project=project, status__in=[DocumentStatus.NEW, DocumentStatus.PRELABELED], assignments__isnull=True).count()
