"""Test settings: the real settings with a throwaway secret key and a data folder of this test run.

Each pytest process gets its own folder (SQLite test database, broker queue, media), so two
test runs on one machine never share a database or steal each other's broker messages. Worker
processes started by tests inherit DATA_DIR through the environment and so find the same folder.
"""
import os
import warnings

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("DATA_DIR", os.path.join(_ROOT, "var", "test", f"run-{os.getpid()}"))
# With an object store (.ci/run), each test run keeps its files under a prefix of its own in the bucket.
os.environ.setdefault("OBJECT_STORAGE_PREFIX", f"test/run-{os.getpid()}")

from annotator.settings import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
