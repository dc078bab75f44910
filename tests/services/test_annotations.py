"""Saving annotations: whole or nothing, compare-and-set on the version, document status moves."""
import pytest
from django.db import IntegrityError

from annotator.models import Annotation, Document, Relation, Span
from annotator.services.annotations import _conflicts_reported, annotation_gold_save, annotation_mine_save
from annotator.services.errors import Conflict, InvalidInput, LimitExceeded

TEXT = "Ann Lee works for Acme in Paris."
SPANS = [{"id": "a", "start": 0, "end": 7, "label": "PERSON"}, {"id": "b", "start": 18, "end": 22, "label": "ORG"},
         {"id": "c", "start": 26, "end": 31, "label": "GPE"}]
RELATIONS = [{"head": "a", "child": "b", "label": "works_for"}, {"head": "b", "child": "c", "label": "located_in"}]


@pytest.fixture
def document(project):
    from annotator.services.documents import documents_add

    pk = documents_add(project=project, records=[{"text": TEXT}]).ids[0]
    return Document.objects.select_related("project").get(pk=pk)


@pytest.mark.django_db
class TestMine:
    def test_first_save_stores_everything_at_version_1(self, document, users):
        annotation = annotation_mine_save(document=document, user=users["alice"], spans=SPANS, relations=RELATIONS)
        assert (annotation.kind, annotation.author, annotation.version, annotation.status) == \
               ("annotation", users["alice"], 1, "draft")
        spans = list(annotation.spans.all())
        assert [(s.start, s.end, s.label.name) for s in spans] == [(0, 7, "PERSON"), (18, 22, "ORG"), (26, 31, "GPE")]
        assert [(r.head_id, r.child_id, r.label.name) for r in annotation.relations.all()] == [
            (spans[0].pk, spans[1].pk, "works_for"), (spans[1].pk, spans[2].pk, "located_in")]
        assert Document.objects.get(pk=document.pk).status == "in_progress"

    def test_compare_and_set(self, document, users):
        annotation_mine_save(document=document, user=users["alice"], spans=SPANS, relations=RELATIONS)
        again = annotation_mine_save(document=document, user=users["alice"], spans=SPANS[:1], relations=[], version=1)
        assert again.version == 2 and again.spans.count() == 1
        with pytest.raises(Conflict) as caught:
            annotation_mine_save(document=document, user=users["alice"], spans=SPANS, relations=RELATIONS, version=1)
        assert "stored version is 2" in caught.value.errors[0]["message"]
        assert Span.objects.count() == 1 and Relation.objects.count() == 0
        assert Annotation.objects.get().version == 2

    def test_bad_body_changes_nothing(self, document, users):
        annotation_mine_save(document=document, user=users["alice"], spans=SPANS, relations=RELATIONS)
        bad = [*SPANS, {"id": "d", "start": 30, "end": 99, "label": "GPE"}]
        with pytest.raises(InvalidInput) as caught:
            annotation_mine_save(document=document, user=users["alice"], spans=bad, relations=RELATIONS, version=1)
        assert caught.value.errors[0]["field"] == "spans[3].end"
        assert Annotation.objects.get().version == 1 and Span.objects.count() == 3

    def test_span_limit(self, document, users, settings):
        settings.MAX_SPANS_PER_ANNOTATION = 2
        with pytest.raises(LimitExceeded):
            annotation_mine_save(document=document, user=users["alice"], spans=SPANS, relations=[])

    def test_submit_and_statuses(self, document, users):
        annotation = annotation_mine_save(document=document, user=users["alice"], spans=SPANS, relations=[],
                                          submit=True)
        assert annotation.status == "submitted"
        assert Document.objects.get(pk=document.pk).status == "submitted"
        # A later draft keeps the document submitted (only new and pre-labeled documents move to in_progress).
        annotation_mine_save(document=document, user=users["bob"], spans=[], relations=[])
        assert Document.objects.get(pk=document.pk).status == "submitted"

    def test_document_waits_for_enough_submissions(self, document, users, make_user):
        """With annotators_per_document = 2 the document goes to review (submitted) at the second submission."""
        project = document.project
        project.annotators_per_document = 2
        project.save(update_fields=["annotators_per_document"])
        status = lambda: Document.objects.get(pk=document.pk).status  # noqa: E731
        annotation_mine_save(document=document, user=users["alice"], spans=SPANS, relations=[], submit=True)
        assert status() == "in_progress"
        annotation_mine_save(document=document, user=users["bob"], spans=SPANS[:1], relations=[])
        assert status() == "in_progress"  # a draft does not count
        annotation_mine_save(document=document, user=users["bob"], spans=SPANS[:1], relations=[], version=1,
                             submit=True)
        assert status() == "submitted"
        # A third person's draft or submission leaves it submitted.
        annotation_mine_save(document=document, user=users["carol"], spans=[], relations=[], submit=True)
        assert status() == "submitted"
        # Taking one submission back (a draft again) leaves two: still submitted; taking a second back is not.
        annotation_mine_save(document=document, user=users["carol"], spans=[], relations=[], version=1)
        assert status() == "submitted"
        annotation_mine_save(document=document, user=users["bob"], spans=[], relations=[], version=2)
        assert status() == "in_progress"

    def test_gold_and_skipped_documents_keep_their_status(self, document, users):
        Document.objects.filter(pk=document.pk).update(status="skipped")
        annotation_mine_save(document=document, user=users["alice"], spans=[], relations=[])
        assert Document.objects.get(pk=document.pk).status == "skipped"
        annotation_gold_save(document=document, user=users["bob"], spans=SPANS, relations=[])
        annotation_mine_save(document=document, user=users["alice"], spans=SPANS, relations=[], version=1,
                             submit=True)
        assert Document.objects.get(pk=document.pk).status == "gold"

    def test_spans_without_ids_are_stored(self, document, users):
        spans = [{k: v for k, v in s.items() if k != "id"} for s in SPANS]
        annotation = annotation_mine_save(document=document, user=users["alice"], spans=spans, relations=[])
        assert annotation.spans.count() == 3

    def test_scores_are_kept(self, document, users):
        annotation = annotation_mine_save(document=document, user=users["alice"],
                                          spans=[{**SPANS[0], "score": 0.5}], relations=[])
        assert annotation.spans.get().score == 0.5


@pytest.mark.django_db
class TestGold:
    def test_gold_save_makes_the_document_gold(self, document, users):
        gold = annotation_gold_save(document=document, user=users["bob"], spans=SPANS, relations=RELATIONS)
        assert (gold.kind, gold.author, gold.status) == ("gold", users["bob"], "submitted")
        assert Document.objects.get(pk=document.pk).status == "gold"

    def test_the_last_reviewer_is_the_author(self, document, users):
        annotation_gold_save(document=document, user=users["bob"], spans=SPANS, relations=RELATIONS)
        gold = annotation_gold_save(document=document, user=users["carol"], spans=[], relations=[], version=1)
        assert gold.author == users["carol"] and gold.version == 2
        assert Annotation.objects.filter(kind="gold").count() == 1


def test_a_racing_first_save_is_a_conflict():
    with pytest.raises(Conflict):
        with _conflicts_reported():
            raise IntegrityError("UNIQUE constraint failed: annotation_one_per_author")
