"""Building what a job leaves behind (an export's zip, a trained pipeline's folder) so that nobody ever
sees half of it, whatever dies when.

The row of the artifact (Export, TrainedModel) takes its status from its job. A build:

1. checks the job (`artifact_claim`): a job that succeeded built it already, one that failed or was
   cancelled will not build it again (the job itself was claimed by `job_run`);
2. works in an attempt folder of its own (`artifact_attempt`: under MEDIA_ROOT when files are kept
   there, so the final move stays on one file system; under LOCAL_CACHE_DIR with an object store);
   folders of earlier attempts that stopped reporting (their worker died) are removed, and the
   attempt's folder is removed when it ends, however it ends;
3. stores the finished artifact (annotator/stored_files.py: `os.replace` into MEDIA_ROOT, or a
   multipart upload to the object store) and, in one transaction, finishes the
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
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import transaction

from annotator.models import Job, JobStatus
from annotator.services.jobs import JobFailed, job_finish, job_progress
from annotator.stored_files import (stored_file_delete, stored_file_put, stored_folder_delete, stored_folder_put,
                                    work_root)

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
    """A new folder <work root>/<folder>/.building/<key>-<token>/ for this attempt, removed when it ends
    (the work root is MEDIA_ROOT when that is the storage, so storing is a rename; else LOCAL_CACHE_DIR).

    Earlier attempts' folders of the same key not touched for JOB_STALE_SECONDS are removed first: a
    job is sent again only after that long without a heartbeat. A long step keeps its attempt's
    folder alive with `artifact_attempt_alive`.
    """
    building = work_root() / folder / BUILDING_FOLDER
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
    """Store `source` (a file or a folder) under the name `relative` (annotator/stored_files.py: moved
    into MEDIA_ROOT, or sent to the object store), then in one transaction finish the job as succeeded
    with `result` and `done` (of `total`), and call `store` to record the artifact on its row.

    False, with nothing left at `relative`, when the job was no longer running (another attempt
    finished it, or it was ended meanwhile). Whatever an attempt that died between storing and its
    transaction left at `relative` is replaced: no row points at it.
    """
    if not Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).exists():
        return False  # do not touch what a finished attempt may have put at `relative`
    if source.is_dir():
        stored_folder_put(name=relative, source=source)
        remove = partial(stored_folder_delete, relative)
    else:
        stored_file_put(name=relative, source=source)
        remove = partial(stored_file_delete, relative)
    try:
        with transaction.atomic():
            finished = job_finish(job_id=job_id, status=JobStatus.SUCCEEDED, result=result)
            if finished:
                job_progress(job_id=job_id, done=done, total=total)
                store()
    except BaseException:
        remove()
        raise
    if not finished:
        remove()
    return finished
