"""Reads about projects, scoped to what a user may see."""
from django.db.models import CharField, Count, OuterRef, Prefetch, QuerySet, Subquery, Value

from annotator.models import Document, EntityType, Membership, Project, RelationType, Role


def projects_for_user(*, user) -> QuerySet[Project]:
    """Projects the user is a member of (staff see all), with document counts."""
    qs = Project.objects.all()
    if not user.is_staff:
        qs = qs.filter(memberships__user=user)
    return qs.annotate(document_count=Count("documents", distinct=True)).order_by("id")


class ProjectNotFound(LookupError):
    """No project has the id or name asked for; the message says which (`no project 'x'`)."""


def project_by_ref(*, ref: str) -> Project:
    """The project a person names on the command line: by id when `ref` is all digits, else by exact name."""
    found = Project.objects.filter(pk=int(ref)) if ref.isdigit() else Project.objects.filter(name=ref)
    project = found.first()
    if project is None:
        raise ProjectNotFound(f"no project {ref!r}")
    return project


def with_caller_role(queryset: QuerySet, *, user, project_path: str = "") -> QuerySet:
    """`queryset` narrowed to rows of projects the user belongs to, each annotated with `caller_role`.

    This is the one place where "visible only to members of its project" is written.
    `project_path` leads from the model to its Project ("" when the model is Project,
    "project" for documents, jobs and exports, "document__project" for annotations).
    Staff users see every row and act as managers everywhere.
    """
    if user.is_staff:
        return queryset.annotate(caller_role=Value(Role.MANAGER.value, output_field=CharField()))
    project_ref = OuterRef(f"{project_path}_id" if project_path else "pk")
    role = Membership.objects.filter(project_id=project_ref, user_id=user.pk).values("role")[:1]
    return queryset.annotate(caller_role=Subquery(role, output_field=CharField())).filter(caller_role__isnull=False)


def project_for_member(*, user, project_id: int) -> Project | None:
    """The project with the caller's role as `caller_role`, or None when the user is not a member (or no such project)."""
    return with_caller_role(Project.objects.all(), user=user).filter(pk=project_id).first()


def projects_visible(*, user, with_labels: bool = True) -> QuerySet[Project]:
    """Projects the user may see; `with_labels` loads their label sets for rendering (a fixed number of queries)."""
    qs = Project.objects.all()
    if with_labels:
        relation_types = RelationType.objects.prefetch_related(
            Prefetch("head_types", queryset=EntityType.objects.only("id", "name")),
            Prefetch("child_types", queryset=EntityType.objects.only("id", "name")),
        )
        qs = qs.prefetch_related("entity_types", Prefetch("relation_types", queryset=relation_types))
    return with_caller_role(qs, user=user).order_by("id")


def projects_of_documents(*, documents: QuerySet[Document]) -> list[tuple[Project, list[int]]]:
    """The projects `documents` belong to, each with the ids of those documents in it (id order): two queries."""
    by_project: dict[int, list[int]] = {}
    for document_id, project_id in documents.values_list("pk", "project_id").order_by("pk"):
        by_project.setdefault(project_id, []).append(document_id)
    return [(project, by_project[project.pk]) for project in Project.objects.filter(pk__in=by_project)]


def project_members(*, project: Project) -> QuerySet[Membership]:
    return Membership.objects.filter(project=project).select_related("user").order_by("id")
