"""The train job's task: a job id in, one service call (annotator/services/training.py).

Acknowledged late: a worker that dies mid-training gets its job re-sent (TASKS_BY_KIND, by the
stale-job rescue) and the training starts again from the beginning in a new attempt folder.
"""
from celery import shared_task

from annotator.services.training import training_build


@shared_task(acks_late=True, reject_on_worker_lost=True)
def train_task(job_id: int) -> None:
    training_build(job_id=job_id)
