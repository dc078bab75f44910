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
os.environ.setdefault("DATA_DIR", os.path.join(_ROOT, "var", "test", f"run-{os.getpid()}"))
# Under pytest-xdist (`-n 2`) each test process gets a Redis database of its own (gw0 -> /1, gw1 -> /2):
# on one shared queue a process's purge or worker would take the other's tasks. Worker processes
# started by tests inherit the rewritten URL (and the same PYTEST_XDIST_WORKER), so they agree.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _xdist_worker.startswith("gw") and os.environ.get("CELERY_BROKER_URL", "").startswith("redis"):
    _redis_db = int(_xdist_worker[2:]) + 1
    os.environ["CELERY_BROKER_URL"] = re.sub(r"(/\d*)?$", f"/{_redis_db}", os.environ["CELERY_BROKER_URL"], count=1)
# With an object store (.ci/run), each test run keeps its files under a prefix of its own in the bucket.
os.environ.setdefault("OBJECT_STORAGE_PREFIX", f"test/run-{os.getpid()}")

from annotator.settings import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
