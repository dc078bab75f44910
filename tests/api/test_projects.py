"""projects/: list, create, read, change, delete, members, stats."""
import pytest

from annotator.models import Membership, Project


@pytest.mark.django_db
class TestCreate:
    def test_staff_create_with_types_by_name_and_become_manager(self, client_for, staff):
        body = {
            "name": "Biomed", "description": "d", "guidelines": "# Rules", "allow_overlap": True,
            "label_map": {"PERSON": "PER"},
            "entity_types": [{"name": "PER", "hotkey": "p"}, {"name": "DRUG", "color": "#123456"}],
            "relation_types": [{"name": "treats", "head_types": ["DRUG"], "child_types": ["PER"], "symmetric": False}],
        }
        response = client_for(staff).post("/api/v1/projects/", body, format="json")
        assert response.status_code == 201, response.json()
        project = response.json()
        assert set(project) >= {"id", "name", "description", "guidelines", "spacy_model", "label_map", "allow_overlap",
                                "entity_types", "relation_types"}
        assert project["allow_overlap"] is True and project["label_map"] == {"PERSON": "PER"}
        assert [t["name"] for t in project["entity_types"]] == ["PER", "DRUG"]
        assert set(project["entity_types"][0]) == {"id", "name", "color", "hotkey", "description"}
        assert project["entity_types"][1]["color"] == "#123456"
        relation = project["relation_types"][0]
        assert set(relation) == {"id", "name", "color", "hotkey", "head_types", "child_types", "symmetric"}
        assert relation["head_types"] == ["DRUG"] and relation["child_types"] == ["PER"]
        assert Membership.objects.get(project_id=project["id"], user=staff).role == "manager"

    def test_a_project_object_can_be_posted_back(self, client_for, staff, project, users):
        original = client_for(users["alice"]).get(f"/api/v1/projects/{project.pk}/").json()
        copy = {**original, "name": "Copy"}
        response = client_for(staff).post("/api/v1/projects/", copy, format="json")
        assert response.status_code == 201, response.json()
        assert [t["name"] for t in response.json()["relation_types"]] == ["works_for", "located_in"]

    @pytest.mark.parametrize("body, field", [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x", "colour": "red"}, "colour"),
        ({"name": "x", "allow_overlap": "yes"}, "allow_overlap"),
        ({"name": "x", "entity_types": [{"name": "A"}, {"name": "A"}]}, "entity_types"),
        ({"name": "x", "entity_types": [{"name": "A", "hotkey": "a"}, {"name": "B", "hotkey": "a"}]}, "entity_types"),
        ({"name": "x", "entity_types": [{"nam": "A"}]}, "entity_types[0].nam"),
        ({"name": "x", "relation_types": [{"name": "r", "head_types": ["NOPE"]}]}, "relation_types[0].head_types"),
        ({"name": "x", "label_map": {"A": 1}}, "label_map.A"),
        ({"name": "x", "annotators_per_document": 0}, "annotators_per_document"),
    ])
    def test_bad_bodies_name_the_field(self, client_for, staff, body, field):
        response = client_for(staff).post("/api/v1/projects/", body, format="json")
        assert response.status_code == 400, response.json()
        assert field in [e["field"] for e in response.json()["errors"]]
        assert Project.objects.count() == 0


@pytest.mark.django_db
class TestChange:
    def test_manager_changes_settings_and_adds_types(self, client_for, users, project):
        body = {"name": "News 2", "allow_overlap": True,
                "entity_types": [{"name": "PERSON", "color": "#000000"}, {"name": "DATE", "hotkey": "d"}]}
        response = client_for(users["carol"]).patch(f"/api/v1/projects/{project.pk}/", body, format="json")
        assert response.status_code == 200
        data = response.json()
        assert data["name"] == "News 2" and data["allow_overlap"] is True
        types = {t["name"]: t for t in data["entity_types"]}
        assert set(types) == {"PERSON", "ORG", "GPE", "DATE"} and types["PERSON"]["color"] == "#000000"

    def test_hotkey_taken_by_another_type_is_named(self, client_for, users, project):
        response = client_for(users["carol"]).patch(f"/api/v1/projects/{project.pk}/",
                                                    {"entity_types": [{"name": "DATE", "hotkey": "p"}]}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"] == [{"field": "entity_types[0].hotkey", "message": "already used by 'PERSON'"}]

    def test_delete(self, client_for, users, project, document):
        assert client_for(users["carol"]).delete(f"/api/v1/projects/{project.pk}/").status_code == 204
        assert not Project.objects.filter(pk=project.pk).exists()


@pytest.mark.django_db
class TestMembers:
    def test_manager_adds_and_changes_a_member(self, client_for, users, project):
        carol = client_for(users["carol"])
        response = carol.post(f"/api/v1/projects/{project.pk}/members/", {"username": "mallory", "role": "reviewer"},
                              format="json")
        assert response.status_code == 201 and response.json() == {"username": "mallory", "role": "reviewer"}
        assert client_for(users["mallory"]).get(f"/api/v1/projects/{project.pk}/").status_code == 200
        carol.post(f"/api/v1/projects/{project.pk}/members/", {"username": "mallory", "role": "annotator"},
                   format="json")
        members = client_for(users["alice"]).get(f"/api/v1/projects/{project.pk}/members/").json()["results"]
        assert {"username": "mallory", "role": "annotator"} in members and len(members) == 4


@pytest.mark.django_db
class TestStats:
    def test_counts_by_status_kind_and_job(self, client_for, users, project, document):
        from annotator.models import Job, JobKind, JobStatus

        Job.objects.create(project=project, kind=JobKind.PRELABEL, status=JobStatus.RUNNING)
        client_for(users["alice"]).put(f"/api/v1/documents/{document.pk}/annotations/mine/",
                                       {"spans": [], "relations": [], "submit": True}, format="json")
        stats = client_for(users["alice"]).get(f"/api/v1/projects/{project.pk}/stats/").json()
        assert stats["documents"]["total"] == 1 and stats["documents"]["by_status"]["submitted"] == 1
        assert stats["documents"]["by_status"]["new"] == 0
        assert stats["annotations"] == {"prediction": 0, "annotation": 1, "gold": 0}
        assert stats["jobs"]["running"] == 1
        assert stats["progress"]["total"] == 1 and stats["progress"]["by_status"]["submitted"] == 1
        assert stats["prelabel_quality"] == {} and stats["agreement"] == {} and stats["annotators"] == []

    def test_query_count_is_fixed(self, client_for, users, project, document, django_assert_max_num_queries):
        client = client_for(users["alice"])
        with django_assert_max_num_queries(5):
            assert client.get(f"/api/v1/projects/{project.pk}/stats/").status_code == 200


@pytest.mark.django_db
def test_project_list_query_count_is_fixed(client_for, staff, django_assert_max_num_queries):
    from annotator.services.projects import project_create

    for n in range(12):
        project_create(name=f"P{n}", entity_types=["A", "B"], relation_types=[{"name": "r", "head_types": ["A"]}])
    client = client_for(staff)
    with django_assert_max_num_queries(7):
        response = client.get("/api/v1/projects/")
    assert response.json()["count"] == 12
