"""projects/{id}/entity-types/ and relation-types/: the label set edited one type at a time over the API."""
import pytest

from annotator.models import Annotation, AnnotationKind, Span


@pytest.fixture
def gold_span(document):
    annotation = Annotation.objects.create(document=document, kind=AnnotationKind.GOLD)
    return Span.objects.create(annotation=annotation, start=0, end=3,
                               label=document.project.entity_types.get(name="ORG"))


@pytest.mark.django_db
def test_a_hotkey_clash_is_a_400_naming_the_field(client_for, users, project):
    response = client_for(users["carol"]).post(f"/api/v1/projects/{project.pk}/entity-types/",
                                               {"name": "DATE", "hotkey": "o"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0] == {"field": "hotkey", "message": "'o' already belongs to 'ORG'"}


@pytest.mark.django_db
def test_renaming_a_label_in_use_shows_in_the_documents_annotations(client_for, users, project, document, gold_span):
    client = client_for(users["carol"])
    org = gold_span.label
    response = client.patch(f"/api/v1/projects/{project.pk}/entity-types/{org.pk}/", {"name": "ORGANIZATION"},
                            format="json")
    assert response.status_code == 200 and response.json()["name"] == "ORGANIZATION"
    annotations = client.get(f"/api/v1/documents/{document.pk}/annotations/").json()["results"]
    gold = next(a for a in annotations if a["kind"] == "gold")
    assert [(s["start"], s["end"], s["label"]) for s in gold["spans"]] == [(0, 3, "ORGANIZATION")]


@pytest.mark.django_db
def test_deleting_a_label_in_use_is_a_409_with_the_count(client_for, users, project, gold_span):
    client = client_for(users["carol"])
    response = client.delete(f"/api/v1/projects/{project.pk}/entity-types/{gold_span.label.pk}/")
    assert response.status_code == 409
    assert "used by 1 span in 1 document" in response.json()["detail"]
    assert Span.objects.filter(pk=gold_span.pk).exists()


@pytest.mark.django_db
def test_a_type_of_another_project_is_404(client_for, users, project):
    from annotator.services.projects import project_create

    other = project_create(name="Other", entity_types=["X"])
    response = client_for(users["carol"]).patch(
        f"/api/v1/projects/{project.pk}/entity-types/{other.entity_types.get().pk}/", {"name": "Y"}, format="json")
    assert response.status_code == 404


@pytest.mark.django_db
def test_member_role_change_and_the_last_manager(client_for, users, project):
    client = client_for(users["carol"])
    url = f"/api/v1/projects/{project.pk}/members/"
    assert client.patch(url + "alice/", {"role": "reviewer"}, format="json").json() == {
        "username": "alice", "role": "reviewer"}
    response = client.patch(url + "carol/", {"role": "annotator"}, format="json")
    assert response.status_code == 409 and "last manager" in response.json()["detail"]
    assert client.patch(url + "mallory/", {"role": "reviewer"}, format="json").status_code == 404
