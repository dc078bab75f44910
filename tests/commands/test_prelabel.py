"""`manage.py prelabel`: queues a pre-label job and, with --wait, waits for it."""
import pytest
from django.core.management import CommandError, call_command

from annotator.models import Job
from annotator.services.documents import documents_add
from annotator.services.jobs import JOB_TASKS, task_send

pytestmark = pytest.mark.django_db

TEXTS = ["Maria Okafor visited Berlin.", "Siemens opened an office in Lagos.", "Kenji Watanabe joined Toyota."]


def test_command_queues_a_job_and_waits_for_it(project, eager, monkeypatch, capsys):
    documents_add(project=project, records=[{"text": t} for t in TEXTS])
    call_command("prelabel", str(project.pk))  # queued after commit; this test's transaction never commits
    assert Job.objects.get().status == "queued"
    # Run the job's task at once (eagerly, in this process) instead of after the commit.
    monkeypatch.setattr("annotator.services.prelabel.job_enqueue",
                        lambda *, job: task_send(name=JOB_TASKS[job.kind], args=[job.pk]))
    call_command("prelabel", project.name, "--wait", "--timeout", "30")
    assert "3 documents pre-labeled" in capsys.readouterr().out
    with pytest.raises(CommandError, match="no project"):
        call_command("prelabel", "Nope")
    with pytest.raises(CommandError, match="no_such_model"):
        call_command("prelabel", project.name, "--model", "no_such_model", "--wait", "--timeout", "30")
