"""Worker start-up: re-send jobs whose worker died (their broker message may be lost)."""
import logging

from celery.signals import worker_ready

log = logging.getLogger(__name__)


@worker_ready.connect
def requeue_stale_jobs(**_kwargs) -> None:
    from annotator.services.jobs import jobs_stale
    from annotator.tasks import TASKS_BY_KIND

    for job in jobs_stale():
        task = TASKS_BY_KIND.get(job.kind)
        if task is not None:
            log.warning("re-sending stale %s job %s", job.kind, job.pk)
            task.delay(job.pk)
