"""The rescue (annotator/services/rescue.py) re-sends stale work of every kind by task name, once per stale period."""
from datetime import timedelta

import pytest
from django.utils import timezone

from annotator.models import Job, JobChunk
from annotator.services import rescue
from annotator.services.jobs import CHUNK_TASKS, JOB_TASKS

pytestmark = pytest.mark.django_db


def test_stale_jobs_and_chunks_are_sent_again_by_name(project, settings, monkeypatch):
    settings.JOB_STALE_SECONDS = 30
    sent = []
    monkeypatch.setattr(rescue, "task_send", lambda *, name, args: sent.append((name, *args)))
    old = timezone.now() - timedelta(seconds=60)
    export = Job.objects.create(project=project, kind="export", status="running", heartbeat_at=old)
    train = Job.objects.create(project=project, kind="train", status="running", heartbeat_at=timezone.now())
    queued_import = Job.objects.create(project=project, kind="import")  # not re-sent: only running ones are
    prelabel = Job.objects.create(project=project, kind="prelabel", status="running", heartbeat_at=old)
    chunk = JobChunk.objects.create(job=prelabel, number=0, items=[1], sent_at=old, heartbeat_at=old)

    assert rescue.jobs_rescue() == sent
    assert sorted(sent) == sorted([(JOB_TASKS["export"], export.pk), (CHUNK_TASKS["prelabel"], chunk.pk)])
    sent.clear()
    assert rescue.jobs_rescue() == [] and sent == []  # claimed: sent once per stale period
    later = timezone.now() + timedelta(seconds=31)
    assert (JOB_TASKS["train"], train.pk) in rescue.jobs_rescue(now=later)
    assert queued_import.pk not in [pk for _name, pk in sent]
