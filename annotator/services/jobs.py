"""Job bookkeeping: create, claim, report progress, cancel, finish.

Every long piece of work runs through `job_run`, which a Celery task calls with the job id
and a work function. Work functions report progress with `job_progress` and call
`job_check_cancelled` between steps so a cancel takes effect promptly.

Services send tasks by name (`JOB_TASKS`, `CHUNK_TASKS`, `task_send`): the task modules
(TASKS_PACKAGE) import the services, never the other way round.
"""
import logging
import traceback
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from annotator.celery import TASKS_PACKAGE, app
from annotator.models import Job, JobKind, JobStatus

log = logging.getLogger(__name__)

MAX_STORED_ERRORS = 200

# The Celery task that runs a job of each kind, by the name it is registered under (its module and
# function in TASKS_PACKAGE): messages already queued carry these names, so they never change.
JOB_TASKS = {
    JobKind.IMPORT: f"{TASKS_PACKAGE}.imports.import_documents_task",
    JobKind.PRELABEL: f"{TASKS_PACKAGE}.prelabel.prelabel_task",
    JobKind.EXPORT: f"{TASKS_PACKAGE}.exports.export_build_task",
    JobKind.TRAIN: f"{TASKS_PACKAGE}.training.train_task",
    # An evaluate job is a pre-label job over the gold documents: the same tasks run it.
    JobKind.EVALUATE: f"{TASKS_PACKAGE}.prelabel.prelabel_task",
}
# The task that runs one chunk (annotator/services/chunks.py) of a job of each kind shared by workers.
CHUNK_TASKS = {
    JobKind.PRELABEL: f"{TASKS_PACKAGE}.prelabel.prelabel_chunk_task",
    JobKind.EVALUATE: f"{TASKS_PACKAGE}.prelabel.prelabel_chunk_task",
}


class JobCancelled(Exception):
    """Raised inside work when the job's cancel flag is set."""


class JobFailed(Exception):
    """Raised inside work for an expected failure with a message for the user."""


def job_create(*, kind: str, project=None, params: dict | None = None, created_by=None, total: int = 0) -> Job:
    if kind not in JobKind.values:
        raise ValueError(f"unknown job kind {kind!r}")
    return Job.objects.create(kind=kind, project=project, params=params or {}, created_by=created_by, total=total)


def task_send(*, name: str, args: list) -> None:
    """Send the Celery task registered under `name`. A task this process has loaded is sent through
    it; any other goes to the broker by name. With CELERY_TASK_ALWAYS_EAGER the app loads its task
    modules first, so the task runs here and now."""
    if app.conf.task_always_eager and name not in app.tasks:
        app.loader.import_default_modules()  # Celery's autodiscovery of the task modules
    app.signature(name, args=args).apply_async()


def job_enqueue(*, job: Job) -> None:
    """Send the job's task after the transaction that created the job commits, so the worker finds the row."""
    name = JOB_TASKS[job.kind]
    transaction.on_commit(lambda: task_send(name=name, args=[job.pk]))


def job_claim(*, job_id: int) -> bool:
    """Mark the job running; False when it is finished or cancelled (then there is nothing to do).

    A job already running may be claimed again: that is a redelivery after a worker died,
    and the work functions are idempotent.
    """
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
                                 cancel_requested=False).update(
        status=JobStatus.RUNNING, heartbeat_at=now)
    if claimed:
        Job.objects.filter(pk=job_id, started_at__isnull=True).update(started_at=now)
    return bool(claimed)


def job_progress(*, job_id: int, done: int | None = None, add_done: int = 0, total: int | None = None,
                 errors: list[dict] | None = None) -> None:
    """Record progress; `add_done` adds atomically (several workers may share a job)."""
    updates: dict = {"heartbeat_at": timezone.now()}
    if done is not None:
        updates["done"] = done
    elif add_done:
        updates["done"] = F("done") + add_done
    if total is not None:
        updates["total"] = total
    Job.objects.filter(pk=job_id).update(**updates)
    if errors:
        job_add_errors(job_id=job_id, errors=errors)


def job_add_errors(*, job_id: int, errors: list[dict]) -> None:
    with transaction.atomic():
        job = Job.objects.select_for_update().only("errors").get(pk=job_id)
        room = MAX_STORED_ERRORS - len(job.errors)
        if room > 0:
            job.errors = job.errors + errors[:room]
            job.save(update_fields=["errors"])


