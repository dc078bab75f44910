"""Starting pre-labeling from the admin (documents and projects) and from `manage.py prelabel`."""
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from annotator.celery import app
from annotator.models import Job
from annotator.services.documents import documents_add

pytestmark = pytest.mark.django_db

TEXTS = ["Maria Okafor visited Berlin.", "Siemens opened an office in Lagos.", "Kenji Watanabe joined Toyota."]


@pytest.fixture
def eager():
    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    return client


def test_document_action_prelabels_the_selected_documents(admin_client, project):
    ids = documents_add(project=project, records=[{"text": t} for t in TEXTS]).ids
    response = admin_client.post(reverse("admin:annotator_document_changelist"),
                                 {"action": "prelabel_selected", "_selected_action": ids[:2]}, follow=True)
    assert response.status_code == 200
    job = Job.objects.get(kind="prelabel")
    assert job.params["documents"] == ids[:2] and job.project == project
    assert f"Started pre-label jobs {job.pk}" in response.content.decode()


def test_project_action_prelabels_new_documents(admin_client, project):
    documents_add(project=project, records=[{"text": t} for t in TEXTS])
    response = admin_client.post(reverse("admin:annotator_project_changelist"),
                                 {"action": "prelabel_new_documents", "_selected_action": [project.pk]}, follow=True)
    assert response.status_code == 200
    job = Job.objects.get(kind="prelabel")
    assert job.params == {"documents": None, "model": project.spacy_model}


def test_command_queues_a_job_and_waits_for_it(project, eager, monkeypatch, capsys):
    documents_add(project=project, records=[{"text": t} for t in TEXTS])
    call_command("prelabel", str(project.pk))  # queued after commit; this test's transaction never commits
    assert Job.objects.get().status == "queued"
    # Run the job's task at once (eagerly, in this process) instead of after the commit.
    monkeypatch.setattr("annotator.services.prelabel.job_enqueue", lambda *, job, task: task.delay(job.pk))
    call_command("prelabel", project.name, "--wait", "--timeout", "30")
    assert "3 documents pre-labeled" in capsys.readouterr().out
    with pytest.raises(CommandError, match="no project"):
        call_command("prelabel", "Nope")
    with pytest.raises(CommandError, match="no_such_model"):
        call_command("prelabel", project.name, "--model", "no_such_model", "--wait", "--timeout", "30")
