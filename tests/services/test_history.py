"""Annotation history: every writer keeps the version it wrote, and a restore writes an old one anew."""
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotator.models import Annotation, AnnotationVersion, Document, EntityType, Job
from annotator.selectors.annotations import project_label_set
from annotator.services.annotation_import import annotations_import
from annotator.services.annotations import annotation_gold_save, annotation_mine_save
from annotator.services.documents import documents_add
from annotator.services.errors import Conflict, InvalidInput, NotFound
from annotator.services.history import RestoreNotAllowed, annotation_version_restore
from annotator.services.imports import import_documents_run
from annotator.services.jobs import job_create, job_run
from annotator.services.prelabel import prelabel_start

pytestmark = pytest.mark.django_db

# Emoji, CJK and a combining mark before the spans: offsets are code points.
TEXT = "😀 北京 Cafe\u0301: Ann Lee works for Acme in Paris."
SPANS = [{"id": "a", "start": TEXT.index("Ann Lee"), "end": TEXT.index("Ann Lee") + 7, "label": "PERSON"},
         {"id": "b", "start": TEXT.index("Acme"), "end": TEXT.index("Acme") + 4, "label": "ORG"},
         {"id": "c", "start": TEXT.index("Paris"), "end": TEXT.index("Paris") + 5, "label": "GPE"}]
RELATIONS = [{"head": "a", "child": "b", "label": "works_for"}, {"head": "b", "child": "c", "label": "located_in"}]


@pytest.fixture
def document(project):
    pk = documents_add(project=project, records=[{"text": TEXT}]).ids[0]
    return Document.objects.select_related("project").get(pk=pk)


def versions(annotation_id) -> list[dict]:
    """The history of an annotation, oldest first."""
    return list(AnnotationVersion.objects.filter(annotation_ref=annotation_id).order_by("version").values())


def content(row) -> list[tuple]:
    return [(s["start"], s["end"], s["label"]) for s in row["spans"]]


def restore(document, annotation, user, role, version, current_version):
    return annotation_version_restore(document=document, annotation_id=annotation.pk, user=user, role=role,
                                      version=version, current_version=current_version)


