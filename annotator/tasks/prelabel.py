"""Pre-label tasks: the job's task splits it into chunks, one task per chunk does the work.

Both are idempotent (annotator/services/prelabel.py), acknowledged late, and safe to receive
twice; chunks whose worker died are sent again by `prelabel_rescue_send` (annotator/signals.py).
"""
from collections.abc import Iterable

from celery import shared_task

from annotator.services.jobs import job_run
from annotator.services.prelabel import (MAX_CHUNK_ATTEMPTS, ChunkRetry, prelabel_chunk_run, prelabel_plan,
                                         prelabel_rescue)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def prelabel_task(job_id: int) -> None:
    chunk_ids = job_run(job_id=job_id, work=prelabel_plan, finish_on_return=False) or []
    prelabel_chunks_send(chunk_ids)
    if chunk_ids:  # this worker starts on the job at once instead of waiting for a message
        try:
            prelabel_chunk_run(chunk_id=chunk_ids[0])
        except ChunkRetry:
            pass  # the chunk's own message runs it again


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_CHUNK_ATTEMPTS + 1)
def prelabel_chunk_task(self, chunk_id: int) -> None:
    try:
        prelabel_chunk_run(chunk_id=chunk_id)
    except ChunkRetry as exc:  # transient database error; the claim was given back
        raise self.retry(exc=exc, countdown=2) from exc


def prelabel_chunks_send(chunk_ids: Iterable[int]) -> None:
    for chunk_id in chunk_ids:
        prelabel_chunk_task.delay(chunk_id)


def prelabel_rescue_send() -> tuple[list[int], list[int]]:
    """Send again the pre-label jobs and chunks whose worker died (or whose message was lost)."""
    job_ids, chunk_ids = prelabel_rescue()
    for job_id in job_ids:
        prelabel_task.delay(job_id)
    prelabel_chunks_send(chunk_ids)
    return job_ids, chunk_ids
