from celery import shared_task

from annotator.services.exports import export_build


@shared_task(acks_late=True, reject_on_worker_lost=True)
def export_build_task(job_id: int) -> None:
    export_build(job_id=job_id)
