"""Documents: the text people annotate, stored exactly as received."""
from django.db import models

from annotator.models.project import Project


class DocumentStatus(models.TextChoices):
    NEW = "new", "New"
    PRELABELED = "prelabeled", "Pre-labeled"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    GOLD = "gold", "Gold"
    SKIPPED = "skipped", "Skipped"


# Documents nobody works on any more: in neither the annotator's queue nor the review queue.
CLOSED_STATUSES = (DocumentStatus.GOLD.value, DocumentStatus.SKIPPED.value)
# The others, as the condition of the queue's indexes and as the queue asks for them: one inequality per
# closed status, since SQLite uses a partial index for a query that states its condition term by term even
# with the statuses as parameters, and never for `status NOT IN (?, ?)`.
QUEUE_OPEN = ~models.Q(status=DocumentStatus.GOLD.value) & ~models.Q(status=DocumentStatus.SKIPPED.value)


class Document(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    # Stored exactly as received (CRLF, emoji, combining marks): offsets are code points of this.
    text = models.TextField()
    title = models.CharField(max_length=500, blank=True, default="")
    meta = models.JSONField(default=dict, blank=True)
    external_id = models.CharField(max_length=200, blank=True, default="")
    content_hash = models.CharField(max_length=64, help_text="sha256 of the text, for duplicate detection.")
    # NULL while pending: documents added through the API are stored untokenized and a worker fills
    # their tokens (annotator/services/document_tokens.py); a read finding NULL computes them the same way.
    tokens = models.JSONField(default=list, blank=True, null=True,
                              help_text="[[start, end], ...] in code points; null until a worker tokenized it.")
    status = models.CharField(max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.NEW)
    # Kept by annotator/services/figures.py as annotations are written, for the queues' orders (indexed):
    figure_disagreement = models.FloatField(db_default=0.0, default=0.0, editable=False, help_text=(
        "Review disagreement (annotator/metrics/agreement.py), 0 without a submitted annotation."))
    figure_submitted = models.PositiveIntegerField(db_default=0, default=0, editable=False,
                                                   help_text="People's submitted annotations.")
    figure_uncertainty = models.FloatField(null=True, blank=True, editable=False,
                                           help_text="The lowest score of a predicted span (null: none scored).")
    figure_model_spread = models.FloatField(null=True, blank=True, editable=False, help_text=(
        "How far the models' predictions differ (annotator/selectors/queue_order.py); null under two predictions."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "content_hash"], name="document_unique_text_per_project"),
            models.CheckConstraint(condition=models.Q(status__in=[s.value for s in DocumentStatus]),
                                   name="document_status_valid"),
        ]
        indexes = [
            models.Index(fields=["project", "status", "id"], name="document_project_status"),
            models.Index(fields=["project", "external_id"], name="document_project_external"),
            models.Index(fields=["project", "-figure_disagreement", "id"], name="document_review_order"),
            # The annotators' queue: the open documents only, one run per number of submissions read in
            # each queue order (annotator/selectors/queue.py), so the first is found without a walk over
            # the rest. The condition is written as the queue writes it (`exclude(status__in=...)`).
            models.Index(fields=["project", "figure_submitted", "id"], condition=QUEUE_OPEN,
                         name="document_queue_open_order"),
            models.Index(fields=["project", "figure_submitted", "figure_uncertainty", "id"], condition=QUEUE_OPEN,
                         name="document_queue_open_uncertain"),
            models.Index(fields=["project", "figure_submitted", "-figure_model_spread", "id"], condition=QUEUE_OPEN,
                         name="document_queue_open_spread"),
            # Only the documents whose tokens a worker has not filled yet (rescue finds them at once).
            models.Index(fields=["id"], condition=models.Q(tokens__isnull=True), name="document_tokens_pending"),
        ]

    def __str__(self) -> str:
        return self.title or f"Document {self.pk}"
