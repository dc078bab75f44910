"""Pipelines trained on a project's gold (model in the loop): one row per training, numbered per project."""
from django.conf import settings
from django.db import models
from django.db.models import Q

from annotator.models.job import Job, artifact_status, artifact_status_q
from annotator.models.project import Project


class TrainBase(models.TextChoices):
    PROJECT = "project", "The project's pipeline (its ner fine-tuned)"
    BLANK = "blank", "A blank pipeline with a fresh ner"


class TrainedModelQuerySet(models.QuerySet):
    def with_status(self, status: str) -> "TrainedModelQuerySet":
        """The models whose `status` is this one (a filter on their job's status)."""
        return self.filter(artifact_status_q(status, built=~Q(path="")))


class TrainedModel(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="trained_models")
    version = models.PositiveIntegerField(help_text="1, 2, 3... per project; `v3` names it in the API.")
    name = models.CharField(max_length=200, help_text="The pipeline's meta name, e.g. project4_v3.")
    path = models.CharField(max_length=500, blank=True, default="",
                            help_text="Folder of the pipeline under MEDIA_ROOT; set once it is trained.")
    base = models.CharField(max_length=20, choices=TrainBase.choices, default=TrainBase.PROJECT)
    base_model = models.CharField(max_length=500, blank=True, default="",
                                  help_text="The pipeline it started from (empty for a blank start).")
    metrics = models.JSONField(default=dict, blank=True,
                               help_text="Exact-match P/R/F1 per label on dev and test, of this model and the base.")
    job = models.OneToOneField(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="trained_model",
                               help_text="The train job; its status is the model's.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = TrainedModelQuerySet.as_manager()

    class Meta:
        ordering = ["project_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["project", "version"], name="trainedmodel_unique_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="trainedmodel_version_min_1"),
            models.CheckConstraint(condition=Q(base__in=[b.value for b in TrainBase]), name="trainedmodel_base_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} v{self.version} ({self.status})"

    @property
    def status(self) -> str:
        """Its train job's status (the pipeline is stored in the transaction that finishes the job); a
        model whose job was deleted is succeeded when its pipeline is stored, else failed."""
        return artifact_status(job=self.job, built=bool(self.path))

    @property
    def label(self) -> str:
        """How the API and commands name it: v3."""
        return f"v{self.version}"

    @property
    def model_version(self) -> str:
        """The pipeline's meta version (what predictions record)."""
        return f"1.0.{self.version}"
