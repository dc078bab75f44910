"""Which documents a manager set aside for which annotator."""
from django.conf import settings
from django.db import models

from annotator.models.document import Document


class Assignment(models.Model):
    """`document` is reserved for `user`: it comes first in their queue and is offered to nobody else."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "user"], name="assignment_once_per_user"),
        ]
        indexes = [models.Index(fields=["user", "document"], name="assignment_user_document")]

    def __str__(self) -> str:
        return f"document {self.document_id} to {self.user}"
