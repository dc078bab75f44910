"""Reads about projects, scoped to what a user may see."""
from django.db.models import Count, QuerySet

from annotator.models import Membership, Project


def projects_for_user(*, user) -> QuerySet[Project]:
    """Projects the user is a member of (staff see all), with document counts."""
    qs = Project.objects.all()
    if not user.is_staff:
        qs = qs.filter(memberships__user=user)
    return qs.annotate(document_count=Count("documents", distinct=True)).order_by("id")


def membership_role(*, user, project_id: int) -> str | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, project_id=project_id).values_list("role", flat=True).first()
