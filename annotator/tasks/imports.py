from celery import shared_task

from annotator.services.imports import import_documents_run
from annotator.services.jobs import job_run


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_documents_task(job_id: int) -> None:
    job_run(job_id=job_id, work=import_documents_run)
