"""Reading an annotation's history: newest first, for those who may see the annotation, outliving it."""
import pytest

from annotator.models import Annotation, AnnotationVersion, Document
from annotator.selectors.annotations import project_label_set
from annotator.selectors.history import annotation_history, annotation_visible
from annotator.services.annotation_import import annotations_import
from annotator.services.annotations import annotation_gold_save, annotation_mine_save
from annotator.services.documents import documents_add
from annotator.services.errors import NotFound

pytestmark = pytest.mark.django_db

TEXT = "Ann Lee works for Acme in Paris."
ANN = {"id": 0, "start": 0, "end": 7, "label": "PERSON"}
ACME = {"id": 1, "start": 18, "end": 22, "label": "ORG"}


@pytest.fixture
def document(project):
    return Document.objects.get(pk=documents_add(project=project, records=[{"text": TEXT}]).ids[0])


@pytest.fixture
def annotations(project, users, document):
    """kind -> annotation: alice's (3 versions), bob's, the gold and a prediction of `document`."""
    alice, bob = users["alice"], users["bob"]
    for version, spans in enumerate(([ANN], [ANN, ACME], [ACME])):
        mine = annotation_mine_save(document=document, user=alice, spans=spans, relations=[], version=version or None)
    annotations_import(kind="prediction", document_ids=[document.pk], bodies=[{"spans": [ANN]}],
                       labels=project_label_set(project=project), model="m")
    return {"alice": mine, "bob": annotation_mine_save(document=document, user=bob, spans=[ANN], relations=[]),
            "gold": annotation_gold_save(document=document, user=bob, spans=[ACME], relations=[]),
            "prediction": Annotation.objects.get(kind="prediction")}


def read(document, annotation, user, role) -> list[dict]:
    return list(annotation_history(document=document, annotation_id=annotation.pk, user=user, role=role))


def test_newest_first_with_the_author_as_shown_and_labels_by_name(document, users, annotations):
    rows = read(document, annotations["alice"], users["alice"], "annotator")
    assert [(r["version"], r["author__username"], r["source"]) for r in rows] == [
        (3, "alice", "api"), (2, "alice", "api"), (1, "alice", "api")]
    assert [[s["label"] for s in r["spans"]] for r in rows] == [["ORG"], ["PERSON", "ORG"], ["PERSON"]]


def test_annotators_read_their_own_history_reviewers_and_managers_everything(document, users, annotations):
    alice, bob, carol = users["alice"], users["bob"], users["carol"]
    assert read(document, annotations["alice"], alice, "annotator")
    for name in ("bob", "prediction", "gold"):  # the contract: "annotators: their own"
        with pytest.raises(NotFound):
            read(document, annotations[name], alice, "annotator")
    for user, role in ((bob, "reviewer"), (carol, "manager")):
        assert all(read(document, annotation, user, role) for annotation in annotations.values())


def test_another_documents_annotation_is_not_found_here(project, users, document, annotations):
    other = Document.objects.get(pk=documents_add(project=project, records=[{"text": "Other."}]).ids[0])
    with pytest.raises(NotFound):
        read(other, annotations["alice"], users["bob"], "reviewer")
    assert annotation_visible(document=other, annotation_id=annotations["alice"].pk, user=users["bob"],
                              role="reviewer") is None


def test_history_outlives_the_annotation_and_the_document_not_the_project(project, users, document, annotations):
    alice = annotations["alice"]
    Annotation.objects.filter(pk=alice.pk).delete()
    # The annotation is gone: reviewers still read its versions, its author no more (nothing says it was theirs).
    assert len(read(document, alice, users["bob"], "reviewer")) == 3
    with pytest.raises(NotFound):
        read(document, alice, users["alice"], "annotator")
    kept = AnnotationVersion.objects.count()
    document.delete()
    assert AnnotationVersion.objects.count() == kept == 3 + 1 + 1 + 1
    project.delete()
    assert AnnotationVersion.objects.count() == 0


def test_a_page_is_two_queries_whatever_the_number_of_versions(document, users, annotations,
                                                               django_assert_num_queries):
    for version in range(3, 39):  # alice's annotation is at version 3: up to 39
        annotation_mine_save(document=document, user=users["alice"], spans=[ANN, ACME], relations=[], version=version)
    with django_assert_num_queries(2):  # may the caller see it; the page's rows
        rows = list(annotation_history(document=document, annotation_id=annotations["alice"].pk,
                                       user=users["alice"], role="annotator")[:20])
    assert [r["version"] for r in rows] == list(range(39, 19, -1))
