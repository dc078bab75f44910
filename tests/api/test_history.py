"""GET documents/{id}/annotations/{annotation_id}/history/ and POST .../restore/, and the sources saves record."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from annotator.models import Annotation, AnnotationVersion, Document, EntityType
from annotator.selectors.annotations import project_label_set
from annotator.services.annotation_import import annotations_import
from tests.api.conftest import TEXT, span_at

pytestmark = pytest.mark.django_db


def mine_url(document) -> str:
    return f"/api/v1/documents/{document.pk}/annotations/mine/"


def history_url(document, annotation_id) -> str:
    return f"/api/v1/documents/{document.pk}/annotations/{annotation_id}/history/"


def restore_url(document, annotation_id) -> str:
    return f"/api/v1/documents/{document.pk}/annotations/{annotation_id}/restore/"


# After an emoji, CJK, a combining mark and CRLF: the history's span texts are code point slices.
SPANS = [span_at(TEXT, "Ann Lee", "PERSON", id="ann"), span_at(TEXT, "Acme Corp", "ORG", id="acme"),
         span_at(TEXT, "北京", "GPE", id="bj"), span_at(TEXT, "Paris", "GPE", id="paris")]
RELATIONS = [{"head": "acme", "child": "bj", "label": "located_in"}, {"head": "ann", "child": "acme",
                                                                      "label": "works_for"}]


@pytest.fixture
def clients(client_for, users) -> dict:
    return {name: client_for(user) for name, user in users.items()}


@pytest.fixture
def session_for(users):
    """A browser-like client: session auth, as the editor saves."""
    def make(name: str) -> APIClient:
        client = APIClient()
        client.force_login(users[name])
        return client
    return make


def save(client, document, spans, relations=(), **extra):
    response = client.put(mine_url(document), {"spans": spans, "relations": list(relations), **extra}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


class TestSources:
    def test_the_editor_and_a_script_are_told_apart_and_every_save_is_kept(self, session_for, clients, document):
        first = save(session_for("alice"), document, SPANS, RELATIONS)
        save(session_for("alice"), document, SPANS[:1], version=1, submit=True)
        save(clients["alice"], document, [])  # a script's unconditional PUT: no `version`
        results = clients["alice"].get(history_url(document, first["id"])).json()["results"]
        assert [(v["version"], v["source"], v["author"], v["status"]) for v in results] == [
            (3, "api", "alice", "draft"), (2, "editor", "alice", "submitted"), (1, "editor", "alice", "draft")]

    def test_a_gold_save_is_a_review_version(self, clients, document):
        response = clients["bob"].put(f"/api/v1/documents/{document.pk}/gold/", {"spans": SPANS[:2]}, format="json")
        assert response.status_code == 200
        [item] = clients["bob"].get(history_url(document, response.json()["id"])).json()["results"]
        assert (item["source"], item["author"], item["version"]) == ("review", "bob", 1)


class TestHistory:
    def test_items_carry_code_point_texts_and_relations_by_span_position(self, clients, document):
        first = save(clients["alice"], document, SPANS, RELATIONS)
        page = clients["alice"].get(history_url(document, first["id"])).json()
        assert set(page) >= {"results", "next"} and page["next"] is None
        [item] = page["results"]
        assert set(item) == {"version", "author", "created_at", "source", "status", "model_version", "spans",
                             "relations"}
        assert [(s["text"], s["label"]) for s in item["spans"]] == [("Ann Lee", "PERSON"), ("Acme Corp", "ORG"),
                                                                    ("北京", "GPE"), ("Paris", "GPE")]
        assert [(s["start"], s["end"]) for s in item["spans"]] == [(s["start"], s["end"]) for s in SPANS]
        # Relations point at spans by position in this item's `spans`.
        assert item["relations"] == [{"head": 1, "child": 2, "label": "located_in"},
                                     {"head": 0, "child": 1, "label": "works_for"}]
        assert item["model_version"] is None and item["created_at"].startswith("20")

    def test_pages_newest_first(self, clients, document):
        first = save(clients["alice"], document, SPANS[:1])
        for version in range(1, 5):
            save(clients["alice"], document, SPANS[:version + 1 if version < 4 else 1], version=version)
        url = history_url(document, first["id"])
        page = clients["alice"].get(url, {"page_size": 2}).json()
        assert [v["version"] for v in page["results"]] == [5, 4] and page["count"] == 5
        second = clients["alice"].get(page["next"]).json()
        assert [v["version"] for v in second["results"]] == [3, 2]
        assert [len(v["spans"]) for v in second["results"]] == [3, 2]

    def test_who_sees_which_history(self, clients, users, document, project):
        alices = save(clients["alice"], document, SPANS[:1])
        bobs = save(clients["bob"], document, SPANS[:2])
        annotations_import(kind="prediction", document_ids=[document.pk], bodies=[{"spans": SPANS}],
                           labels=project_label_set(project=project), model="m")
        prediction = Annotation.objects.get(kind="prediction").pk
        visible = {"alice": {alices["id"]}, "bob": {alices["id"], bobs["id"], prediction},
                   "carol": {alices["id"], bobs["id"], prediction}, "mallory": set()}
        for name, client in clients.items():
            for annotation_id in (alices["id"], bobs["id"], prediction):
                response = client.get(history_url(document, annotation_id))
                expected = 200 if annotation_id in visible[name] else 404
                assert response.status_code == expected, (name, annotation_id, response.json())
        assert APIClient().get(history_url(document, alices["id"])).status_code in (401, 403)

    def test_an_unknown_annotation_or_one_of_another_document_is_404(self, clients, project, document):
        first = save(clients["alice"], document, SPANS[:1])
        other = Document.objects.create(project=project, text="Other", content_hash="other")
        assert clients["bob"].get(history_url(other, first["id"])).status_code == 404
        assert clients["bob"].get(history_url(document, first["id"] + 100)).status_code == 404
        assert clients["bob"].get(f"/api/v1/documents/{document.pk + 100}/annotations/{first['id']}/history/") \
            .status_code == 404


class TestRestore:
    def test_round_trip(self, clients, document):
        first = save(clients["alice"], document, SPANS, RELATIONS)
        save(clients["alice"], document, SPANS[3:], version=1)
        response = clients["alice"].post(restore_url(document, first["id"]), {"version": 1, "current_version": 2},
                                         format="json")
        assert response.status_code == 200, response.json()
        restored = response.json()
        assert restored["version"] == 3 and restored["author"] == "alice"
        assert [(s["start"], s["end"], s["label"], s["text"]) for s in restored["spans"]] == \
               [(s["start"], s["end"], s["label"], s["text"]) for s in first["spans"]]
        by_id = {s["id"]: s["text"] for s in restored["spans"]}
        assert [(by_id[r["head"]], by_id[r["child"]], r["label"]) for r in restored["relations"]] == \
               [("Acme Corp", "北京", "located_in"), ("Ann Lee", "Acme Corp", "works_for")]
        # The editor's next load: what GET annotations shows is what was restored.
        [mine] = clients["alice"].get(f"/api/v1/documents/{document.pk}/annotations/").json()["results"]
        assert mine["version"] == 3 and len(mine["spans"]) == 4
        history = clients["alice"].get(history_url(document, first["id"])).json()["results"]
        assert [(v["version"], v["source"]) for v in history] == [(3, "restore"), (2, "api"), (1, "api")]
        assert history[0]["spans"] == history[2]["spans"] and history[0]["relations"] == history[2]["relations"]

    def test_stale_current_version_is_409_and_changes_nothing(self, clients, document):
        first = save(clients["alice"], document, SPANS)
        save(clients["alice"], document, [], version=1)
        response = clients["alice"].post(restore_url(document, first["id"]), {"version": 1, "current_version": 1},
                                         format="json")
        assert response.status_code == 409 and response.json()["errors"][0]["field"] == "version"
        assert Annotation.objects.get(pk=first["id"]).spans.count() == 0
        assert AnnotationVersion.objects.count() == 2

    @pytest.mark.parametrize("body, field", [({"version": 7, "current_version": 1}, "version"),
                                             ({"version": 1}, "current_version"),
                                             ({"version": "1", "current_version": 1}, "version"),
                                             ({"version": 1, "current_version": 0}, "current_version"),
                                             ({"version": 1, "current_version": 1, "spans": []}, "spans")])
    def test_bad_bodies_are_400_naming_the_field(self, clients, document, body, field):
        first = save(clients["alice"], document, SPANS)
        response = clients["alice"].post(restore_url(document, first["id"]), body, format="json")
        assert response.status_code == 400, response.json()
        assert field in [error["field"] for error in response.json()["errors"]]

    def test_spans_whose_label_is_gone_are_named(self, clients, document, project):
        first = save(clients["alice"], document, SPANS)
        save(clients["alice"], document, [], version=1)
        EntityType.objects.filter(project=project, name="GPE").delete()
        response = clients["alice"].post(restore_url(document, first["id"]), {"version": 1, "current_version": 2},
                                         format="json")
        assert response.status_code == 400
        assert [e["field"] for e in response.json()["errors"]] == ["spans[2].label", "spans[3].label"]
        assert "GPE" in response.json()["detail"]

    def test_who_may_restore(self, clients, document, project):
        alices = save(clients["alice"], document, SPANS[:1])
        annotations_import(kind="prediction", document_ids=[document.pk], bodies=[{"spans": SPANS}],
                           labels=project_label_set(project=project), model="m")
        prediction = Annotation.objects.get(kind="prediction").pk
        body = {"version": 1, "current_version": 1}
        assert clients["alice"].post(restore_url(document, prediction), body, format="json").status_code == 403
        assert clients["mallory"].post(restore_url(document, alices["id"]), body, format="json").status_code == 404
        bobs = save(clients["bob"], document, SPANS[:1])
        assert clients["alice"].post(restore_url(document, bobs["id"]), body, format="json").status_code == 404
        response = clients["carol"].post(restore_url(document, alices["id"]), body, format="json")
        assert response.status_code == 200 and response.json()["author"] == "alice"
        [latest, *_] = clients["alice"].get(history_url(document, alices["id"])).json()["results"]
        assert (latest["source"], latest["author"]) == ("restore", "carol")

    def test_restoring_gold_makes_the_document_gold(self, clients, document):
        gold = clients["bob"].put(f"/api/v1/documents/{document.pk}/gold/", {"spans": SPANS}, format="json").json()
        Document.objects.filter(pk=document.pk).update(status="submitted")
        response = clients["carol"].post(restore_url(document, gold["id"]), {"version": 1, "current_version": 1},
                                         format="json")
        assert response.status_code == 200 and response.json()["author"] == "carol"
        assert Document.objects.get(pk=document.pk).status == "gold"


def test_a_save_with_its_history_is_a_fixed_number_of_queries(clients, project):
    from annotator.services.documents import documents_add

    def queries(count: int) -> list[str]:
        [pk] = documents_add(project=project, records=[{"text": f"{count} " + "a " * 400}]).ids
        document = Document.objects.get(pk=pk)
        spans = [{"id": n, "start": 2 * n + 4, "end": 2 * n + 5, "label": "GPE" if n % 2 else "ORG"}
                 for n in range(count)]
        relations = [{"head": n, "child": n + 1, "label": "located_in"} for n in range(0, count - 1, 2)]
        save(clients["alice"], document, spans, relations)
        with CaptureQueriesContext(connection) as captured:
            answer = save(clients["alice"], document, spans, relations, version=1)
        stored = AnnotationVersion.objects.get(annotation_ref=answer["id"], version=2)
        assert (len(stored.spans), len(stored.relations)) == (count, len(relations))
        return [query["sql"] for query in captured]

    few, many = queries(2), queries(300)
    assert len(few) == len(many)
    assert len([sql for sql in many if "annotationversion" in sql.lower()]) == 1  # one INSERT of the version


def test_the_schema_describes_history_and_restore(db):
    response = APIClient().get("/api/v1/schema/?format=json")
    paths = response.json()["paths"]
    history = paths["/api/v1/documents/{id}/annotations/{annotation_id}/history/"]["get"]
    restore = paths["/api/v1/documents/{id}/annotations/{annotation_id}/restore/"]["post"]
    assert history["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "PaginatedAnnotationVersionList")
    assert {"200", "400", "403", "404", "409"} <= set(restore["responses"])
