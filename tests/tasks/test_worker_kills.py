"""A worker SIGKILLed in the middle of an import or an export build, then restarted: the job
finishes, nothing is stored twice, and no half-written export is ever served.

With the filesystem broker the killed worker's message is gone, so this exercises the rescue
timer (annotator/signals.py): a running job silent for JOB_STALE_SECONDS is sent again.
"""
import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count

from annotator.models import Document, Export, Job
from annotator.services.exports import export_start
from annotator.services.jobs import job_create, job_enqueue
from tests.conftest import WorkerProcess, purge_broker, wait_for
from tests.tasks.test_export_worker import gold_documents

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fragile_worker(monkeypatch):
    """Worker settings that make a killed job look stale within seconds, and small steps."""
    monkeypatch.setenv("JOB_STALE_SECONDS", "5")
    monkeypatch.setenv("JOB_RESCUE_INTERVAL", "1")
    monkeypatch.setenv("IMPORT_CHUNK_SIZE", "100")
    purge_broker()
    workers = [WorkerProcess().start()]
    yield workers
    for process in workers:
        process.stop()


def kill_when(workers, predicate):
    wait_for(predicate, timeout=90, interval=0.01)
    workers[-1].kill()
    workers.append(WorkerProcess().start())


def test_import_killed_mid_job_finishes_without_duplicates(project, fragile_worker, tmp_path):
    count = 3000
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps({"text": f"Report {i}: Maria Okafor met Reuters staff in Lagos."}) + "\n"
                            for i in range(count)))
    with transaction.atomic():
        job = job_create(kind="import", project=project, params={"path": str(path), "as": "documents"})
        job_enqueue(job=job)

    def mid_job():
        current = Job.objects.get(pk=job.pk)
        return current.total and 0 < current.done < current.total

    kill_when(fragile_worker, mid_job)
    stored_at_kill = Document.objects.filter(project=project).count()
    assert 0 < stored_at_kill < count, "the kill did not land mid-job"
    job = wait_for(lambda: (j := Job.objects.get(pk=job.pk)).is_finished and j, timeout=120)
    assert job.status == "succeeded", (job.errors, fragile_worker[-1].log()[-3000:])
    assert Document.objects.filter(project=project).count() == count
    repeated = Document.objects.filter(project=project).values("text").annotate(n=Count("id")).filter(n__gt=1)
    assert not repeated.exists()


def test_export_killed_mid_build_finishes_and_serves_only_a_whole_file(project, users, fragile_worker, settings):
    gold_documents(project, 2500)
    export = export_start(project=project, format="spacy", created_by=users["carol"])

    def mid_build():
        current = Job.objects.get(pk=export.job_id)
        return current.total and 0 < current.done < current.total

    kill_when(fragile_worker, mid_build)
    assert Export.objects.get(pk=export.pk).file.name == "", "a file was recorded before the build finished"
    export = wait_for(lambda: (e := Export.objects.get(pk=export.pk)).status in ("succeeded", "failed") and e,
                      timeout=150)
    assert export.status == "succeeded", (export.job.errors, fragile_worker[-1].log()[-3000:])
    stored = default_storage.open(export.file.name).read()  # MEDIA_ROOT, or the object store (.ci/run)
    assert hashlib.sha256(stored).hexdigest() == export.sha256
    with zipfile.ZipFile(io.BytesIO(stored)) as archive:
        assert archive.testzip() is None
        manifest = json.loads(archive.read("manifest.json"))
    assert sum(split["documents"] for split in manifest["counts"].values()) == 2500
