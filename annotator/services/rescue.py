"""Re-sending work whose worker died, for jobs of every kind and the chunks of shared jobs.

With the filesystem broker a message taken by a worker that is then killed is gone (with Redis it
would come back only after the visibility timeout), so every worker looks for such work when it
starts and every JOB_RESCUE_INTERVAL seconds (annotator/signals.py), and sends it again by task
name. Each piece is claimed with a conditional update first, so of several workers looking at the
same moment only one re-sends it, once per JOB_STALE_SECONDS; the tasks are idempotent.
"""
import logging

from django.utils import timezone

from annotator.models import JobKind
from annotator.services.jobs import CHUNK_TASKS, JOB_TASKS, jobs_claim_stale, task_send
from annotator.services.prelabel import prelabel_rescue

log = logging.getLogger(__name__)


def jobs_rescue(*, now=None) -> list[tuple[str, int]]:
    """Find the stale jobs and chunks and send their tasks again; returns (task name, id) of each sent.

    Import, export and train jobs report a heartbeat at least every batch (training from a thread
    of its own), so one running but silent past JOB_STALE_SECONDS has lost its worker. Pre-label
    jobs are shared by chunks: their stale chunks are re-sent, as are their jobs lost before
    planning, and jobs left running with nothing more to do are finished (`prelabel_rescue`).
    """
    now = now or timezone.now()
    sends = [(JOB_TASKS[job.kind], job.pk)
             for job in jobs_claim_stale(exclude_kinds=[JobKind.PRELABEL, JobKind.EVALUATE], now=now) if job.kind in JOB_TASKS]
    job_ids, chunk_ids = prelabel_rescue(now=now)
    sends += [(JOB_TASKS[JobKind.PRELABEL], pk) for pk in job_ids]
    sends += [(CHUNK_TASKS[JobKind.PRELABEL], pk) for pk in chunk_ids]
    for name, pk in sends:
        log.warning("re-sending %s(%s): its worker stopped or its message was lost", name, pk)
        task_send(name=name, args=[pk])
    return sends
