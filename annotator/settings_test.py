"""Test settings: the real settings with a throwaway secret key and a data folder of this test run.

Each pytest process gets its own folder (SQLite test database, broker queue, media), so two
test runs on one machine never share a database or steal each other's broker messages. Worker
processes started by tests inherit DATA_DIR through the environment and so find the same folder.
"""
import os
import re
import warnings

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
# Under pytest-xdist (`-n 2`) the test processes inherit the environment this module set in the
# controlling process: without a folder each (`run-<pid>` -> `run-<pid>-gw0`) they would share one
# filesystem broker queue (a process's worker taking the other's tasks, against the other's test
# database), media and object-store prefix, and the first to finish would remove the other's folder.
# Processes a test starts (workers) inherit the test process's values and TEST_PROCESS, and keep them.
_adjust = _xdist_worker.startswith("gw") and os.environ.get("TEST_PROCESS") != _xdist_worker
os.environ["TEST_PROCESS"] = _xdist_worker or "main"


def _of_this_process(value: str) -> str:
    """A test run's folder or object-store prefix, made this xdist process's own (see above)."""
    if _adjust and os.path.basename(value).startswith("run-"):
        return f"{value}-{_xdist_worker}"
    return value


os.environ["DATA_DIR"] = _of_this_process(
    os.environ.get("DATA_DIR") or os.path.join(_ROOT, "var", "test", f"run-{os.getpid()}"))
# Likewise each xdist process gets a Redis database of its own (gw0 -> /1, gw1 -> /2).
if _xdist_worker.startswith("gw") and os.environ.get("CELERY_BROKER_URL", "").startswith("redis"):
    _redis_db = int(_xdist_worker[2:]) + 1
    os.environ["CELERY_BROKER_URL"] = re.sub(r"(/\d*)?$", f"/{_redis_db}", os.environ["CELERY_BROKER_URL"], count=1)
# With an object store (.ci/run), each test run keeps its files under a prefix of its own in the bucket.
os.environ["OBJECT_STORAGE_PREFIX"] = _of_this_process(
    os.environ.get("OBJECT_STORAGE_PREFIX") or f"test/run-{os.getpid()}")

from annotator.settings import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
