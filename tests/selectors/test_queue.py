"""The annotator's queue: which document /projects/<id>/next/ opens."""
import pytest

from annotator.models import Annotation, AnnotationKind, AnnotationStatus, Document, DocumentStatus
from annotator.selectors.queue import annotator_queue, next_document_for_annotator
from annotator.services.figures import document_figures_refresh


def make_documents(project, count: int, start: int = 0) -> list[Document]:
    return [Document.objects.create(project=project, text=f"Text number {i}.", content_hash=f"hash-{project.pk}-{i}",
                                    status=DocumentStatus.PRELABELED) for i in range(start, start + count)]


def annotate(document, user, status=AnnotationStatus.DRAFT) -> Annotation:
    annotation = Annotation.objects.create(document=document, kind=AnnotationKind.ANNOTATION, author=user,
                                           status=status)
    document_figures_refresh(document_ids=[document.pk])  # written around the store: its figures follow here
    return annotation


def queue_ids(project, user) -> list[int]:
    return list(annotator_queue(project=project, user=user).values_list("id", flat=True))


@pytest.mark.django_db
def test_offers_documents_by_id(project, users):
    first, second, third = make_documents(project, 3)
    assert next_document_for_annotator(project=project, user=users["alice"]) == first
    assert queue_ids(project, users["alice"]) == [first.pk, second.pk, third.pk]


@pytest.mark.django_db
def test_leaves_out_gold_skipped_and_what_i_submitted(project, users):
    gold, skipped, submitted, open_ = make_documents(project, 4)
    Document.objects.filter(pk=gold.pk).update(status=DocumentStatus.GOLD)
    Document.objects.filter(pk=skipped.pk).update(status=DocumentStatus.SKIPPED)
    annotate(submitted, users["alice"], AnnotationStatus.SUBMITTED)
    assert queue_ids(project, users["alice"]) == [open_.pk]


@pytest.mark.django_db
def test_drafts_come_first(project, users):
    first, second, third = make_documents(project, 3)
    annotate(third, users["alice"])
    assert queue_ids(project, users["alice"]) == [third.pk, first.pk, second.pk]


@pytest.mark.django_db
def test_documents_with_enough_submissions_by_others_are_done(project, users):
    project.annotators_per_document = 2
    project.save(update_fields=["annotators_per_document"])
    done, half, fresh = make_documents(project, 3)
    annotate(done, users["bob"], AnnotationStatus.SUBMITTED)
    annotate(done, users["carol"], AnnotationStatus.SUBMITTED)
    annotate(half, users["bob"], AnnotationStatus.SUBMITTED)
    annotate(fresh, users["carol"])  # someone else's draft does not count
    assert queue_ids(project, users["alice"]) == [half.pk, fresh.pk]


@pytest.mark.django_db
def test_my_draft_is_offered_even_when_others_completed_it(project, users):
    draft, other = make_documents(project, 2)
    annotate(draft, users["alice"])
    annotate(draft, users["bob"], AnnotationStatus.SUBMITTED)
    annotate(other, users["bob"], AnnotationStatus.SUBMITTED)
    assert queue_ids(project, users["alice"]) == [draft.pk]


@pytest.mark.django_db
def test_predictions_and_gold_annotations_do_not_count(project, users):
    (document,) = make_documents(project, 1)
    Annotation.objects.create(document=document, kind=AnnotationKind.PREDICTION, model="m", status="submitted")
    Annotation.objects.create(document=document, kind=AnnotationKind.GOLD, author=users["bob"], status="submitted")
    assert queue_ids(project, users["alice"]) == [document.pk]


@pytest.mark.django_db
def test_nothing_left(project, users):
    (document,) = make_documents(project, 1)
    annotate(document, users["alice"], AnnotationStatus.SUBMITTED)
    assert next_document_for_annotator(project=project, user=users["alice"]) is None


@pytest.mark.django_db
def test_other_projects_do_not_leak(project, users):
    from annotator.services.projects import project_create

    other = project_create(name="Other", entity_types=["X"])
    make_documents(other, 2)
    assert queue_ids(project, users["alice"]) == []


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["order", "uncertain", "disagreement"])
def test_a_few_queries_whatever_the_number_of_documents(project, users, django_assert_max_num_queries, how):
    """Whether I have drafts or assignments (one read), then the open documents in the queue's order, one
    LIMIT 1 read per number of submissions below the project's (1 here) through an index over the open
    documents whatever their status; each order read in at most two parts (the documents with the figure
    it orders by, then the rest): at most 1 + 2 queries, at any size."""
    project.queue_order = how
    project.save(update_fields=["queue_order"])
    make_documents(project, 5)
    with django_assert_max_num_queries(3):
        assert next_document_for_annotator(project=project, user=users["alice"]) is not None
    make_documents(project, 60, start=5)
    Document.objects.filter(pk__in=Document.objects.filter(project=project).values("pk")[:30]).update(
        status=DocumentStatus.NEW)  # open documents of two statuses: still one run
    with django_assert_max_num_queries(3):
        assert next_document_for_annotator(project=project, user=users["alice"]) is not None


def assign(project, username, **kwargs):
    from annotator.services.assignments import documents_assign

    return documents_assign(project=project, username=username, **kwargs)


@pytest.mark.django_db
def test_assigned_documents_come_first_and_are_hidden_from_others(project, users, make_user):
    from annotator.models import Membership

    dave = make_user("dave")
    Membership.objects.create(user=dave, project=project, role="annotator")
    first, second, third, fourth = make_documents(project, 4)
    assign(project, "alice", document_ids=[third.pk, fourth.pk])
    assert queue_ids(project, users["alice"]) == [third.pk, fourth.pk, first.pk, second.pk]
    assert queue_ids(project, dave) == [first.pk, second.pk]


@pytest.mark.django_db
def test_without_unassigned_work_the_queue_holds_only_my_assignments(project, users):
    first, second, third = make_documents(project, 3)
    project.queue_unassigned = False
    project.save(update_fields=["queue_unassigned"])
    assign(project, "alice", count=1)
    assert queue_ids(project, users["alice"]) == [first.pk]
    annotate(first, users["alice"], AnnotationStatus.SUBMITTED)
    assert queue_ids(project, users["alice"]) == []


@pytest.mark.django_db
def test_an_assignment_is_offered_even_when_others_already_submitted_enough(project, users, make_user):
    document, = make_documents(project, 1)
    annotate(document, users["bob"], AnnotationStatus.SUBMITTED)
    assert queue_ids(project, users["alice"]) == []
    assign(project, "alice", document_ids=[document.pk])
    assert queue_ids(project, users["alice"]) == [document.pk]


@pytest.mark.django_db
def test_the_queue_is_one_query(project, users, django_assert_num_queries):
    make_documents(project, 3)
    assign(project, "alice", count=2)
    with django_assert_num_queries(1):
        assert len(queue_ids(project, users["alice"])) == 3
