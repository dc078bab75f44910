"""Comment threads on a document, flags for review, and skips: what annotators, reviewers and managers write.

A thread is opened with its first comment (a flag is a thread whose author asks a reviewer to look);
anyone in the project may reply; its author or a reviewer resolves it. A skip takes a document out of
the skipper's own queue only (annotator/selectors/queue.py); other people still get it.
"""
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from annotator.models import Comment, Document, DocumentSkip, Thread
from annotator.rules.roles import thread_resolve_allowed
from annotator.services.errors import Forbidden, InvalidInput


def _text_check(*, value: str, field: str, limit: int, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{field}: must not be empty", errors=[{"field": field, "message": "must not be empty"}])
    if len(value) > limit:
        message = f"too long: {len(value)} characters, at most {limit}"
        raise InvalidInput(f"{field}: {message}", errors=[{"field": field, "message": message}])
    return value


def thread_open(*, document: Document, user, body: str, flag: bool = False) -> Thread:
    """A new thread on `document` holding `body` as its first comment; `flag` asks for a reviewer."""
    body = _text_check(value=body, field="body", limit=settings.MAX_COMMENT_CHARS, required=True)
    with transaction.atomic():
        thread = Thread.objects.create(document=document, author=user, flag=flag)
        Comment.objects.create(thread=thread, author=user, body=body)
    return thread


def thread_reply(*, thread: Thread, user, body: str) -> Comment:
    """Add a comment to `thread`; replying to a resolved thread opens it again."""
    body = _text_check(value=body, field="body", limit=settings.MAX_COMMENT_CHARS, required=True)
    with transaction.atomic():
        comment = Comment.objects.create(thread=thread, author=user, body=body)
        if thread.resolved_at is not None:
            thread.resolved_at, thread.resolved_by = None, None
            thread.save(update_fields=["resolved_at", "resolved_by"])
    return comment


def thread_resolve(*, thread: Thread, user, role: str | None, resolved: bool = True) -> Thread:
    """Mark `thread` resolved (or open again): its author, a reviewer or a manager."""
    if not thread_resolve_allowed(user_id=user.pk, author_id=thread.author_id, role=role):
        raise Forbidden("only the thread's author, a reviewer or a manager may resolve it")
    thread.resolved_at = timezone.now() if resolved else None
    thread.resolved_by = user if resolved else None
    thread.save(update_fields=["resolved_at", "resolved_by"])
    return thread


def document_skip(*, document: Document, user, reason: str = "") -> DocumentSkip:
    """`user` skips `document` (again: the reason is replaced): it leaves their queue."""
    reason = _text_check(value=reason, field="reason", limit=settings.MAX_SKIP_REASON_CHARS, required=False)
    skip, _created = DocumentSkip.objects.update_or_create(document=document, user=user, defaults={"reason": reason})
    return skip


def document_unskip(*, document: Document, user) -> bool:
    """Take `user`'s skip of `document` back (it returns to their queue); False when there was none."""
    deleted, _ = DocumentSkip.objects.filter(document=document, user=user).delete()
    return deleted > 0
