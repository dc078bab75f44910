"""Reads of documents: scoped to members, without annotations (those have their own selector)."""
from django.db.models import Q, QuerySet

from annotator.models import Document, Project
from annotator.selectors.projects import with_caller_role

# What a document object shows; the content hash stays inside.
DOCUMENT_FIELDS = ("id", "project_id", "title", "text", "meta", "external_id", "status", "tokens")


def documents_visible(*, user) -> QuerySet[Document]:
    """Documents of the user's projects, each with `caller_role` and its project loaded."""
    return with_caller_role(Document.objects.select_related("project"), user=user, project_path="project")


def project_documents(*, project: Project) -> QuerySet[Document]:
    """A project's documents in id order, loading only the fields a document object shows."""
    return Document.objects.filter(project=project).only(*DOCUMENT_FIELDS).order_by("id")


def documents_search(queryset: QuerySet[Document], *, q: str) -> QuerySet[Document]:
    """Documents whose title, text or external id contains `q` (case-insensitive)."""
    q = q.strip()
    if not q:
        return queryset
    return queryset.filter(Q(title__icontains=q) | Q(text__icontains=q) | Q(external_id__icontains=q))
