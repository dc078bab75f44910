"""Starting pre-labeling from the admin: selected documents, and a project's new documents."""
import pytest
from django.urls import reverse

from annotator.models import Job
from annotator.services.documents import documents_add

pytestmark = pytest.mark.django_db

TEXTS = ["Maria Okafor visited Berlin.", "Siemens opened an office in Lagos.", "Kenji Watanabe joined Toyota."]


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
