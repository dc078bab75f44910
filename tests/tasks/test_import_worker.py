"""A real Celery worker process picks up an import job and reports progress on it."""
import json

import pytest
from django.db import transaction

from annotator.models import Document, Job
from annotator.services.jobs import job_create, job_enqueue
from annotator.tasks import import_documents_task
from tests.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_job_goes_from_queued_to_succeeded_with_progress(project, worker, tmp_path, settings):
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps({"text": f"Article {i} about Acme in Paris."}) + "\n" for i in range(30)))
    with transaction.atomic():
        job = job_create(kind="import", project=project, params={"path": str(path), "as": "documents"})
        job_enqueue(job=job)
    assert Job.objects.get(pk=job.pk).status == "queued"
    seen = set()

    def finished():
        current = Job.objects.get(pk=job.pk)
        seen.add(current.status)
        return current if current.is_finished else None

    job = wait_for(finished, timeout=90, interval=0.02)
    assert job.status == "succeeded", (job.errors, worker.log()[-2000:])
    assert job.done == job.total == 30
    assert job.result["created"] == 30
    assert Document.objects.filter(project=project).count() == 30
    assert "queued" in seen


def test_cancelled_queued_job_is_not_run(project, worker, tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"text": "Never stored."}) + "\n")
    from annotator.services.jobs import job_cancel

    job = job_create(kind="import", project=project, params={"path": str(path)})
    job_cancel(job=job)
    import_documents_task.delay(job.pk)
    marker = job_create(kind="import", project=project, params={"path": str(path)})
    import_documents_task.delay(marker.pk)
    wait_for(lambda: Job.objects.get(pk=marker.pk).is_finished, timeout=60)
    assert Job.objects.get(pk=job.pk).status == "cancelled"
    assert Document.objects.filter(text="Never stored.").count() == 1  # stored once, by the marker job
