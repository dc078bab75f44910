"""The review queue selector: what is ready, in which order, in a fixed number of queries."""
import pytest

from annotator.models import Annotation, Document, Membership, Span
from annotator.selectors.review import documents_ranked, next_document_for_review, review_queue
from annotator.services.annotations import annotation_mine_save
from annotator.services.documents import documents_add


def add(project, n, offset=0):
    ids = documents_add(project=project, records=[{"text": f"Ann {i} met Bo in Rome."} for i in
                                                  range(offset, offset + n)]).ids
    return list(Document.objects.select_related("project").filter(pk__in=ids).order_by("id"))


def submit(document, user, spans):
    annotation_mine_save(document=document, user=user, spans=spans, relations=[], submit=True)


@pytest.fixture
def two_annotators(project, users, make_user):
    dave = make_user("dave")
    Membership.objects.create(user=dave, project=project, role="annotator")
    project.annotators_per_document = 2
    project.save(update_fields=["annotators_per_document"])
    return users["alice"], dave


@pytest.mark.django_db
class TestReviewQueue:
    def test_waits_for_enough_annotators_then_worst_first(self, project, two_annotators):
        alice, dave = two_annotators
        agree, disagree, half = add(project, 3)
        ann = {"start": 0, "end": 3, "label": "PERSON"}
        submit(agree, alice, [ann])
        assert review_queue(project=project, single_pass=False) == []  # one of two: still in progress
        submit(agree, dave, [ann])
        submit(disagree, alice, [ann])
        submit(disagree, dave, [{"start": 0, "end": 3, "label": "ORG"}])
        submit(half, alice, [ann])
        items = review_queue(project=project, single_pass=False)
        assert [(item.document.pk, item.disagreement, item.submitted) for item in items] == [
            (disagree.pk, 1.0, 2), (agree.pk, 0.0, 2)]
        assert [item.document.pk for item in review_queue(project=project, single_pass=False, ordering="id")] == [
            agree.pk, disagree.pk]
        assert next_document_for_review(project=project, single_pass=False).pk == disagree.pk

    def test_single_pass_takes_prelabeled_documents(self, project, two_annotators):
        prelabeled, plain = add(project, 2)
        prediction = Annotation.objects.create(document=prelabeled, kind="prediction", model="m")
        Span.objects.create(annotation=prediction, start=0, end=3, label=project.entity_types.get(name="PERSON"))
        assert review_queue(project=project, single_pass=False) == []
        (item,) = review_queue(project=project, single_pass=True)
        assert item.document.pk == prelabeled.pk and item.has_prediction and item.submitted == 0

    def test_unknown_ordering(self, project):
        with pytest.raises(ValueError):
            review_queue(project=project, single_pass=False, ordering="title")

    def test_query_count_is_fixed(self, project, two_annotators, django_assert_max_num_queries):
        alice, dave = two_annotators
        for document in add(project, 6):
            submit(document, alice, [{"start": 0, "end": 3, "label": "PERSON"}])
            submit(document, dave, [])
        # the documents with their counts and kept disagreement: no annotation read
        with django_assert_max_num_queries(1):
            assert len(review_queue(project=project, single_pass=True)) == 6

    def test_documents_ranked_read_a_slice_at_a_time(self, project, two_annotators, django_assert_num_queries):
        alice, dave = two_annotators
        first, second, third = add(project, 3)
        submit(second, alice, [{"start": 0, "end": 3, "label": "PERSON"}])
        submit(second, dave, [])
        ranked = documents_ranked(project=project, documents=Document.objects.filter(project=project))
        assert len(ranked) == 3
        with django_assert_num_queries(1):  # the slice's documents only
            page = ranked[0:2]
        assert [(document.pk, score) for document, score in page] == [(second.pk, 1.0), (first.pk, 0.0)]
        ascending = documents_ranked(project=project, documents=Document.objects.filter(project=project),
                                     descending=False)
        assert [document.pk for document, _score in ascending[1:]] == [third.pk, second.pk]
        third.delete()  # since the ranking was read: left out of its slice
        assert [document.pk for document, _score in ascending[0:3]] == [first.pk, second.pk]
        with pytest.raises(TypeError):
            ascending[0]
