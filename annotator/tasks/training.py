"""The train job's task: a job id in, `job_run` with the training's work (annotator/services/training.py).

Acknowledged late: a worker that dies mid-training gets its job re-sent (by the stale-job rescue,
annotator/services/rescue.py) and the training starts again from the beginning in a new attempt folder.
"""
from celery import shared_task

from annotator.services.jobs import job_run
from annotator.services.training import training_run


@shared_task(acks_late=True, reject_on_worker_lost=True)
def train_task(job_id: int) -> None:
    job_run(job_id=job_id, work=training_run)
