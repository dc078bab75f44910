"""Waiting from the shell for a job the workers run, and saying why it did not succeed."""
import time
from collections.abc import Callable, Hashable

from django.core.management.base import CommandError, OutputWrapper

from annotator.models import Job, JobStatus

# A job still queued after this long: the command suggests starting a worker (once).
QUEUED_HINT_SECONDS = 30


def job_line(job: Job) -> str:
    return f"  {job.status} {job.done}/{job.total}"


def job_wait(*, job_id: int, stdout: OutputWrapper, stderr: OutputWrapper, timeout: float = 0,
             interval: float = 0.5, line: Callable[[Job], str] = job_line,
             changed: Callable[[Job], Hashable] | None = None) -> Job:
    """Poll the job until it is finished and return it, writing `line(job)` whenever `changed(job)`
    (default: the line itself) differs from the last one shown. CommandError after `timeout` seconds
    (0: no limit); a hint on stderr when the job is still queued after QUEUED_HINT_SECONDS."""
    started = time.monotonic()
    shown = None
    hinted = False
    while True:
        job = Job.objects.get(pk=job_id)
        if job.is_finished:
            return job
        state = changed(job) if changed else line(job)
        if state != shown:
            stdout.write(line(job))
            shown = state
        if job.status == JobStatus.QUEUED and not hinted and time.monotonic() - started > QUEUED_HINT_SECONDS:
            stderr.write("  still queued: is a worker running? (python manage.py serve, or "
                         "celery -A annotator worker)")
            hinted = True
        if timeout and time.monotonic() - started > timeout:
            raise CommandError(f"job {job.pk} not finished after {timeout:g}s (still {job.status})")
        time.sleep(interval)


def job_messages(job: Job, *, default: str = "no message") -> str:
    """The messages of the job's errors, `; `-joined, or `default` when there are none."""
    return "; ".join(error.get("message", "") for error in job.errors) or default


def job_check_succeeded(job: Job) -> None:
    """CommandError naming the job, its status and its errors unless it succeeded."""
    if job.status != JobStatus.SUCCEEDED:
        raise CommandError(f"job {job.pk} {job.status}: {job_messages(job)}")
