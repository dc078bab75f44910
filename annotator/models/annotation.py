"""Annotations (a model's prediction, a person's annotation, or gold) with spans and relations."""
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from annotator.models.document import Document
from annotator.models.project import EntityType, Project, RelationType


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
    decisions = models.JSONField(default=list, blank=True, help_text=(
        "Review decisions on a model's suggestions, saved with the annotation so every browser sees them: "
        '[{"start", "end", "label", "model", "model_version", "decision": "accepted" | "rejected"}].'))
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
        indexes = [models.Index(fields=["document", "kind"], name="annotation_document_kind"),
                   # A person's drafts, first in their queue (annotator/selectors/queue.py), without their other work.
                   models.Index(fields=["author", "status", "kind"], name="annotation_author_status"),
                   # People's work only, in order, for the stats (annotator/selectors/stats.py).
                   models.Index(fields=["id"], condition=Q(kind="annotation"), name="annotation_people")]

    def __str__(self) -> str:
        who = self.author or self.model or "model"
        return f"{self.kind} of document {self.document_id} by {who}"


class Span(models.Model):
    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="spans")
    start = models.PositiveIntegerField(help_text="Code point offset, inclusive.")
    end = models.PositiveIntegerField(help_text="Code point offset, exclusive.")
    # RESTRICT: a label in use cannot be deleted (that would silently drop every span carrying it,
    # gold included, with no version kept); deleting the whole project still removes both.
    label = models.ForeignKey(EntityType, on_delete=models.RESTRICT, related_name="spans")
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
    label = models.ForeignKey(RelationType, on_delete=models.RESTRICT, related_name="relations")  # as Span.label
    score = models.FloatField(null=True, blank=True)  # a suggested relation's confidence in [0, 1]

    class Meta:
        ordering = ["annotation_id", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(head=F("child")), name="relation_head_is_not_child"),
            models.UniqueConstraint(fields=["annotation", "head", "child", "label"], name="relation_no_duplicate"),
        ]

    def __str__(self) -> str:
        return f"{self.head_id} -{self.label_id}-> {self.child_id}"


class VersionSource(models.TextChoices):
    EDITOR = "editor", "Editor"
    API = "api", "API"
    IMPORT = "import", "Import"
    PRELABEL = "prelabel", "Pre-label"
    REVIEW = "review", "Review"
    RESTORE = "restore", "Restore"


class AnnotationVersion(models.Model):
    """One version of an annotation as it was written: append-only, never changed.

    Every write of an annotation adds the version it wrote (annotator/services/annotation_store.py),
    so the version a later write replaces is kept. Spans are stored as they were
    ([{"start", "end", "label", "score"?}], labels by name) and relations by span position
    ([{"head", "child", "label"}], indexes into `spans`), so a version reads back whatever happened
    to the label set since. Only deleting the project deletes history: the annotation and the
    document may go (their ids stay in `annotation_ref` and `document_ref`).
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    # Ids, not foreign keys: a version outlives its annotation and its document, and deleting them
    # costs nothing here (no rows to update or cascade through).
    annotation_ref = models.PositiveBigIntegerField(help_text="The annotation's id (kept when it is deleted).")
    document_ref = models.PositiveBigIntegerField(help_text="The document's id (kept when it is deleted).")
    kind = models.CharField(max_length=20, choices=AnnotationKind.choices)
    version = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", help_text="Who wrote this version (empty for a model).")
    model = models.CharField(max_length=500, blank=True, default="")
    model_version = models.CharField(max_length=100, blank=True, default="")
    status = models.CharField(max_length=20, choices=AnnotationStatus.choices, default=AnnotationStatus.DRAFT)
    source = models.CharField(max_length=20, choices=VersionSource.choices)
    spans = models.JSONField(default=list)
    relations = models.JSONField(default=list)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["annotation_ref", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["annotation_ref", "version"], name="annotationversion_unique"),
            models.CheckConstraint(condition=Q(source__in=[s.value for s in VersionSource]),
                                   name="annotationversion_source_valid"),
        ]

    def __str__(self) -> str:
        return f"annotation {self.annotation_ref} v{self.version} ({self.source})"
