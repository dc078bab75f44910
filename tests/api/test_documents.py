"""projects/{id}/documents/ (add, list) and documents/{id}/."""
import pytest

from annotator.models import Document
from tests.api.conftest import TEXT


@pytest.fixture
def carol(client_for, users):
    return client_for(users["carol"])


def documents_url(project) -> str:
    return f"/api/v1/projects/{project.pk}/documents/"


@pytest.mark.django_db
class TestAdd:
    def test_one_object(self, carol, project):
        response = carol.post(documents_url(project), {"text": TEXT, "title": "T", "meta": {"source": "x"},
                                                       "external_id": "e-1"}, format="json")
        assert response.status_code == 201
        body = response.json()
        assert body["created"] == 1 and body["duplicates"] == 0 and len(body["ids"]) == 1
        document = Document.objects.get(pk=body["ids"][0])
        assert document.text == TEXT  # CRLF, emoji and the combining mark kept exactly
        assert document.meta == {"source": "x"} and document.external_id == "e-1"

    def test_list_with_duplicates(self, carol, project):
        carol.post(documents_url(project), {"text": "Already here."}, format="json")
        body = [{"text": "Already here."}, {"text": "New one."}, {"text": "New one."}, {"text": "Another."}]
        response = carol.post(documents_url(project), body, format="json")
        assert response.status_code == 201
        result = response.json()
        assert (result["created"], result["duplicates"]) == (2, 2)
        created = Document.objects.filter(pk__in=result["ids"]).order_by("id")
        assert [d.text for d in created] == ["New one.", "Another."]

    def test_bad_item_names_index_and_field_and_stores_nothing(self, carol, project):
        body = [{"text": "Fine."}, {"text": "Also fine."}, {"text": 5}]
        response = carol.post(documents_url(project), body, format="json")
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "[2].text"
        assert Document.objects.count() == 0

    @pytest.mark.parametrize("body, field", [
        ({"text": ""}, "text"),
        ({"title": "no text"}, "text"),
        ({"text": "x", "meta": []}, "meta"),
        ({"text": "x", "tags": ["a"]}, "tags"),
        ({"text": "x", "_line": 3}, "_line"),
    ])
    def test_bad_single_object_names_the_field(self, carol, project, body, field):
        response = carol.post(documents_url(project), body, format="json")
        assert response.status_code == 400
        assert field in [e["field"] for e in response.json()["errors"]]

    def test_unknown_field_in_a_list_is_named_with_its_index(self, carol, project):
        response = carol.post(documents_url(project), [{"text": "a"}, {"text": "b", "txet": "c"}], format="json")
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "[1].txet"

    def test_a_line_number_from_a_client_is_an_unknown_field(self, carol, project):
        response = carol.post(documents_url(project), [{"text": "a"}, {"text": "b", "_line": 7}], format="json")
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "[1]._line" and "line" not in response.json()["errors"][0]
        assert Document.objects.count() == 0

    def test_every_problem_of_every_item_is_listed(self, carol, project):
        body = [{"text": "", "tags": 1}, {"text": "ok", "title": "t" * 501}]
        response = carol.post(documents_url(project), body, format="json")
        assert response.status_code == 400
        assert [e["field"] for e in response.json()["errors"]] == ["[0].tags", "[0].text", "[1].title"]

    @pytest.mark.parametrize("body", ["just text", 5, [], ["a"]])
    def test_wrong_shapes(self, carol, project, body):
        response = carol.post(documents_url(project), body, format="json")
        assert response.status_code == 400 and response.json()["detail"]

    def test_over_the_batch_limit_is_413(self, carol, project, settings):
        settings.MAX_DOCUMENTS_PER_REQUEST = 3
        response = carol.post(documents_url(project), [{"text": f"Doc {n}."} for n in range(4)], format="json")
        assert response.status_code == 413
        assert "MAX_DOCUMENTS_PER_REQUEST" in response.json()["detail"]
        assert Document.objects.count() == 0

    def test_document_length_limit(self, carol, project, settings):
        settings.MAX_DOCUMENT_CHARS = 10
        response = carol.post(documents_url(project), {"text": "x" * 11}, format="json")
        assert response.status_code == 400 and "MAX_DOCUMENT_CHARS" in response.json()["errors"][0]["message"]


@pytest.mark.django_db
class TestList:
    @pytest.fixture
    def documents(self, carol, project):
        body = [{"text": f"Text number {n} about Acme.", "title": f"T{n}", "external_id": f"ext-{n}"} for n in range(7)]
        ids = carol.post(documents_url(project), body, format="json").json()["ids"]
        Document.objects.filter(pk__in=ids[:2]).update(status="gold")
        return ids

    def test_fields_without_annotations(self, client_for, users, project, documents):
        response = client_for(users["alice"]).get(documents_url(project))
        assert response.status_code == 200
        page = response.json()
        assert page["count"] == 7 and page["next"] is None
        assert set(page["results"][0]) == {"id", "project", "title", "text", "meta", "external_id", "status", "tokens"}
        assert [d["id"] for d in page["results"]] == documents

    def test_pages(self, client_for, users, project, documents):
        client = client_for(users["alice"])
        first = client.get(documents_url(project) + "?page_size=3").json()
        assert len(first["results"]) == 3 and first["next"]
        second = client.get(first["next"]).json()
        assert [d["id"] for d in second["results"]] == documents[3:6]

    def test_filter_by_status_and_search(self, client_for, users, project, documents):
        client = client_for(users["alice"])
        gold = client.get(documents_url(project) + "?status=gold").json()
        assert [d["id"] for d in gold["results"]] == documents[:2]
        both = client.get(documents_url(project) + "?status=gold&status=new").json()
        assert both["count"] == 7
        assert client.get(documents_url(project) + "?q=number 3").json()["count"] == 1
        assert client.get(documents_url(project) + "?q=EXT-4").json()["count"] == 1
        assert client.get(documents_url(project) + "?q=t5").json()["count"] == 1
        assert client.get(documents_url(project) + "?q=acme&status=gold").json()["count"] == 2

    def test_unknown_status_is_400(self, client_for, users, project, documents):
        response = client_for(users["alice"]).get(documents_url(project) + "?status=done")
        assert response.status_code == 400 and response.json()["errors"][0]["field"] == "status"

    def test_query_count_does_not_grow_with_the_page(self, client_for, users, project, documents,
                                                     django_assert_max_num_queries):
        from annotator.services.annotations import annotation_mine_save

        for pk in documents:
            annotation_mine_save(document=Document.objects.get(pk=pk), user=users["alice"],
                                 spans=[{"id": 1, "start": 0, "end": 4, "label": "ORG"}], relations=[])
        client = client_for(users["alice"])
        with django_assert_max_num_queries(4):
            assert len(client.get(documents_url(project)).json()["results"]) == 7


@pytest.mark.django_db
def test_document_object(client_for, users, document):
    response = client_for(users["alice"]).get(f"/api/v1/documents/{document.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", "project", "title", "text", "meta", "external_id", "status", "tokens"}
    assert body["text"] == TEXT and body["project"] == document.project_id
    # Token offsets are code points: they slice the text in Python exactly.
    assert "😀" in [TEXT[s:e] for s, e in body["tokens"]] and "北京" in [TEXT[s:e] for s, e in body["tokens"]]
