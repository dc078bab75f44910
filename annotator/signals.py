"""Worker hooks: load the pre-label pipelines before the pool forks, and re-send work whose
worker died (with the filesystem broker its message is gone; with Redis it would come back only
after the visibility timeout) at start and every JOB_RESCUE_INTERVAL seconds while running."""
import logging

from celery.signals import worker_init, worker_ready

log = logging.getLogger(__name__)


@worker_init.connect
def preload_pipelines(**_kwargs) -> None:
    import gc

    from django.conf import settings

    from annotator.nlp import pipelines_preload

    loaded = pipelines_preload(settings.PRELABEL_PRELOAD_MODELS)
    if loaded:
        log.info("pre-label pipelines loaded: %s", ", ".join(loaded))
    # The model's objects live as long as the process: keep the garbage collector from walking
    # them again and again (and from touching the pages the pool processes share after fork).
    gc.freeze()


def _rescue(*, include_other_kinds: bool) -> None:
    """Re-send stale work; never raises (a worker must not die of a failed check)."""
    from django.db import close_old_connections, connections

    from annotator.models import JobKind
    from annotator.services.jobs import jobs_claim_stale
    from annotator.tasks import TASKS_BY_KIND
    from annotator.tasks.prelabel import prelabel_rescue_send

    close_old_connections()
    try:
        if include_other_kinds:
            for job in jobs_claim_stale(exclude_kinds=[JobKind.PRELABEL]):
                task = TASKS_BY_KIND.get(job.kind)
                if task is not None:
                    log.warning("re-sending stale %s job %s", job.kind, job.pk)
                    task.delay(job.pk)
        job_ids, chunk_ids = prelabel_rescue_send()
        if job_ids or chunk_ids:
            log.warning("re-sent stale pre-label jobs %s and chunks %s", job_ids, chunk_ids)
    except Exception:
        log.exception("looking for stale jobs failed")
    finally:
        # The pool may fork again later: leave no connection open in this process.
        connections.close_all()


@worker_ready.connect
def requeue_stale_jobs(sender=None, **_kwargs) -> None:
    from django.conf import settings

    _rescue(include_other_kinds=True)
    timer = getattr(sender, "timer", None)
    if timer is not None and settings.JOB_RESCUE_INTERVAL > 0:
        # Import, export and training jobs report a heartbeat at least every batch (training from a
        # thread), so a silent one has lost its worker; their steps are idempotent, so re-sending is safe.
        timer.call_repeatedly(settings.JOB_RESCUE_INTERVAL, _rescue, kwargs={"include_other_kinds": True})
