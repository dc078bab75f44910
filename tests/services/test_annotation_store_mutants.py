"""The annotation store as its callers use it: what each write answers, and what its versions keep.

Behaviours a mutation run of annotator/services/annotation_store.py found unstated (the run and
the table: README, "Mutation testing"); the store's own tests are in test_annotation_store.py.
"""
from datetime import UTC, datetime

import pytest

from annotator.models import Annotation, AnnotationKind, AnnotationVersion, Document, Relation, Span
from annotator.selectors.annotations import project_label_set
from annotator.services.annotation_store import (
    History,
    VersionHead,
    annotation_bodies_replace,
    annotation_items_replace,
)

pytestmark = pytest.mark.django_db

# Offsets are code points: an emoji, CJK and a combining accent before the spans.
TEXT = "😀 東京 Zoe\u0301 works for Acme in Paris."


def new_annotations(project, count: int, *, kind: str = AnnotationKind.PREDICTION) -> dict[int, VersionHead]:
    """`count` new annotations of their own documents, with the version head a first write gives them."""
    heads = {}
    for n in range(count):
        document = Document.objects.create(project=project, text=TEXT, content_hash=f"store-{n}")
        annotation = Annotation.objects.create(document=document, kind=kind, model="ner" if kind != "annotation" else "")
        heads[annotation.pk] = VersionHead(document_id=document.pk, kind=kind, version=1, model=annotation.model,
                                           model_version="2.1" if annotation.model else "")
    return heads


def versions_of(annotation_id: int) -> list[dict]:
    return list(AnnotationVersion.objects.filter(annotation_ref=annotation_id).order_by("version", "pk").values())


def test_span_ids_come_back_in_row_order_when_asked_for_without_relations(project):
    labels = project_label_set(project=project)
    heads = new_annotations(project, 1)
    [pk] = heads
    person, org = labels.entity_ids["PERSON"], labels.entity_ids["ORG"]
    rows = [(pk, 5, 9, person, None), (pk, 0, 1, org, 0.25), (pk, 20, 24, org, None)]
    result = annotation_items_replace(cleared=[], spans=rows, with_ids=True,
                                      history=History(project_id=project.pk, source="api", heads=heads),
                                      entity_names={person: "PERSON", org: "ORG"})
    starts = dict(Span.objects.values_list("pk", "start"))
    assert [starts[span_id] for span_id in result.span_ids] == [5, 0, 20]
    assert (result.spans, result.relations, result.relation_ids, result.versions) == (3, [], [], 1)


def test_relations_without_ids_are_stored_and_answered_as_rows(project):
    """A save that does not ask for ids still gets the relation rows it wrote (span ids resolved)."""
    labels = project_label_set(project=project)
    heads = new_annotations(project, 1)
    [pk] = heads
    body = {"spans": [{"id": "a", "start": 2, "end": 4, "label": "GPE"}, {"id": "b", "start": 5, "end": 9, "label": "PERSON"},
                      {"id": "c", "start": 20, "end": 24, "label": "ORG"}],
            "relations": [{"head": "b", "child": "c", "label": "works_for"}]}
    result = annotation_bodies_replace(bodies={pk: body}, labels=labels, cleared=[pk],
                                       history=History(project_id=project.pk, source="api", heads=heads))
    assert result.relation_ids == []
    spans = dict(Span.objects.values_list("pk", "start"))
    [(annotation_id, head, child, label_id)] = result.relations
    assert (annotation_id, spans[head], spans[child]) == (pk, 5, 20)
    assert label_id == labels.relation_ids["works_for"]
    assert list(Relation.objects.values_list("head__start", "child__start", "label__name")) == [(5, 20, "works_for")]
    # The offsets are the code points the caller gave, whatever the characters before them.
    assert TEXT[5:9] == "Zoe\u0301" and TEXT[20:24] == "Acme"


