from celery import shared_task

from annotator.services.jobs import job_run
from annotator.services.prelabel import prelabel_run


@shared_task(acks_late=True, reject_on_worker_lost=True)
def prelabel_task(job_id: int) -> None:
    job_run(job_id=job_id, work=prelabel_run)
