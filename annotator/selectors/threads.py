"""Reads of comment threads, flags and skips."""
from django.db.models import Count, Prefetch, Q, QuerySet

from annotator.models import Comment, Document, DocumentSkip, Project, Thread


def document_threads(*, document: Document) -> QuerySet[Thread]:
    """The document's threads, oldest first, with their comments and authors (three queries)."""
    comments = Comment.objects.select_related("author").order_by("id")
    return (Thread.objects.filter(document=document).select_related("author", "resolved_by")
            .prefetch_related(Prefetch("comments", queryset=comments)).order_by("id"))


def document_thread(*, document: Document, thread_id: int) -> Thread | None:
    return document_threads(document=document).filter(pk=thread_id).first()


def project_open_threads(*, project: Project) -> dict[str, int]:
    """How many threads of the project are open, and how many of them are flags for review."""
    counts = Thread.objects.filter(document__project=project, resolved_at__isnull=True).aggregate(
        open=Count("id"), flagged=Count("id", filter=Q(flag=True)))
    return {"open": counts["open"], "flagged": counts["flagged"]}


def document_skip_of(*, document: Document, user) -> DocumentSkip | None:
    return DocumentSkip.objects.filter(document=document, user=user).first()
