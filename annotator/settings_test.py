"""Test settings: the real settings with a throwaway secret key and a separate data folder."""
import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("DATA_DIR", os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test"))

from annotator.settings import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
import warnings; warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
