"""The job-wait helper the commands share: progress lines, the worker hint, the timeout, failures."""
import io

import pytest
from django.core.management.base import CommandError, OutputWrapper

from annotator.management import jobwait
from annotator.models import Job, JobKind, JobStatus
from annotator.services.jobs import job_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def out():
    return OutputWrapper(io.StringIO()), OutputWrapper(io.StringIO())


def steps(monkeypatch, job, changes):
    """Each sleep applies the next change to the job (a dict of fields)."""
    pending = list(changes)

    def sleep(_seconds):
        if pending:
            Job.objects.filter(pk=job.pk).update(**pending.pop(0))
    monkeypatch.setattr(jobwait.time, "sleep", sleep)


def test_waits_showing_each_change_once(project, out, monkeypatch):
    job = job_create(kind=JobKind.PRELABEL, project=project, total=4)
    steps(monkeypatch, job, [{"status": JobStatus.RUNNING}, {"done": 0}, {"done": 2},
                             {"status": JobStatus.SUCCEEDED, "done": 4}])
    stdout, stderr = out
    finished = jobwait.job_wait(job_id=job.pk, stdout=stdout, stderr=stderr)
    assert finished.status == JobStatus.SUCCEEDED
    assert stdout._out.getvalue().splitlines() == ["  queued 0/4", "  running 0/4", "  running 2/4"]
    assert stderr._out.getvalue() == ""
    jobwait.job_check_succeeded(finished)  # no error


def test_custom_lines_and_change_keys(project, out, monkeypatch):
    job = job_create(kind=JobKind.TRAIN, project=project, total=10)
    steps(monkeypatch, job, [{"done": 1}, {"done": 2, "status": JobStatus.SUCCEEDED}])
    stdout, stderr = out
    jobwait.job_wait(job_id=job.pk, stdout=stdout, stderr=stderr, line=lambda j: f"step {j.done}",
                     changed=lambda j: j.status)
    assert stdout._out.getvalue().splitlines() == ["step 0"]  # the status did not change: one line


def test_hint_when_still_queued_and_timeout(project, out, monkeypatch):
    job = job_create(kind=JobKind.PRELABEL, project=project)
    monkeypatch.setattr(jobwait, "QUEUED_HINT_SECONDS", -1)
    monkeypatch.setattr(jobwait.time, "sleep", lambda _seconds: None)
    stdout, stderr = out
    with pytest.raises(CommandError, match=rf"job {job.pk} not finished after 0.001s \(still queued\)"):
        jobwait.job_wait(job_id=job.pk, stdout=stdout, stderr=stderr, timeout=0.001)
    assert stderr._out.getvalue().count("is a worker running?") == 1


def test_failed_job_names_its_errors(project):
    job = job_create(kind=JobKind.PRELABEL, project=project)
    job.status, job.errors = JobStatus.FAILED, [{"message": "no model"}, {"message": "bad label"}]
    with pytest.raises(CommandError, match=f"^job {job.pk} failed: no model; bad label$"):
        jobwait.job_check_succeeded(job)
    job.errors = []
    with pytest.raises(CommandError, match="failed: no message$"):
        jobwait.job_check_succeeded(job)
    assert jobwait.job_messages(job, default="failed") == "failed"
