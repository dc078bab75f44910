"""Assigning documents to annotators: which documents a count picks, and what is refused."""
import pytest

from annotator.models import (Annotation, AnnotationKind, AnnotationStatus, Assignment, Document, DocumentStatus)
from annotator.selectors.assignments import assignment_figures
from annotator.services.assignments import assignments_release, documents_assign
from annotator.services.errors import InvalidInput, LimitExceeded


def make_documents(project, statuses):
    return [Document.objects.create(project=project, text=f"Text {i}.", content_hash=f"h{i}", status=status)
            for i, status in enumerate(statuses)]


@pytest.mark.django_db
def test_next_new_documents_skip_taken_and_finished_ones(project, users):
    new1, gold, new2, pre, new3 = make_documents(project, ["new", "gold", "new", "prelabeled", "new"])
    assert documents_assign(project=project, username="bob", document_ids=[new1.pk]) == [new1.pk]
    assert documents_assign(project=project, username="alice", count=2, statuses=["new"]) == [new2.pk, new3.pk]
    assert documents_assign(project=project, username="alice", count=5) == [pre.pk]
    assert sorted(Assignment.objects.filter(user=users["alice"]).values_list("document_id", flat=True)) == [
        new2.pk, pre.pk, new3.pk]


@pytest.mark.django_db
def test_refusals_name_the_field(project, users, settings):
    document, = make_documents(project, ["new"])
    documents_assign(project=project, username="bob", document_ids=[document.pk])
    with pytest.raises(InvalidInput) as taken:
        documents_assign(project=project, username="alice", document_ids=[document.pk])
    assert taken.value.errors[0]["field"] == "documents" and str(document.pk) in taken.value.message
    with pytest.raises(InvalidInput) as outsider:
        documents_assign(project=project, username="mallory", count=1)
    assert outsider.value.errors[0]["field"] == "username"
    with pytest.raises(InvalidInput):
        documents_assign(project=project, username="alice", count=1, statuses=["gold"])
    settings.MAX_ASSIGN_PER_REQUEST = 3
    with pytest.raises(LimitExceeded):
        documents_assign(project=project, username="alice", count=4)
    assert Assignment.objects.count() == 1


@pytest.mark.django_db
def test_figures_count_assigned_and_done_and_release_keeps_done_work(project, users):
    first, second, third = make_documents(project, ["new", "new", "new"])
    documents_assign(project=project, username="alice", count=3)
    Annotation.objects.create(document=first, kind=AnnotationKind.ANNOTATION, author=users["alice"],
                              status=AnnotationStatus.SUBMITTED)
    Document.objects.filter(pk=second.pk).update(status=DocumentStatus.GOLD)
    alice = next(row for row in assignment_figures(project=project) if row["username"] == "alice")
    assert (alice["assigned"], alice["done"], alice["open"]) == (3, 2, 1)
    assert assignments_release(project=project, username="alice") == 2
    alice = next(row for row in assignment_figures(project=project) if row["username"] == "alice")
    assert (alice["assigned"], alice["done"]) == (1, 1)