class TestEveryWriteKeepsItsVersion:
    def test_saves_of_mine_each_add_one_version_and_keep_the_one_they_replace(self, document, users):
        alice = users["alice"]
        first = annotation_mine_save(document=document, user=alice, spans=SPANS, relations=RELATIONS,
                                     source="editor")
        annotation_mine_save(document=document, user=alice, spans=SPANS[:1], relations=[], version=1, submit=True,
                             source="editor")
        # A script's PUT without `version` (an unconditional write, the contract) is recorded too.
        annotation_mine_save(document=document, user=alice, spans=[], relations=[])
        rows = versions(first.pk)
        assert [(r["version"], r["source"], r["author_id"], r["status"], r["kind"]) for r in rows] == [
            (1, "editor", alice.pk, "draft", "annotation"), (2, "editor", alice.pk, "submitted", "annotation"),
            (3, "api", alice.pk, "draft", "annotation")]
        assert content(rows[0]) == [(s["start"], s["end"], s["label"]) for s in SPANS]
        assert rows[0]["relations"] == [{"head": 0, "child": 1, "label": "works_for"},
                                        {"head": 1, "child": 2, "label": "located_in"}]
        assert content(rows[1]) == content(rows[0])[:1] and rows[2]["spans"] == []
        assert {(r["project_id"], r["document_ref"]) for r in rows} == {(document.project_id, document.pk)}

    def test_a_refused_save_adds_no_version(self, document, users):
        annotation_mine_save(document=document, user=users["alice"], spans=SPANS, relations=[])
        with pytest.raises(Conflict):
            annotation_mine_save(document=document, user=users["alice"], spans=[], relations=[], version=7)
        with pytest.raises(InvalidInput):
            annotation_mine_save(document=document, user=users["alice"], spans=[{**SPANS[0], "label": "ANIMAL"}],
                                 relations=[], version=1)
        assert AnnotationVersion.objects.count() == 1

    def test_gold_saves_are_review_versions_by_their_reviewer(self, document, users):
        gold = annotation_gold_save(document=document, user=users["bob"], spans=SPANS, relations=RELATIONS)
        annotation_gold_save(document=document, user=users["carol"], spans=SPANS[1:], relations=[], version=1)
        assert [(r["version"], r["source"], r["author_id"], r["kind"], r["status"]) for r in versions(gold.pk)] == [
            (1, "review", users["bob"].pk, "gold", "submitted"), (2, "review", users["carol"].pk, "gold", "submitted")]

    def test_imports_add_one_version_per_document_and_keep_the_replaced_one(self, project, users):
        ids = documents_add(project=project, records=[{"text": TEXT}, {"text": "Other: " + TEXT}]).ids
        labels = project_label_set(project=project)
        bodies = [{"spans": SPANS, "relations": RELATIONS}, {"spans": SPANS[2:], "relations": []}]
        annotations_import(kind="gold", document_ids=ids, bodies=bodies, labels=labels, author=users["carol"])
        annotations_import(kind="prediction", document_ids=ids, bodies=bodies, labels=labels, model="ner-v1")
        annotations_import(kind="prediction", document_ids=ids[:1], bodies=[{"spans": [], "relations": []}],
                           labels=labels, model="ner-v1")
        gold = Annotation.objects.get(document_id=ids[0], kind="gold")
        prediction = Annotation.objects.get(document_id=ids[0], kind="prediction")
        assert [(r["version"], r["source"], r["author_id"]) for r in versions(gold.pk)] == [
            (1, "import", users["carol"].pk)]
        rows = versions(prediction.pk)
        assert [(r["version"], r["source"], r["author_id"], r["model"]) for r in rows] == [
            (1, "import", None, "ner-v1"), (2, "import", None, "ner-v1")]
        assert len(content(rows[0])) == 3 and rows[1]["spans"] == []  # the replaced prediction is kept
        assert AnnotationVersion.objects.count() == 5  # 2 gold, 2 + 1 predictions

    def test_an_import_job_records_its_versions(self, project, users, tmp_path):
        path = tmp_path / "gold.jsonl"
        path.write_text(json.dumps({"text": TEXT, "spans": SPANS, "relations": RELATIONS}) + "\n", encoding="utf-8")
        job = job_create(kind="import", project=project, created_by=users["carol"],
                         params={"path": str(path), "as": "gold"})
        job_run(job_id=job.pk, work=import_documents_run)
        assert Job.objects.get(pk=job.pk).status == "succeeded"
        [row] = AnnotationVersion.objects.values()
        assert (row["source"], row["author_id"], row["version"], row["kind"]) == ("import", users["carol"].pk, 1,
                                                                                 "gold")
        assert content(row) == [(s["start"], s["end"], s["label"]) for s in SPANS]

    def test_imports_take_the_same_number_of_queries_for_any_number_of_documents(self, project, users):
        labels = project_label_set(project=project)

        def queries(count: int) -> int:
            prefix = "{:02d}{:04d} "  # the same length for every document: the spans move by as much
            ids = documents_add(project=project, records=[{"text": prefix.format(count, n) + TEXT}
                                                          for n in range(count)]).ids
            shift = len(prefix.format(0, 0))
            spans = [{**span, "start": span["start"] + shift, "end": span["end"] + shift} for span in SPANS]
            bodies = [{"spans": spans, "relations": RELATIONS}] * count
            with CaptureQueriesContext(connection) as captured:
                annotations_import(kind="prediction", document_ids=ids, bodies=bodies, labels=labels, model="m")
                annotations_import(kind="prediction", document_ids=ids, bodies=bodies, labels=labels, model="m")
            return len(captured)

        assert queries(2) == queries(30)
        assert AnnotationVersion.objects.count() == 2 * (2 + 30)


@pytest.mark.usefixtures("eager")
def test_prelabel_records_one_version_per_document_and_a_rerun_keeps_the_replaced_one(project):
    from annotator.tasks import prelabel_task

    ids = documents_add(project=project, records=[{"text": "Maria Okafor visited Berlin for Siemens."},
                                                  {"text": "Kenji Watanabe met Laura Chen in Osaka."}]).ids
    for _run in range(2):
        job = prelabel_start(project=project, document_ids=ids)
        prelabel_task(job.pk)
        assert Job.objects.get(pk=job.pk).status == "succeeded"
    for pk in ids:
        prediction = Annotation.objects.get(document_id=pk, kind="prediction")
        rows = versions(prediction.pk)
        assert [(r["version"], r["source"], r["author_id"], r["kind"]) for r in rows] == [
            (1, "prelabel", None, "prediction"), (2, "prelabel", None, "prediction")]
        assert {(r["model"], r["model_version"]) for r in rows} == {(prediction.model, prediction.model_version)}
        stored = sorted((s.start, s.end, s.label.name) for s in prediction.spans.all())
        assert stored and sorted(content(rows[1])) == stored == sorted(content(rows[0]))
        assert all("score" not in s or 0 <= s["score"] <= 1 for s in rows[1]["spans"])


