"""Math library threads for inference: one per process by default (NLP_THREADS).

A worker process is one unit of parallelism: N workers on N cores each run one thread. OpenBLAS's
own thread pool only competes with the other worker (and spins): measured on the 2-core
machine, spaCy's NER pipe runs faster with it off even with a single worker.

The variables must be set before numpy loads OpenBLAS, so this module sets them at import when
numpy is not loaded yet (annotator.nlp imports it before spaCy); `limit_threads` also applies
the limit at run time through threadpoolctl when that is installed.
"""
import os
import sys

_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def configured_threads() -> int:
    """NLP_THREADS from the environment (0 keeps the libraries' own default)."""
    raw = os.environ.get("NLP_THREADS", "").strip()
    try:
        return max(0, int(raw)) if raw else 1
    except ValueError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"NLP_THREADS must be an integer, got {raw!r}") from None


def _set_environment(threads: int) -> None:
    if threads and "numpy" not in sys.modules:
        for name in _VARIABLES:
            os.environ.setdefault(name, str(threads))


_applied = False


def limit_threads() -> None:
    """Apply NLP_THREADS to the loaded math libraries (once per process)."""
    global _applied
    threads = configured_threads()
    if _applied or not threads:
        return
    _applied = True
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # the environment variables set at import do the same, when in time
        return
    threadpool_limits(limits=threads)


_set_environment(configured_threads())
