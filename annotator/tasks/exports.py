from celery import shared_task

from annotator.services.exports import export_run
from annotator.services.jobs import job_run


@shared_task(acks_late=True, reject_on_worker_lost=True)
def export_build_task(job_id: int) -> None:
    job_run(job_id=job_id, work=export_run)
