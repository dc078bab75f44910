"""projects/{id}/assignments/: a manager assigns documents and alice's queue follows."""
import pytest

from annotator.models import Document


def make_documents(project, count):
    return [Document.objects.create(project=project, text=f"Text {i}.", content_hash=f"h{i}") for i in range(count)]


@pytest.mark.django_db
def test_assigning_changes_what_next_opens_for_alice(client, client_for, users, project):
    documents = make_documents(project, 4)
    api = client_for(users["carol"])
    response = api.post(f"/api/v1/projects/{project.pk}/assignments/",
                        {"username": "alice", "documents": [documents[2].pk]}, format="json")
    assert response.status_code == 201 and response.json()["ids"] == [documents[2].pk]
    client.force_login(users["alice"])
    assert client.get(f"/projects/{project.pk}/next/").url == f"/documents/{documents[2].pk}/annotate/"
    figures = api.get(f"/api/v1/projects/{project.pk}/assignments/").json()
    assert {"username": "alice", "role": "annotator", "assigned": 1, "done": 0, "open": 1} in figures


@pytest.mark.django_db
def test_count_or_documents_but_not_both(client_for, users, project):
    response = client_for(users["carol"]).post(f"/api/v1/projects/{project.pk}/assignments/",
                                               {"username": "alice", "count": 1, "documents": [1]}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "count"


@pytest.mark.django_db
def test_the_project_setting_turns_off_unassigned_work(client, client_for, users, project):
    make_documents(project, 2)
    client.force_login(users["alice"])
    assert client.get(f"/projects/{project.pk}/next/").status_code == 302
    response = client_for(users["carol"]).patch(f"/api/v1/projects/{project.pk}/", {"queue_unassigned": False},
                                                format="json")
    assert response.status_code == 200 and response.json()["queue_unassigned"] is False
    empty = client.get(f"/projects/{project.pk}/next/")
    assert empty.status_code == 200 and "Nothing" in empty.content.decode()