class TestRestore:
    def test_round_trip_writes_the_old_content_as_a_new_version(self, document, users):
        alice = users["alice"]
        first = annotation_mine_save(document=document, user=alice, spans=SPANS, relations=RELATIONS)
        annotation_mine_save(document=document, user=alice, spans=SPANS[2:], relations=[], version=1)
        restored = restore(document, first, alice, "annotator", version=1, current_version=2)
        assert restored.version == 3 and restored.pk == first.pk
        assert [(s.start, s.end, s.label.name) for s in restored.spans.all()] == \
               [(s["start"], s["end"], s["label"]) for s in SPANS]
        stored = Annotation.objects.get(pk=first.pk)
        assert stored.version == 3 and stored.spans.count() == 3
        relation_spans = sorted((r.head.start, r.child.start, r.label.name) for r in stored.relations.all())
        assert relation_spans == sorted([(SPANS[0]["start"], SPANS[1]["start"], "works_for"),
                                         (SPANS[1]["start"], SPANS[2]["start"], "located_in")])
        rows = versions(first.pk)
        assert [(r["version"], r["source"]) for r in rows] == [(1, "api"), (2, "api"), (3, "restore")]
        assert (rows[2]["spans"], rows[2]["relations"]) == (rows[0]["spans"], rows[0]["relations"])

    def test_stale_current_version_is_a_conflict_and_changes_nothing(self, document, users):
        alice = users["alice"]
        first = annotation_mine_save(document=document, user=alice, spans=SPANS, relations=[])
        annotation_mine_save(document=document, user=alice, spans=[], relations=[], version=1)
        with pytest.raises(Conflict, match="stale"):
            restore(document, first, alice, "annotator", version=1, current_version=1)
        assert Annotation.objects.get(pk=first.pk).spans.count() == 0 and len(versions(first.pk)) == 2

    def test_a_version_that_does_not_exist_names_the_field(self, document, users):
        first = annotation_mine_save(document=document, user=users["alice"], spans=SPANS, relations=[])
        with pytest.raises(InvalidInput) as refused:
            restore(document, first, users["alice"], "annotator", version=9, current_version=1)
        assert refused.value.errors[0]["field"] == "version"

    def test_labels_gone_since_are_named_never_dropped(self, document, users):
        alice = users["alice"]
        first = annotation_mine_save(document=document, user=alice, spans=SPANS, relations=RELATIONS)
        annotation_mine_save(document=document, user=alice, spans=[SPANS[0]], relations=[], version=1)
        EntityType.objects.filter(project=document.project, name="GPE").delete()  # the project drops a label
        with pytest.raises(InvalidInput) as refused:
            restore(document, first, alice, "annotator", version=1, current_version=2)
        assert "GPE" in refused.value.message
        assert refused.value.errors == [{"field": "spans[2].label",
                                         "message": "label 'GPE' is no longer in the project"}]
        assert Annotation.objects.get(pk=first.pk).version == 2 and len(versions(first.pk)) == 2

    def test_a_reviewer_restores_someones_annotation_which_stays_theirs_and_keeps_its_status(self, document, users):
        alice, bob = users["alice"], users["bob"]
        first = annotation_mine_save(document=document, user=alice, spans=SPANS, relations=[])
        annotation_mine_save(document=document, user=alice, spans=[], relations=[], version=1, submit=True)
        assert Document.objects.get(pk=document.pk).status == "submitted"
        restored = restore(document, first, bob, "reviewer", version=1, current_version=2)
        stored = Annotation.objects.get(pk=first.pk)
        assert (stored.author, stored.status, stored.version) == (alice, "submitted", 3)
        assert restored.author == alice and Document.objects.get(pk=document.pk).status == "submitted"
        assert versions(first.pk)[-1]["author_id"] == bob.pk  # who wrote this version

    def test_restoring_a_gold_makes_the_document_gold(self, document, users):
        gold = annotation_gold_save(document=document, user=users["bob"], spans=SPANS, relations=[])
        annotation_gold_save(document=document, user=users["bob"], spans=[], relations=[], version=1)
        Document.objects.filter(pk=document.pk).update(status="submitted")
        restored = restore(document, gold, users["carol"], "manager", version=1, current_version=2)
        assert (restored.kind, restored.author, restored.version) == ("gold", users["carol"], 3)
        assert Document.objects.get(pk=document.pk).status == "gold"

    def test_who_may_restore(self, document, users, project):
        alice, bob = users["alice"], users["bob"]
        labels = project_label_set(project=project)
        annotations_import(kind="prediction", document_ids=[document.pk], bodies=[{"spans": SPANS}], labels=labels,
                           model="m")
        prediction = Annotation.objects.get(kind="prediction")
        bobs = annotation_mine_save(document=document, user=bob, spans=SPANS, relations=[])
        with pytest.raises(RestoreNotAllowed):  # alice sees the prediction but may not write it
            restore(document, prediction, alice, "annotator", version=1, current_version=1)
        with pytest.raises(NotFound):  # nor see bob's annotation
            restore(document, bobs, alice, "annotator", version=1, current_version=1)
        restored = restore(document, prediction, bob, "reviewer", version=1, current_version=1)
        assert (restored.kind, restored.author, restored.model, restored.version) == ("prediction", None, "m", 2)
        assert versions(prediction.pk)[-1]["source"] == "restore"
