"""A real Celery worker process builds exports: progress, the file, immutability, cancellation."""
import hashlib
import io
import zipfile

import pytest
from django.core.files.storage import default_storage

from annotator.models import Export, Job
from annotator.selectors.annotations import project_label_set
from annotator.services.annotation_import import annotations_import
from annotator.services.documents import documents_add
from annotator.services.exports import export_create, export_start
from annotator.services.jobs import job_cancel
from annotator.tasks import export_build_task
from tests.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def gold_documents(project, count):
    texts = [f"Maria Okafor of Reuters spoke in Lagos on day {i}." for i in range(count)]
    ids = documents_add(project=project, records=[{"text": t} for t in texts]).document_ids
    spans = [{"id": 1, "start": 0, "end": 12, "label": "PERSON"}, {"id": 2, "start": 16, "end": 23, "label": "ORG"}]
    annotations_import(kind="gold", document_ids=ids, labels=project_label_set(project=project),
                       bodies=[{"spans": spans, "relations": [{"head": 1, "child": 2, "label": "works_for"}]}] * count)
    return ids


def finished(export_id, seen=None):
    def check():
        export = Export.objects.select_related("job").get(pk=export_id)
        if seen is not None:
            seen.add(export.status)
        return export if export.status in ("succeeded", "failed", "cancelled") else None
    return check


def test_worker_builds_the_export_with_progress_and_never_rebuilds_it(project, users, worker):
    gold_documents(project, 1200)
    export = export_start(project=project, format="jsonl", created_by=users["alice"], seed=1)
    assert Export.objects.get(pk=export.pk).status == "queued"
    seen = set()
    export = wait_for(finished(export.pk, seen), timeout=120, interval=0.02)
    job = Job.objects.get(pk=export.job_id)
    assert (export.status, job.status) == ("succeeded", "succeeded"), (job.errors, worker.log()[-3000:])
    assert job.done == job.total == 1200 and job.started_at and job.finished_at
    assert "queued" in seen
    content = default_storage.open(export.file.name).read()  # MEDIA_ROOT, or the object store (.ci/run)
    assert hashlib.sha256(content).hexdigest() == export.sha256 and len(content) == export.size
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        lines = sum(archive.read(name).count(b"\n") for name in archive.namelist() if name.endswith(".jsonl"))
    assert lines == 1200 == sum(c["documents"] for c in export.manifest["counts"].values())
    before = (export.file.name, export.sha256, default_storage.get_modified_time(export.file.name))

    export_build_task.delay(export.job_id)  # delivered again: nothing happens
    marker = export_start(project=project, format="conll")
    wait_for(finished(marker.pk), timeout=120)
    export.refresh_from_db()
    assert (export.file.name, export.sha256, default_storage.get_modified_time(export.file.name)) == before
    assert Job.objects.get(pk=export.job_id).status == "succeeded"


def test_export_cancelled_while_queued_is_not_built(project, worker):
    gold_documents(project, 3)
    export = export_create(project=project, format="spacy")
    job_cancel(job=export.job)
    export_build_task.delay(export.job_id)
    marker = export_start(project=project, format="jsonl")
    wait_for(finished(marker.pk), timeout=120)
    export = wait_for(finished(export.pk), timeout=30)
    assert export.status == "cancelled" and not export.file
    assert Job.objects.get(pk=export.job_id).status == "cancelled"
