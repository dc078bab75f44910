"""Projects, their label sets, and who may do what in them."""
from django.conf import settings
from django.db import models
from django.db.models import Q


def default_spacy_model() -> str:
    return settings.DEFAULT_SPACY_MODEL


class Role(models.TextChoices):
    ANNOTATOR = "annotator", "Annotator"
    REVIEWER = "reviewer", "Reviewer"
    MANAGER = "manager", "Manager"


# Higher roles can do everything lower ones can.
ROLE_RANK = {Role.ANNOTATOR: 1, Role.REVIEWER: 2, Role.MANAGER: 3}


class QueueOrder(models.TextChoices):
    ORDER = "order", "In order"
    UNCERTAIN = "uncertain", "Most uncertain first (lowest predicted span score)"
    DISAGREEMENT = "disagreement", "Where model versions disagree most first"


class Project(models.Model):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    guidelines = models.TextField(blank=True, default="", help_text="Markdown shown to annotators.")
    spacy_model = models.CharField(
        max_length=500, default=default_spacy_model,
        help_text="Installed spaCy pipeline package name or path, used to tokenize and pre-label.",
    )
    label_map = models.JSONField(
        default=dict, blank=True,
        help_text="Model label -> project label, e.g. {\"PERSON\": \"PER\"}. Unmapped model labels "
                  "are kept when the project has a type of that name, dropped otherwise.",
    )
    allow_overlap = models.BooleanField(default=False)
    annotators_per_document = models.PositiveSmallIntegerField(default=1)
    prelabel_on_import = models.BooleanField(default=False)
    export_role = models.CharField(
        max_length=20, choices=Role.choices, default=Role.REVIEWER,
        help_text="The least role that may create, see and download exports (the full annotated data).",
    )
    queue_unassigned = models.BooleanField(
        default=True, help_text="Annotators are also offered documents assigned to nobody, after their assigned ones.")
    default_model = models.CharField(
        max_length=500, blank=True, default="",
        help_text="The model pre-labeling uses when none is named: a promoted version trained here "
                  "(project4_v3) or an installed pipeline; empty: the spaCy model above.",
    )
    relation_rules = models.JSONField(
        default=list, blank=True,
        help_text='Relations pre-labeling suggests between predicted spans, e.g. [{"label": "works_for", '
                  '"head": "PERSON", "child": "ORG", "words": ["director of", "works for"]}].',
    )
    queue_order = models.CharField(
        max_length=20, choices=QueueOrder.choices, default=QueueOrder.ORDER,
        help_text="How the annotators' queue is ordered after their drafts (active learning).",
    )
    auto_train_every = models.PositiveIntegerField(
        default=0, help_text="Auto-train: after every this many new gold documents a job trains a version, scores it "
                             "and the default model on the frozen test split, and promotes it only when its F1 is "
                             "higher; 0: off.")
    auto_train_gold_mark = models.PositiveIntegerField(
        default=0, editable=False, help_text="Gold documents counted when auto-train last started a training.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(annotators_per_document__gte=1), name="project_annotators_min_1"),
            models.CheckConstraint(condition=Q(export_role__in=["annotator", "reviewer", "manager"]),
                                   name="project_export_role_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class EntityType(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="entity_types")
    name = models.CharField(max_length=100)
    color = models.CharField(max_length=20, default="#7aa2f7")
    hotkey = models.CharField(max_length=1, blank=True, default="")
    description = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["project_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="entitytype_unique_name"),
            models.UniqueConstraint(fields=["project", "hotkey"], condition=~Q(hotkey=""),
                                    name="entitytype_unique_hotkey"),
            models.CheckConstraint(condition=~Q(name=""), name="entitytype_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class RelationType(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="relation_types")
    name = models.CharField(max_length=100)
    color = models.CharField(max_length=20, default="#9d7cd8")
    hotkey = models.CharField(max_length=1, blank=True, default="")
    head_types = models.ManyToManyField(EntityType, blank=True, related_name="+",
                                        help_text="Allowed entity types of the head; none means any.")
    child_types = models.ManyToManyField(EntityType, blank=True, related_name="+",
                                         help_text="Allowed entity types of the child; none means any.")
    symmetric = models.BooleanField(default=False)

    class Meta:
        ordering = ["project_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="relationtype_unique_name"),
            models.CheckConstraint(condition=~Q(name=""), name="relationtype_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ANNOTATOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "project"], name="membership_one_role_per_user"),
            models.CheckConstraint(condition=Q(role__in=[r.value for r in Role]), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.project} as {self.role}"
