"""Annotations (a model's prediction, a person's annotation, or gold) with spans and relations."""
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from annotator.models.document import Document
from annotator.models.project import EntityType, RelationType


class AnnotationKind(models.TextChoices):
    PREDICTION = "prediction", "Prediction"
    ANNOTATION = "annotation", "Annotation"
    GOLD = "gold", "Gold"


class AnnotationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class Annotation(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="annotations")
    kind = models.CharField(max_length=20, choices=AnnotationKind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="annotations", help_text="Empty for a model's prediction.")
    model = models.CharField(max_length=500, blank=True, default="", help_text="Model name for predictions.")
    model_version = models.CharField(max_length=100, blank=True, default="")
    status = models.CharField(max_length=20, choices=AnnotationStatus.choices, default=AnnotationStatus.DRAFT)
    version = models.PositiveIntegerField(default=1, help_text="Incremented on every save (optimistic locking).")
    time_spent = models.FloatField(default=0.0, help_text="Seconds spent by the author.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "author"], condition=Q(kind="annotation"),
                                    name="annotation_one_per_author"),
            models.UniqueConstraint(fields=["document"], condition=Q(kind="gold"), name="annotation_one_gold"),
            models.UniqueConstraint(fields=["document", "model"], condition=Q(kind="prediction"),
                                    name="annotation_one_prediction_per_model"),
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in AnnotationKind]),
                                   name="annotation_kind_valid"),
        ]
        indexes = [models.Index(fields=["document", "kind"], name="annotation_document_kind")]

    def __str__(self) -> str:
        who = self.author or self.model or "model"
        return f"{self.kind} of document {self.document_id} by {who}"


class Span(models.Model):
    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="spans")
    start = models.PositiveIntegerField(help_text="Code point offset, inclusive.")
    end = models.PositiveIntegerField(help_text="Code point offset, exclusive.")
    label = models.ForeignKey(EntityType, on_delete=models.CASCADE, related_name="spans")
    score = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["annotation_id", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(start__gte=0), name="span_start_not_negative"),
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="span_start_before_end"),
            models.UniqueConstraint(fields=["annotation", "start", "end", "label"], name="span_no_duplicate"),
        ]

    def __str__(self) -> str:
        return f"[{self.start}, {self.end}) {self.label_id}"


class Relation(models.Model):
    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="relations")
    head = models.ForeignKey(Span, on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey(Span, on_delete=models.CASCADE, related_name="+")
    label = models.ForeignKey(RelationType, on_delete=models.CASCADE, related_name="relations")

    class Meta:
        ordering = ["annotation_id", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(head=F("child")), name="relation_head_is_not_child"),
            models.UniqueConstraint(fields=["annotation", "head", "child", "label"], name="relation_no_duplicate"),
        ]

    def __str__(self) -> str:
        return f"{self.head_id} -{self.label_id}-> {self.child_id}"
