"""Every admin page opens on the demo project."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse


@pytest.mark.django_db
def test_admin_pages_work_for_every_model(client):
    from annotator.services.demo import demo_load

    project, _ = demo_load()
    client.force_login(get_user_model().objects.get(username="demo"))
    for model in ["project", "entitytype", "relationtype", "membership", "document", "annotation", "span",
                  "relation", "job", "export", "thread", "documentskip"]:
        url = reverse(f"admin:annotator_{model}_changelist")
        response = client.get(url)
        assert response.status_code == 200, url
    response = client.get(reverse("admin:annotator_project_change", args=[project.pk]))
    assert response.status_code == 200 and b"works_for" in response.content
    doc = project.documents.first()
    assert client.get(reverse("admin:annotator_document_change", args=[doc.pk])).status_code == 200


@pytest.mark.django_db
def test_assignments_are_listed_by_project_and_can_be_taken_back(client):
    from annotator.models import Assignment
    from annotator.services.assignments import documents_assign
    from annotator.services.demo import demo_load

    project, _ = demo_load()
    documents_assign(project=project, username="alice", count=2)
    client.force_login(get_user_model().objects.get(username="demo"))
    listing = client.get(reverse("admin:annotator_assignment_changelist") + f"?document__project__id__exact={project.pk}")
    assert listing.status_code == 200 and listing.content.decode().count("alice") >= 2
    assert client.get(reverse("admin:annotator_assignment_add")).status_code == 403
    first = Assignment.objects.first()
    client.post(reverse("admin:annotator_assignment_delete", args=[first.pk]), {"post": "yes"})
    assert Assignment.objects.count() == 1


@pytest.mark.django_db
def test_a_flag_is_resolved_from_the_admin(client):
    from annotator.models import Thread
    from annotator.services.demo import demo_load
    from annotator.services.threads import thread_open

    project, _ = demo_load()
    client.force_login(get_user_model().objects.get(username="demo"))
    thread = thread_open(document=project.documents.first(), user=None, body="Is 北京 a GPE?", flag=True)
    assert client.get(reverse("admin:annotator_thread_change", args=[thread.pk])).status_code == 200
    response = client.post(reverse("admin:annotator_thread_changelist"),
                           {"action": "resolve", "_selected_action": [thread.pk]})
    assert response.status_code == 302
    thread = Thread.objects.get(pk=thread.pk)
    assert thread.resolved_at is not None and thread.resolved_by.username == "demo"
