"""Pre-label tasks: the job's task plans it and starts on it, one task per chunk does the work.

Both are idempotent (annotator/services/prelabel.py), acknowledged late, and safe to receive
twice; chunks whose worker died are sent again by the rescue (annotator/services/rescue.py).
"""
from celery import shared_task

from annotator.services.jobs import job_run
from annotator.services.prelabel import MAX_CHUNK_ATTEMPTS, ChunkRetry, prelabel_chunk_run, prelabel_run


@shared_task(acks_late=True, reject_on_worker_lost=True)
def prelabel_task(job_id: int) -> None:
    job_run(job_id=job_id, work=prelabel_run, finish_on_return=False)  # the last chunk finishes the job


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_CHUNK_ATTEMPTS + 1)
def prelabel_chunk_task(self, chunk_id: int) -> None:
    try:
        prelabel_chunk_run(chunk_id=chunk_id)
    except ChunkRetry as exc:  # transient database error; the claim was given back
        raise self.retry(exc=exc, countdown=2) from exc