def test_a_version_keeps_the_time_it_was_given_and_every_field_of_its_head(project, users):
    labels = project_label_set(project=project)
    [pk] = new_annotations(project, 1, kind=AnnotationKind.ANNOTATION)
    document_id = Annotation.objects.get(pk=pk).document_id
    when = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    head = VersionHead(document_id=document_id, kind="annotation", version=3, status="submitted",
                       author_id=users["alice"].pk, model="ner-news", model_version="2.1.0")
    annotation_bodies_replace(bodies={pk: {"spans": [{"start": 0, "end": 1, "label": "PERSON", "score": 0.75}]}},
                              labels=labels, cleared=[pk],
                              history=History(project_id=project.pk, source="restore", heads={pk: head}, created_at=when))
    [row] = versions_of(pk)
    assert {key: row[key] for key in ("project_id", "annotation_ref", "document_ref", "kind", "version", "status",
                                      "author_id", "model", "model_version", "source", "created_at")} == {
        "project_id": project.pk, "annotation_ref": pk, "document_ref": document_id, "kind": "annotation",
        "version": 3, "status": "submitted", "author_id": users["alice"].pk, "model": "ner-news",
        "model_version": "2.1.0", "source": "restore", "created_at": when}
    # The emoji's span, with its score, as the version shows it.
    assert row["spans"] == [{"start": 0, "end": 1, "label": "PERSON", "score": 0.75}] and row["relations"] == []


def test_a_version_without_a_given_time_is_stamped_with_the_time_of_the_write(project):
    labels = project_label_set(project=project)
    heads = new_annotations(project, 1)
    [pk] = heads
    before = datetime.now(UTC)
    annotation_bodies_replace(bodies={pk: {"spans": []}}, labels=labels, cleared=[],
                              history=History(project_id=project.pk, source="prelabel", heads=heads))
    after = datetime.now(UTC)
    [row] = versions_of(pk)
    assert before <= row["created_at"] <= after


def test_bodies_without_spans_or_relations_keys_store_nothing_but_their_version(project):
    labels = project_label_set(project=project)
    heads = new_annotations(project, 2)
    first, second = heads
    result = annotation_bodies_replace(bodies={first: {}, second: {"spans": None, "relations": None}}, labels=labels,
                                       cleared=[first, second], with_ids=True,
                                       history=History(project_id=project.pk, source="import", heads=heads))
    assert (result.spans, result.span_ids, result.relations, result.versions) == (0, [], [], 2)
    assert Span.objects.count() == 0
    assert [(row["spans"], row["relations"], row["model"], row["model_version"])
            for row in versions_of(first) + versions_of(second)] == [([], [], "ner", "2.1")] * 2


def test_a_refused_write_names_the_first_ten_annotations_without_a_head_in_order(project):
    labels = project_label_set(project=project)
    heads = new_annotations(project, 12)
    ids = sorted(heads)
    with pytest.raises(ValueError) as refused:
        annotation_bodies_replace(bodies={pk: {"spans": [{"start": 0, "end": 1, "label": "PERSON"}]} for pk in ids},
                                  labels=labels, cleared=ids[::-1],
                                  history=History(project_id=project.pk, source="import", heads={}))
    assert str(refused.value) == f"annotations {ids[:10]} are written without a version head in `history`"
    assert Span.objects.count() == AnnotationVersion.objects.count() == 0


def test_spans_of_annotations_without_a_head_are_all_named_even_when_every_cleared_one_has_one(project):
    labels = project_label_set(project=project)
    heads = new_annotations(project, 3)
    known, *unknown = heads
    with pytest.raises(ValueError, match=rf"^annotations \[{unknown[0]}, {unknown[1]}\] are written"):
        annotation_items_replace(cleared=[known], spans=[(unknown[0], 2, 4, labels.entity_ids["GPE"], None),
                                                         (known, 0, 1, labels.entity_ids["ORG"], None),
                                                         (unknown[1], 5, 9, labels.entity_ids["PERSON"], None)],
                                 history=History(project_id=project.pk, source="api", heads={known: heads[known]}),
                                 entity_names={pk: name for name, pk in labels.entity_ids.items()})
    assert Span.objects.count() == AnnotationVersion.objects.count() == 0
