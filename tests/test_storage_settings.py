"""Object storage settings (annotator/storage_settings.py): local MEDIA_ROOT unless a bucket is named;
a bucket without its credentials, or a bad endpoint, stops the process at start with a message that
names the variables and never shows the secret."""
import os

import pytest
from django.core.exceptions import ImproperlyConfigured

from annotator.storage_settings import S3_BACKEND, default_storage_from_env
from tests.test_settings import run_check

SECRET = "s3cr3t-value-never-printed"
CLEAN = {key: "" for key in os.environ if key.startswith("OBJECT_STORAGE_")}


@pytest.fixture
def env(monkeypatch):
    for key in CLEAN:
        monkeypatch.delenv(key)
    return monkeypatch


def test_no_bucket_keeps_files_in_media_root(env):
    assert default_storage_from_env() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_with_credentials_is_the_s3_storage(env):
    env.setenv("OBJECT_STORAGE_BUCKET", "annotations")
    env.setenv("OBJECT_STORAGE_ACCESS_KEY_ID", "key-id")
    env.setenv("OBJECT_STORAGE_SECRET_ACCESS_KEY", SECRET)
    env.setenv("OBJECT_STORAGE_ENDPOINT_URL", "http://127.0.0.1:9000")
    env.setenv("OBJECT_STORAGE_PART_MB", "8")
    storage = default_storage_from_env()
    options = storage["OPTIONS"]
    assert storage["BACKEND"] == S3_BACKEND
    assert (options["bucket_name"], options["endpoint_url"], options["addressing_style"]) == (
        "annotations", "http://127.0.0.1:9000", "path")
    assert options["transfer_config"].multipart_chunksize == 8 * 2**20  # parts of 8 MB: memory stays flat


@pytest.mark.parametrize("given, missing", [
    ({}, "OBJECT_STORAGE_ACCESS_KEY_ID and OBJECT_STORAGE_SECRET_ACCESS_KEY are not"),
    ({"OBJECT_STORAGE_ACCESS_KEY_ID": "key-id"}, "OBJECT_STORAGE_SECRET_ACCESS_KEY is not"),
    ({"OBJECT_STORAGE_SECRET_ACCESS_KEY": SECRET}, "OBJECT_STORAGE_ACCESS_KEY_ID is not"),
])
def test_a_bucket_without_credentials_is_refused_naming_what_is_missing(env, given, missing):
    env.setenv("OBJECT_STORAGE_BUCKET", "annotations")
    for key, value in given.items():
        env.setenv(key, value)
    with pytest.raises(ImproperlyConfigured) as caught:
        default_storage_from_env()
    assert missing in str(caught.value) and SECRET not in str(caught.value)


@pytest.mark.parametrize("key, value, named", [
    ("OBJECT_STORAGE_ENDPOINT_URL", "127.0.0.1:9000", "must start with http:// or https://"),
    ("OBJECT_STORAGE_ADDRESSING_STYLE", "sideways", "must be one of auto, path, virtual"),
    ("OBJECT_STORAGE_PART_MB", "1", "OBJECT_STORAGE_PART_MB must be at least 5"),
])
def test_bad_values_are_named(env, key, value, named):
    for name, given in (("OBJECT_STORAGE_BUCKET", "b"), ("OBJECT_STORAGE_ACCESS_KEY_ID", "k"),
                        ("OBJECT_STORAGE_SECRET_ACCESS_KEY", SECRET), (key, value)):
        env.setenv(name, given)
    with pytest.raises(ImproperlyConfigured) as caught:
        default_storage_from_env()
    assert named in str(caught.value) and SECRET not in str(caught.value)


def test_the_server_does_not_start_with_a_bucket_and_no_secret():
    result = run_check(DEBUG="0", SECRET_KEY="x" * 60, **{**CLEAN, "OBJECT_STORAGE_BUCKET": "annotations",
                                                          "OBJECT_STORAGE_ACCESS_KEY_ID": "key-id"})
    assert result.returncode != 0
    assert "OBJECT_STORAGE_SECRET_ACCESS_KEY is not" in result.stderr


def test_the_server_starts_with_a_bucket_and_never_prints_the_secret():
    result = run_check(DEBUG="0", SECRET_KEY="x" * 60, **{
        **CLEAN, "OBJECT_STORAGE_BUCKET": "annotations", "OBJECT_STORAGE_ACCESS_KEY_ID": "key-id",
        "OBJECT_STORAGE_SECRET_ACCESS_KEY": SECRET, "OBJECT_STORAGE_ENDPOINT_URL": "http://127.0.0.1:9"})
    assert result.returncode == 0, result.stderr
    assert SECRET not in result.stdout + result.stderr


def test_the_secret_is_masked_on_django_error_pages(env, settings):
    from django.views.debug import SafeExceptionReporterFilter

    env.setenv("OBJECT_STORAGE_BUCKET", "annotations")
    env.setenv("OBJECT_STORAGE_ACCESS_KEY_ID", "key-id")
    env.setenv("OBJECT_STORAGE_SECRET_ACCESS_KEY", SECRET)
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_from_env()}
    shown = SafeExceptionReporterFilter().get_safe_settings()["STORAGES"]["default"]["OPTIONS"]
    assert shown["secret_key"] != SECRET and SECRET not in repr(shown)
