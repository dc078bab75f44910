"""Jobs track long work done by Celery workers; exports are immutable built datasets."""
from django.conf import settings
from django.db import models
from django.db.models import Q

from annotator.models.project import Project


class JobKind(models.TextChoices):
    IMPORT = "import", "Import"
    PRELABEL = "prelabel", "Pre-label"
    EXPORT = "export", "Export"
    TRAIN = "train", "Train"
    EVALUATE = "evaluate", "Evaluate on gold"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


FINISHED_STATUSES = (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)


class Job(models.Model):
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=20, choices=JobKind.choices)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    params = models.JSONField(default=dict, blank=True, help_text="What the job was asked to do.")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=dict, blank=True)
    cancel_requested = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="jobs")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in JobStatus]), name="job_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in JobKind]), name="job_kind_valid"),
        ]
        indexes = [models.Index(fields=["project", "status"], name="job_project_status")]

    def __str__(self) -> str:
        return f"{self.kind} job {self.pk} ({self.status})"

    @property
    def progress(self) -> float:
        """Fraction done, 0..1; 0 while the total is unknown."""
        return min(1.0, self.done / self.total) if self.total else (1.0 if self.status == JobStatus.SUCCEEDED else 0.0)

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES


class JobChunk(models.Model):
    """One share of a job that any worker may take: a list of item ids, processed in order.

    `done` counts items already stored, so a chunk re-run after its worker died resumes where
    it stopped; `claim` names the run that owns the chunk and `heartbeat_at` says it is alive.
    """
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    items = models.JSONField(default=list, help_text="Ids of the items (documents) of this chunk, in order.")
    done = models.PositiveIntegerField(default=0, help_text="Items stored so far (a prefix of `items`).")
    result = models.JSONField(default=dict, blank=True, help_text="Counts of this chunk, summed into the job's.")
    claim = models.CharField(max_length=32, blank=True, default="", help_text="Token of the run that owns it.")
    attempts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When its task was last sent.")
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["job", "number"], name="jobchunk_unique_number"),
        ]
        # Workers look for unfinished chunks every few seconds; finished ones pile up.
        indexes = [models.Index(fields=["job", "number"], condition=Q(finished_at__isnull=True),
                                name="jobchunk_unfinished")]

    def __str__(self) -> str:
        return f"chunk {self.number} of job {self.job_id}"


class Export(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="exports")
    format = models.CharField(max_length=20)
    options = models.JSONField(default=dict, blank=True)
    job = models.OneToOneField(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="export",
                               help_text="The job that builds it; its status is the export's.")
    file = models.FileField(upload_to="exports/", blank=True)
    manifest = models.JSONField(default=dict, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, default="")
    size = models.PositiveBigIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="exports")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.format} export {self.pk} of {self.project_id}"

    @property
    def status(self) -> str:
        """Its job's status (the job is built in the same transaction that finishes the job); an
        export whose job was deleted is succeeded when it has its file, else failed."""
        return artifact_status(job=self.job, built=bool(self.file))


def artifact_status(*, job: Job | None, built: bool) -> str:
    """The status of what a job builds (an export, a trained model): its job's, or without a job
    (deleted) succeeded when the artifact is there and failed when not."""
    if job is not None:
        return job.status
    return JobStatus.SUCCEEDED if built else JobStatus.FAILED


def artifact_status_q(status: str, *, built: Q) -> Q:
    """Filter of the rows whose `artifact_status` is `status` (`built`: the rows whose artifact is there)."""
    orphan = Q(job__isnull=True) & (built if status == JobStatus.SUCCEEDED else ~built)
    if status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
        return Q(job__status=status) | orphan
    return Q(job__status=status)
