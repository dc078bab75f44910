"""Two real Celery worker processes that share nothing but the database, the broker and the object
store (each its own DATA_DIR, MEDIA_ROOT, cache and working directory, as on two machines): an upload
to the web process (this one) is imported by the first worker, the export is built by the second,
and the web process serves the download from the store."""
import io
import json
import os
import zipfile

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from annotator.models import Export, Job
from annotator.processes import ROOT, Process, worker_command
from tests.conftest import _worker_env, purge_broker, wait_for
from tests.object_store import local_files

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TEXT = "Zoë 😀 met Ann Lee of Acme Corp in 北京.\r\nCafe\u0301 Paris"
LOOSE = ("SQLITE_PATH", "DATABASE_URL", "CELERY_BROKER_URL", "BROKER_DIR")


def machine(name: str, folder, bucket) -> Process:
    """A worker with a folder of its own for everything but the database, broker and object store."""
    folder.mkdir(parents=True)
    env = {**_worker_env(), **bucket.env, "PYTHONPATH": str(ROOT), "DATA_DIR": str(folder),
           "MEDIA_ROOT": str(folder / "media"), "LOCAL_CACHE_DIR": str(folder / "cache"),
           "PRELABEL_PRELOAD_MODELS": ""}
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        env["BROKER_DIR"] = str(settings.BROKER_DIR)  # the broker: shared, as a Redis server would be
    process = Process(worker_command(concurrency=1, name=f"{name}-{os.getpid()}"), name=f"worker {name}", env=env,
                      log_path=folder / "worker.log", cwd=folder)
    process.start().wait_log(timeout=90)
    return process


def finished(job_id: int, timeout: float = 90) -> Job:
    return wait_for(lambda: (j := Job.objects.get(pk=job_id)).is_finished and j, timeout=timeout, interval=0.1)


def test_an_import_on_one_worker_and_an_export_on_another_share_only_the_store(object_store, project, users,
                                                                               tmp_path):
    purge_broker()
    carol, bob = APIClient(), APIClient()
    carol.force_authenticate(users["carol"])
    bob.force_authenticate(users["bob"])
    record = {"text": TEXT, "spans": [{"start": 0, "end": 3, "label": "PERSON"},
                                      {"start": TEXT.index("北京"), "end": TEXT.index("北京") + 2, "label": "GPE"}]}
    first = machine("a", tmp_path / "machine-a", object_store)
    try:
        response = carol.post(f"/api/v1/projects/{project.pk}/imports/",
                              {"file": io.BytesIO(json.dumps(record, ensure_ascii=False).encode() + b"\n"),
                               "as": "gold"}, format="multipart")
        assert response.status_code == 202, response.json()
        job = finished(response.json()["id"])
        assert job.status == "succeeded", (job.errors, first.log()[-3000:])
    finally:
        first.stop()
    second = machine("b", tmp_path / "machine-b", object_store)
    try:
        response = bob.post(f"/api/v1/projects/{project.pk}/exports/", {"format": "jsonl", "split": {"train": 1.0}},
                            format="json")
        export_job = finished(response.json()["job"])
        assert export_job.status == "succeeded", (export_job.errors, second.log()[-3000:])
    finally:
        second.stop()

    export = Export.objects.get(pk=response.json()["id"])
    assert object_store.keys() == sorted([f"{object_store.prefix}/{job.params['upload']}",
                                          f"{object_store.prefix}/{export.file.name}"])
    for folder in (tmp_path / "machine-a", tmp_path / "machine-b"):  # nothing stayed on either machine
        assert not local_files(folder / "media") and not local_files(folder / "cache"), local_files(folder)
    assert not local_files(settings.MEDIA_ROOT)

    download = bob.get(f"/api/v1/exports/{export.pk}/download/")
    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        line = json.loads(archive.read("train.jsonl"))
    assert line["text"] == TEXT
    spans = [(s["start"], s["end"], s["text"]) for s in line["spans"]]
    assert spans == [(0, 3, "Zoë"), (34, 36, "北京")]  # code points: 😀 counts one
