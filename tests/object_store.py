"""A real S3-compatible server for the tests of object storage (annotator/storage_settings.py,
annotator/stored_files.py), and a fresh bucket per test.

The server is the one OBJECT_STORAGE_ENDPOINT_URL names when the environment sets it (.ci/run starts
moto's server and exports its settings), else moto's server mode started here on 127.0.0.1 on a free
port for the test session. Each test gets a bucket of its own; the Django settings of the test point
the default storage at it, and `worker_env` gives worker processes the same settings.
"""
import os
import socket
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from annotator.processes import Process

ENV_KEYS = ("OBJECT_STORAGE_ENDPOINT_URL", "OBJECT_STORAGE_ACCESS_KEY_ID", "OBJECT_STORAGE_SECRET_ACCESS_KEY",
            "OBJECT_STORAGE_REGION")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """{variable: value} of a running S3-compatible server (endpoint, credentials, region)."""
    if os.environ.get("OBJECT_STORAGE_ENDPOINT_URL"):
        yield {key: os.environ.get(key, "") for key in ENV_KEYS}
        return
    port = _free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    server = Process([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], name="moto server",
                     env={**os.environ, "MOTO_PORT": str(port)}, log_path=log).start()
    try:
        server.wait_http(("127.0.0.1", port), path="/moto-api/", timeout=60)
        # moto accepts any credentials; these are checked as a real server would see them signed.
        yield {"OBJECT_STORAGE_ENDPOINT_URL": f"http://127.0.0.1:{port}",
               "OBJECT_STORAGE_ACCESS_KEY_ID": "test-key-id", "OBJECT_STORAGE_SECRET_ACCESS_KEY": "test-secret-value",
               "OBJECT_STORAGE_REGION": "us-east-1"}
    finally:
        server.stop()


def s3_client(server: dict):
    import boto3

    return boto3.client("s3", endpoint_url=server["OBJECT_STORAGE_ENDPOINT_URL"],
                        aws_access_key_id=server["OBJECT_STORAGE_ACCESS_KEY_ID"],
                        aws_secret_access_key=server["OBJECT_STORAGE_SECRET_ACCESS_KEY"],
                        region_name=server["OBJECT_STORAGE_REGION"] or "us-east-1")


class Bucket:
    """The test's bucket: `env` for processes, `keys()` lists what it holds, `get(key)` reads one."""

    def __init__(self, server: dict, name: str, prefix: str):
        self.name, self.prefix = name, prefix
        self.env = {**server, "OBJECT_STORAGE_BUCKET": name, "OBJECT_STORAGE_PREFIX": prefix}
        self.client = s3_client(server)

    def keys(self) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def get(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture
def object_store(s3_server, settings, monkeypatch, tmp_path) -> Bucket:
    """A new bucket on the server, made the default storage of this test (and of the processes it
    starts with `bucket.env`); LOCAL_CACHE_DIR and MEDIA_ROOT are folders of this test."""
    from annotator.storage_settings import default_storage_from_env

    bucket = Bucket(s3_server, f"test-{uuid.uuid4().hex[:20]}", prefix=f"run-{os.getpid()}")
    bucket.client.create_bucket(Bucket=bucket.name)
    for key, value in bucket.env.items():
        monkeypatch.setenv(key, value)
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_from_env()}
    settings.LOCAL_CACHE_DIR = tmp_path / "cache"
    settings.MEDIA_ROOT = tmp_path / "media"  # nothing may land here: the tests look
    yield bucket
    for key in bucket.keys():
        bucket.client.delete_object(Bucket=bucket.name, Key=key)
    bucket.client.delete_bucket(Bucket=bucket.name)


def local_files(folder: Path) -> list[str]:
    """Files under `folder` (relative names), to show that nothing was kept on this machine."""
    return sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*") if p.is_file()) if folder.exists() else []


def settings_env() -> dict:
    """The object-storage variables of this process (to hand to a process started by a test)."""
    return {key: value for key, value in os.environ.items() if key.startswith("OBJECT_STORAGE_")} | {
        "LOCAL_CACHE_DIR": str(settings.LOCAL_CACHE_DIR)}


def use_local_storage(settings, media_root: Path) -> Path:
    """Keep this test's files in `media_root` on this machine whatever the environment says (.ci/run
    turns the object store on for a whole pass): for tests that look into MEDIA_ROOT's folders."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = media_root
    return media_root
