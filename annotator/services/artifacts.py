"""Building what a job leaves behind (an export's zip, a trained pipeline's folder) so that nobody ever
sees half of it, whatever dies when.

The row of the artifact (Export, TrainedModel) takes its status from its job. A build:

1. checks the job (`artifact_claim`): a job that succeeded built it already, one that failed or was
   cancelled will not build it again (the job itself was claimed by `job_run`);
2. works in an attempt folder of its own under MEDIA_ROOT (`artifact_attempt`), so the final move
   stays on one file system; folders of earlier attempts that stopped reporting (their worker died)
   are removed, and the attempt's folder is removed when it ends, however it ends;
3. moves the finished artifact into place with `os.replace` and, in one transaction, finishes the
   job as succeeded and stores the artifact's row (`artifact_install`): a cancel arriving now can
   no longer turn a stored artifact's job into a cancelled one (`job_finish` never changes a
   finished job), and when the job was ended meanwhile (another attempt built it first) the moved
   file is removed again.
"""
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction

from annotator.models import Job, JobStatus
from annotator.services.jobs import JobFailed, job_finish, job_progress

BUILDING_FOLDER = ".building"


def artifact_claim(*, job_id: int, what: str, advice: str) -> bool:
    """True when the job succeeded (its artifact is built: nothing to do); JobFailed, saying "`what` is
    failed; `advice`", when it ended otherwise; False when it is to be built."""
    status = Job.objects.filter(pk=job_id).values_list("status", flat=True).first()
    if status == JobStatus.SUCCEEDED:
        return True
    if status not in (JobStatus.QUEUED, JobStatus.RUNNING):
        raise JobFailed(f"{what} is {status}; {advice}")
    return False


@contextmanager
def artifact_attempt(*, folder: str, key: str) -> Iterator[Path]:
    """A new folder MEDIA_ROOT/<folder>/.building/<key>-<token>/ for this attempt, removed when it ends.

    Earlier attempts' folders of the same key not touched for JOB_STALE_SECONDS are removed first: a
    job is sent again only after that long without a heartbeat. A long step keeps its attempt's
    folder alive with `artifact_attempt_alive`.
    """
    building = Path(settings.MEDIA_ROOT) / folder / BUILDING_FOLDER
    building.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - settings.JOB_STALE_SECONDS
    for old in building.glob(f"{key}-*"):
        try:
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        except FileNotFoundError:
            pass
    attempt = building / f"{key}-{secrets.token_hex(4)}"
    attempt.mkdir()
    try:
        yield attempt
    finally:
        shutil.rmtree(attempt, ignore_errors=True)


def artifact_attempt_alive(attempt: Path) -> None:
    """Mark the attempt's folder as in use (see `artifact_attempt`)."""
    try:
        os.utime(attempt)
    except FileNotFoundError:
        pass


def artifact_install(*, job_id: int, source: Path, relative: str, store: Callable[[], object], result: dict,
                     done: int, total: int | None = None) -> bool:
    """Move `source` (a file or a folder) to MEDIA_ROOT/`relative`, then in one transaction finish the job
    as succeeded with `result` and `done` (of `total`), and call `store` to record the artifact on its row.

    False, with nothing left at `relative`, when the job was no longer running (another attempt
    finished it, or it was ended meanwhile). Whatever an attempt that died between its move and its
    transaction left at `relative` is replaced: no row points at it.
    """
    if not Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).exists():
        return False  # do not touch what a finished attempt may have put at `relative`
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_dir():
        shutil.rmtree(target)
    os.replace(source, target)  # one file system: atomic, a reader never sees half of it
    try:
        with transaction.atomic():
            finished = job_finish(job_id=job_id, status=JobStatus.SUCCEEDED, result=result)
            if finished:
                job_progress(job_id=job_id, done=done, total=total)
                store()
    except BaseException:
        _remove(target)
        raise
    if not finished:
        _remove(target)
    return finished


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