def job_is_cancel_requested(*, job_id: int) -> bool:
    return Job.objects.filter(pk=job_id, cancel_requested=True).exists()


def job_check_cancelled(*, job_id: int) -> None:
    if job_is_cancel_requested(job_id=job_id):
        raise JobCancelled()


def job_finish(*, job_id: int, status: str, result: dict | None = None, errors: list[dict] | None = None) -> bool:
    """Move a running (or queued) job to a final status; a finished job is never changed again.
    True when this call finished it."""
    updates = {"status": status, "finished_at": timezone.now(), "heartbeat_at": timezone.now()}
    if result is not None:
        updates["result"] = result
    if errors:
        job_add_errors(job_id=job_id, errors=errors)
    return bool(Job.objects.filter(pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(**updates))


def job_cancel(*, job: Job) -> Job:
    """Ask the job to stop. A queued job stops at once; a running one at its next check."""
    Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED, finished_at=timezone.now())
    job.refresh_from_db()
    return job


def job_run(*, job_id: int, work: Callable[[Job], dict | None], finish_on_return: bool = True):
    """Claim the job, do the work, and record how it ended. Called by the Celery tasks.

    Returns what the work returned (None when the job was not claimed or failed). With
    `finish_on_return=False` a normal return leaves the job running: the work handed it on to
    chunk tasks, and the last of them finishes it. Errors end it either way.
    """
    if not job_claim(job_id=job_id):
        # Cancelled while queued: make sure it is marked as such, then nothing to do.
        Job.objects.filter(pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
                           cancel_requested=True).update(status=JobStatus.CANCELLED, finished_at=timezone.now())
        return None
    job = Job.objects.get(pk=job_id)
    try:
        result = work(job)
    except JobCancelled:
        job_finish(job_id=job_id, status=JobStatus.CANCELLED)
    except JobFailed as exc:
        job_finish(job_id=job_id, status=JobStatus.FAILED, errors=[{"message": str(exc)}])
    except Exception as exc:  # the job must end visibly, whatever went wrong
        job_fail_unexpected(job_id=job_id, exc=exc)
    else:
        if not finish_on_return:
            return result
        if job_is_cancel_requested(job_id=job_id):
            job_finish(job_id=job_id, status=JobStatus.CANCELLED, result=result or {})
        else:
            job_finish(job_id=job_id, status=JobStatus.SUCCEEDED, result=result or {})
        return result
    return None


def job_fail_unexpected(*, job_id: int, exc: BaseException) -> None:
    """End a job that raised something unexpected, keeping the message and a short traceback."""
    log.error("job %s failed", job_id, exc_info=exc)
    message = getattr(exc, "message", None) or str(exc) or exc.__class__.__name__
    errors = [{"message": message}] + list(getattr(exc, "errors", []) or [])[:50]
    job_finish(job_id=job_id, status=JobStatus.FAILED,
               result={"traceback": "".join(traceback.format_exception(exc, limit=5))[-4000:]}, errors=errors)


def jobs_claim_stale(*, kinds=None, exclude_kinds=None, queued: bool = False, without_chunks: bool = False,
                     now=None) -> list[Job]:
    """Stale jobs this caller should re-send, each claimed by moving its heartbeat forward.

    Stale: running with a heartbeat older than JOB_STALE_SECONDS, or with `queued`, queued that
    long without any worker taking it (with the filesystem broker a message taken by a worker
    that is then killed is gone). The conditional update lets only one of several workers
    re-send a job, and only once per JOB_STALE_SECONDS.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.JOB_STALE_SECONDS)
    silent = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True)
    wanted = Q(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff)
    if queued:
        wanted |= Q(status=JobStatus.QUEUED, created_at__lt=cutoff) & silent
    jobs = Job.objects.filter(wanted)  # a cancelled one too: its task then marks it cancelled
    if kinds is not None:
        jobs = jobs.filter(kind__in=list(kinds))
    if exclude_kinds is not None:
        jobs = jobs.exclude(kind__in=list(exclude_kinds))
    if without_chunks:
        jobs = jobs.filter(chunks__isnull=True)
    claimed = []
    for job in jobs.only("id", "kind", "status", "heartbeat_at"):
        if Job.objects.filter(pk=job.pk, heartbeat_at=job.heartbeat_at, status=job.status).update(heartbeat_at=now):
            job.heartbeat_at = now
            claimed.append(job)
    return claimed
