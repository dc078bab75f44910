"""Worker hooks: load the pre-label pipelines before the pool forks, and re-send work whose
worker died (annotator/services/rescue.py) at start and every JOB_RESCUE_INTERVAL seconds."""
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


def _rescue() -> None:
    """Re-send stale work; never raises (a worker must not die of a failed check)."""
    from django.db import close_old_connections, connections

    from annotator.services.rescue import jobs_rescue

    close_old_connections()
    try:
        jobs_rescue()
    except Exception:
        log.exception("looking for stale jobs failed")
    finally:
        # The pool may fork again later: leave no connection open in this process.
        connections.close_all()


@worker_ready.connect
def requeue_stale_jobs(sender=None, **_kwargs) -> None:
    from django.conf import settings

    _rescue()
    timer = getattr(sender, "timer", None)
    if timer is not None and settings.JOB_RESCUE_INTERVAL > 0:
        timer.call_repeatedly(settings.JOB_RESCUE_INTERVAL, _rescue)
