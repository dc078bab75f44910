"""Comment threads on a document (annotators ask, reviewers answer), flags for review, and skips."""
from django.conf import settings
from django.db import models
from django.db.models import Q

from annotator.models.document import Document


class Thread(models.Model):
    """A conversation about one document. A flagged thread asks a reviewer to look at the document
    (it shows in the review queue's "flagged" filter until someone resolves it)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    flag = models.BooleanField(default=False, help_text="Flagged for review by its author.")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document_id", "id"]
        indexes = [models.Index(fields=["document", "resolved_at"], name="thread_document_open")]

    def __str__(self) -> str:
        return f"thread {self.pk} on document {self.document_id}"


class Comment(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["thread_id", "id"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="comment_body_not_empty")]

    def __str__(self) -> str:
        return f"comment {self.pk} in thread {self.thread_id}"


class DocumentSkip(models.Model):
    """A person skipped a document: it leaves their queue (not anyone else's)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="skips")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document_id", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "user"], name="documentskip_one_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} skipped document {self.document_id}"
