"""The annotation store: the one place spans and relations are replaced, and their versions kept, for
any number of annotations."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotator.models import Annotation, AnnotationKind, AnnotationVersion, Document, Relation, Span
from annotator.selectors.annotations import project_label_set
from annotator.services.annotation_store import (History, VersionHead, annotation_bodies_replace,
                                                 annotation_items_replace)

TEXT = "Ann Lee works for Acme Corp in Paris. " * 10


def make_annotations(project, count: int) -> list[int]:
    first = Document.objects.count()
    documents = Document.objects.bulk_create([Document(project=project, text=f"{n} {TEXT}", content_hash=f"h{n}")
                                              for n in range(first, first + count)])
    annotations = Annotation.objects.bulk_create([Annotation(document=d, kind=AnnotationKind.PREDICTION, model="m")
                                                  for d in documents])
    return [a.pk for a in annotations]


def body(spans: int, *, label: str = "PERSON") -> dict:
    """`spans` spans with ids s0, s1, ...; one works_for relation from s0 to s1 when they can be joined."""
    items = [{"id": f"s{k}", "start": 2 * k, "end": 2 * k + 1, "label": label if k != 1 else "ORG"}
             for k in range(spans)]
    relations = [{"head": "s0", "child": "s1", "label": "works_for"}] if spans > 1 else []
    return {"spans": items, "relations": relations}


def history(project, ids, *, version: int = 1, source: str = "prelabel") -> History:
    """Version heads of predictions of model `m` (as make_annotations makes them), at `version`."""
    documents = dict(Annotation.objects.filter(pk__in=ids).values_list("pk", "document_id"))
    return History(project_id=project.pk, source=source,
                   heads={pk: VersionHead(document_id=documents[pk], kind="prediction", version=version, model="m",
                                          model_version="3.8.0") for pk in ids})


def stored(annotation_id: int) -> tuple[list, list]:
    spans = list(Span.objects.filter(annotation_id=annotation_id).order_by("start")
                 .values_list("start", "end", "label__name"))
    relations = list(Relation.objects.filter(annotation_id=annotation_id)
                     .values_list("head__start", "child__start", "label__name"))
    return spans, relations


# The refresh of the written documents' figures: their projects, spans, relations, annotations, lowest scores,
# symmetric types, stored figures and queue columns; the totals' upsert and cleanup, the figures' upsert, and
# the savepoint around it (taken and released). (Tokens and the queue columns' update come only when needed.)
FIGURES_QUERIES = 13


@pytest.mark.django_db
class TestReplace:
    def test_queries_do_not_grow_with_annotations_or_spans(self, project):
        labels = project_label_set(project=project)
        one, many = make_annotations(project, 1), make_annotations(project, 20)

        def queries(ids, spans):
            bodies = {pk: body(spans) for pk in ids}
            heads = history(project, ids)
            with CaptureQueriesContext(connection) as captured:
                annotation_bodies_replace(bodies=bodies, labels=labels, cleared=ids, with_ids=True, history=heads)
            return len(captured)

        # One annotation with 2 spans, or 20 with 150 spans each (3,000 spans, one database batch).
        # Delete relations, delete spans, insert spans, relations, and the versions (one more than before history),
        # then the figures of the written documents (annotator/services/figures.py: FIGURES_QUERIES).
        assert queries(one, 2) == queries(many, 150) == 5 + FIGURES_QUERIES
        assert Span.objects.count() == 2 + 20 * 150 and Relation.objects.count() == 21
        assert AnnotationVersion.objects.count() == 21

    def test_replacing_twice_stores_the_second_body_only(self, project):
        labels = project_label_set(project=project)
        [pk] = make_annotations(project, 1)
        annotation_bodies_replace(bodies={pk: body(5)}, labels=labels, cleared=[pk], history=history(project, [pk]))
        second = {"spans": [{"id": 7, "start": 30, "end": 34, "label": "GPE"}], "relations": []}
        result = annotation_bodies_replace(bodies={pk: second}, labels=labels, cleared=[pk],
                                           history=history(project, [pk], version=2))
        assert stored(pk) == ([(30, 34, "GPE")], [])
        assert (result.spans, result.relations) == (1, [])

    def test_relations_join_the_spans_of_their_own_annotation(self, project):
        labels = project_label_set(project=project)
        first, second = make_annotations(project, 2)
        # The same body ids in both annotations: each relation must join its own annotation's spans.
        bodies = {first: {"spans": [{"id": 1, "start": 0, "end": 1, "label": "PERSON"},
                                    {"id": 2, "start": 4, "end": 7, "label": "ORG"}],
                          "relations": [{"head": 1, "child": 2, "label": "works_for"}]},
                  second: {"spans": [{"id": 2, "start": 10, "end": 12, "label": "PERSON"},
                                     {"id": 1, "start": 20, "end": 24, "label": "ORG"}],
                           "relations": [{"head": 2, "child": 1, "label": "works_for"}]}}
        result = annotation_bodies_replace(bodies=bodies, labels=labels, cleared=[], with_ids=True,
                                           history=history(project, [first, second]))
        assert stored(first)[1] == [(0, 4, "works_for")]
        assert stored(second)[1] == [(10, 20, "works_for")]
        # The answer: span ids in body order, relation rows as stored, with their ids.
        spans = dict(Span.objects.values_list("pk", "start"))
        assert [spans[pk] for pk in result.span_ids] == [0, 4, 10, 20]
        assert [(row[0], spans[row[1]], spans[row[2]]) for row in result.relations] == [(first, 0, 4),
                                                                                       (second, 10, 20)]
        assert sorted(result.relation_ids) == sorted(Relation.objects.values_list("pk", flat=True))

    def test_only_the_cleared_annotations_lose_their_items(self, project):
        labels = project_label_set(project=project)
        kept, replaced = make_annotations(project, 2)
        annotation_bodies_replace(bodies={kept: body(3), replaced: body(3)}, labels=labels, cleared=[],
                                  history=history(project, [kept, replaced]))
        annotation_bodies_replace(bodies={replaced: body(1)}, labels=labels, cleared=[replaced],
                                  history=history(project, [replaced], version=2))
        assert len(stored(kept)[0]) == 3 and len(stored(kept)[1]) == 1
        assert len(stored(replaced)[0]) == 1 and stored(replaced)[1] == []

    def test_plain_rows_without_relations(self, project):
        """The pre-label path: rows with entity type ids, no body ids, nothing read back."""
        labels = project_label_set(project=project)
        [pk] = make_annotations(project, 1)
        person = labels.entity_ids["PERSON"]
        result = annotation_items_replace(cleared=[pk], spans=[(pk, 0, 3, person, 0.9), (pk, 4, 7, person, None)],
                                          history=history(project, [pk]), entity_names={person: "PERSON"})
        assert (result.spans, result.span_ids, result.relations) == (2, [], [])
        assert sorted(Span.objects.values_list("start", "end", "score")) == [(0, 3, 0.9), (4, 7, None)]
        with CaptureQueriesContext(connection) as captured:
            annotation_items_replace(cleared=[], spans=[], history=history(project, []), entity_names={})
        assert len(captured) == 0


@pytest.mark.django_db
class TestVersions:
    def test_each_write_keeps_what_it_wrote_with_labels_by_name_and_relations_by_position(self, project, users):
        labels = project_label_set(project=project)
        first, second = make_annotations(project, 2)
        # Body ids in any order and of any type: the version points at spans by their position.
        bodies = {first: {"spans": [{"id": "x", "start": 10, "end": 14, "label": "ORG"},
                                    {"id": 3, "start": 0, "end": 7, "label": "PERSON", "score": 0.5}],
                          "relations": [{"head": 3, "child": "x", "label": "works_for"}]},
                  second: {"spans": [], "relations": []}}
        heads = {first: VersionHead(document_id=1, kind="annotation", version=4, status="submitted",
                                    author_id=users["alice"].pk),
                 second: VersionHead(document_id=2, kind="prediction", version=1, model="m", model_version="v9")}
        result = annotation_bodies_replace(bodies=bodies, labels=labels, cleared=[first, second], with_ids=True,
                                           history=History(project_id=project.pk, source="editor", heads=heads))
        assert result.versions == 2
        rows = {row["annotation_ref"]: row for row in AnnotationVersion.objects.values()}
        assert rows[first]["spans"] == [{"start": 10, "end": 14, "label": "ORG"},
                                        {"start": 0, "end": 7, "label": "PERSON", "score": 0.5}]
        assert rows[first]["relations"] == [{"head": 1, "child": 0, "label": "works_for"}]
        assert {k: rows[first][k] for k in ("project_id", "document_ref", "kind", "version", "author_id", "status",
                                            "source")} == {"project_id": project.pk, "document_ref": 1,
                                                           "kind": "annotation", "version": 4,
                                                           "author_id": users["alice"].pk, "status": "submitted",
                                                           "source": "editor"}
        # An annotation emptied by the write still gets its (empty) version: what it held before is kept.
        assert (rows[second]["spans"], rows[second]["relations"], rows[second]["model_version"],
                rows[second]["author_id"]) == ([], [], "v9", None)

    def test_a_write_without_a_version_head_is_refused_before_anything_changes(self, project):
        labels = project_label_set(project=project)
        kept, other = make_annotations(project, 2)
        annotation_bodies_replace(bodies={kept: body(3)}, labels=labels, cleared=[], history=history(project, [kept]))
        with pytest.raises(ValueError, match=rf"\[{other}\] are written without a version head"):
            annotation_bodies_replace(bodies={kept: body(1), other: body(2)}, labels=labels, cleared=[kept],
                                      history=history(project, [kept], version=2))
        with pytest.raises(ValueError, match=rf"\[{kept}\]"):  # clearing is writing too
            annotation_bodies_replace(bodies={}, labels=labels, cleared=[kept], history=history(project, []))
        assert len(stored(kept)[0]) == 3 and AnnotationVersion.objects.count() == 1
