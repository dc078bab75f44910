import pytest
from django.urls import reverse

from annotator.models import Document, Membership, Project


@pytest.mark.django_db
def test_demo_loads_idempotently():
    from annotator.services.demo import demo_load

    project, created = demo_load()
    assert created >= 20
    assert set(project.entity_types.values_list("name", flat=True)) >= {"PERSON", "ORG", "GPE", "LOC", "NORP", "DATE",
                                                                         "CARDINAL", "QUANTITY"}
    works_for = project.relation_types.get(name="works_for")
    assert list(works_for.head_types.values_list("name", flat=True)) == ["PERSON"]
    again, created_again = demo_load()
    assert again.pk == project.pk and created_again == 0
    assert Project.objects.count() == 1
    assert Document.objects.filter(project=project).count() == created
    assert Membership.objects.filter(project=project, user__username="alice", role="annotator").exists()


@pytest.mark.django_db
def test_admin_pages_work_for_every_model(client):
    from annotator.services.demo import demo_load

    project, _ = demo_load()
    client.login(username="demo", password="demo")
    for model in ["project", "entitytype", "relationtype", "membership", "document", "annotation", "span",
                  "relation", "job", "export"]:
        url = reverse(f"admin:annotator_{model}_changelist")
        response = client.get(url)
        assert response.status_code == 200, url
    response = client.get(reverse("admin:annotator_project_change", args=[project.pk]))
    assert response.status_code == 200 and b"works_for" in response.content
    doc = project.documents.first()
    assert client.get(reverse("admin:annotator_document_change", args=[doc.pk])).status_code == 200


@pytest.mark.django_db
def test_home_lists_only_my_projects(client, project, users):
    from annotator.services.projects import project_create

    project_create(name="Secret project")
    client.force_login(users["alice"])
    page = client.get("/").content.decode()
    assert "News" in page and "Secret project" not in page
    client.logout()
    assert client.get("/").status_code == 302
