"""Building exports from the database: records, options, splits, the zip's life cycle, queries."""
import hashlib
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import annotator
from annotator.formats.splits import split_for
from annotator.formats.zip_sink import part_members
from annotator.models import Annotation, Document, Export, Job
from annotator.selectors import exports as selector
from annotator.services import exports
from annotator.services.annotations import annotation_gold_save, annotation_mine_save
from annotator.services.documents import documents_add
from annotator.services.errors import InvalidInput
from annotator.formats.catalog import EXPORT_FORMATS
from annotator.services.exports import export_build, export_create, export_run
from annotator.services.jobs import job_cancel
from tests.object_store import use_local_storage

TEXT = "Maria Okafor of Reuters lives in 東京 😀.\r\nReuters hired Maria Okafor."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """A media folder per test, so "nothing left behind" checks see only this test's files."""
    return use_local_storage(settings, tmp_path / "media")  # this machine's folder, even when .ci/run has a store


def at(text, fragment, label, span_id, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(fragment, start + 1)
    return {"id": span_id, "start": start, "end": start + len(fragment), "label": label}


def add_docs(project, texts):
    return documents_add(project=project, records=[{"text": t, "external_id": f"ext-{i}"} for i, t in
                                                   enumerate(texts)]).document_ids


def gold(document_id, user, spans=None, relations=None):
    document = Document.objects.get(pk=document_id)
    if spans is None:
        spans = [at(document.text, "Maria Okafor", "PERSON", 1), at(document.text, "Reuters", "ORG", 2)]
        relations = [{"head": 1, "child": 2, "label": "works_for"}]
    return annotation_gold_save(document=document, user=user, spans=spans, relations=relations or [])


def build(project, **options):
    export = export_create(project=project, format=options.pop("format", "jsonl"), **options)
    export_build(job_id=export.job_id)
    return Export.objects.get(pk=export.pk)


def zip_lines(export, member):
    with zipfile.ZipFile(export.file.path) as archive:
        return [json.loads(line) for line in archive.read(member).decode().splitlines()]


def all_lines(export):
    with zipfile.ZipFile(export.file.path) as archive:
        names = [n for n in archive.namelist() if n.endswith(".jsonl")]
    return [line for name in names for line in zip_lines(export, name)]


@pytest.mark.django_db
class TestBuild:
    def test_zip_manifest_and_export_fields(self, project, users, settings):
        ids = add_docs(project, [TEXT, TEXT + " Again.", "Nothing annotated here."])
        gold(ids[0], users["bob"])
        gold(ids[1], users["bob"])
        export = build(project, split={"train": 0.5, "dev": 0.25, "test": 0.25}, seed=3)
        job = Job.objects.get(pk=export.job_id)
        assert (export.status, job.status) == ("succeeded", "succeeded"), job.errors
        assert (job.done, job.total) == (2, 2)
        path = Path(export.file.path)
        assert path.is_file() and path.is_relative_to(Path(settings.MEDIA_ROOT) / "exports")
        data = path.read_bytes()
        assert export.sha256 == hashlib.sha256(data).hexdigest() and export.size == len(data)
        manifest = export.manifest
        assert manifest["format"] == "jsonl" and manifest["tool_version"] == annotator.__version__
        assert manifest["project"] == {"id": project.pk, "name": "News"}
        assert manifest["created_at"] and manifest["options"]["seed"] == 3
        assert manifest["options"]["annotation"] == "gold"
        counts = manifest["counts"]
        assert sum(c["documents"] for c in counts.values()) == 2
        assert sum(c["spans"].get("PERSON", 0) for c in counts.values()) == 2
        with zipfile.ZipFile(path) as archive:
            assert json.loads(archive.read("manifest.json")) == manifest
            for member, digest in manifest["files"].items():
                assert hashlib.sha256(archive.read(member)).hexdigest() == digest
        for split in counts:
            assert part_members(manifest["files"], split) == [f"{split}.jsonl"]
        # Nothing left behind but the one zip.
        assert [p for p in Path(settings.MEDIA_ROOT, "exports").rglob("*") if p.is_file()] == [path]

    def test_records_carry_gold_annotators_reviewer_and_tokens(self, project, users):
        (doc_id,) = add_docs(project, [TEXT])
        document = Document.objects.get(pk=doc_id)
        annotation_mine_save(document=document, user=users["alice"], spans=[at(TEXT, "Reuters", "ORG", 1)],
                             relations=[], submit=True)
        annotation_mine_save(document=document, user=users["carol"], spans=[], relations=[])
        saved = gold(doc_id, users["bob"])
        (line,) = all_lines(build(project))
        assert line["id"] == doc_id and line["external_id"] == "ext-0" and line["text"] == TEXT
        assert line["annotators"] == ["alice", "carol"] and line["reviewer"] == "bob"
        assert line["reviewed_at"] == Annotation.objects.get(pk=saved.pk).updated_at.isoformat()
        assert [(s["start"], s["end"], s["label"], s["text"]) for s in line["spans"]] == [
            (0, 12, "PERSON", "Maria Okafor"), (16, 23, "ORG", "Reuters")]
        head, child = line["spans"]
        assert line["relations"] == [{"head": head["id"], "child": child["id"], "label": "works_for"}]
        assert line["tokens"] == document.tokens and line["split"] in ("train", "dev", "test")

    def test_latest_policy_chooses_gold_then_submitted_then_draft_then_prediction(self, project, users):
        from annotator.services.annotation_import import annotations_import
        from annotator.selectors.annotations import project_label_set

        texts = [f"Maria Okafor of Reuters, case {i}." for i in range(5)]
        ids = add_docs(project, texts)
        docs = [Document.objects.get(pk=pk) for pk in ids]
        person = lambda d: [at(d.text, "Maria Okafor", "PERSON", 1)]  # noqa: E731
        org = lambda d: [at(d.text, "Reuters", "ORG", 1)]  # noqa: E731
        labels = project_label_set(project=project)
        annotations_import(kind="prediction", document_ids=ids, labels=labels, model="m",
                           bodies=[{"spans": [{**at(d.text, "case", "GPE", 1), "score": 0.5}]} for d in docs])
        gold(ids[0], users["bob"], spans=org(docs[0]))
        annotation_mine_save(document=docs[0], user=users["alice"], spans=person(docs[0]), relations=[], submit=True)
        # doc 1: a submitted annotation beats a more recent draft.
        annotation_mine_save(document=docs[1], user=users["alice"], spans=org(docs[1]), relations=[], submit=True)
        annotation_mine_save(document=docs[1], user=users["carol"], spans=person(docs[1]), relations=[])
        # doc 2: of two drafts, the most recently updated.
        annotation_mine_save(document=docs[2], user=users["alice"], spans=person(docs[2]), relations=[])
        annotation_mine_save(document=docs[2], user=users["carol"], spans=org(docs[2]), relations=[])
        Annotation.objects.filter(document=docs[2], author=users["alice"]).update(
            updated_at=timezone.now() + timedelta(minutes=1))
        # doc 3: only the prediction. doc 4: nothing but the prediction removed.
        Annotation.objects.filter(document=docs[4]).delete()
        export = build(project, only_gold=False)
        assert export.manifest["options"]["annotation"] == "latest"
        by_id = {line["id"]: line for line in all_lines(export)}
        labels_of = {pk: [s["label"] for s in by_id[pk]["spans"]] for pk in ids}
        assert labels_of == {ids[0]: ["ORG"], ids[1]: ["ORG"], ids[2]: ["PERSON"], ids[3]: ["GPE"], ids[4]: []}
        assert by_id[ids[3]]["spans"][0]["score"] == 0.5
        assert by_id[ids[0]]["reviewer"] == "bob" and by_id[ids[1]]["reviewer"] is None
        assert by_id[ids[1]]["annotators"] == ["alice", "carol"]

    def test_status_filter(self, project, users):
        ids = add_docs(project, [TEXT, "Second text.", "Third text."])
        gold(ids[0], users["bob"])
        Document.objects.filter(pk=ids[1]).update(status="skipped")
        export = build(project, only_gold=False, status=["new", "gold"])
        assert sorted(line["id"] for line in all_lines(export)) == [ids[0], ids[2]]

    @pytest.mark.parametrize("format_name", EXPORT_FORMATS)
    def test_every_format_builds_with_parts(self, project, users, format_name):
        ids = add_docs(project, [f"{TEXT} Number {i}." for i in range(6)])
        for pk in ids:
            gold(pk, users["bob"])
        export = build(project, format=format_name)
        assert export.status == "succeeded", Job.objects.get(pk=export.job_id).errors
        files = export.manifest["files"]
        for split, counts in export.manifest["counts"].items():
            assert counts["documents"] and part_members(files, split)
        assert sum(c["documents"] for c in export.manifest["counts"].values()) == 6

    @pytest.mark.parametrize("format_name, reads_tokens", [("brat", False), ("doccano", False), ("jsonl", True),
                                                            ("spacy", True), ("conll", True), ("prodigy", True)])
    def test_tokens_are_read_only_for_writers_that_use_them(self, project, users, monkeypatch, format_name,
                                                            reads_tokens):
        (pk,) = add_docs(project, [TEXT])
        gold(pk, users["bob"])
        seen = []
        real = exports.export_record_batches

        def spying(**kwargs):
            for batch in real(**kwargs):
                seen.extend(bool(record["tokens"]) for record in batch)
                yield batch

        monkeypatch.setattr(exports, "export_record_batches", spying)
        assert build(project, format=format_name).status == "succeeded"
        assert seen == [reads_tokens]

    def test_empty_project_builds_an_empty_export(self, project):
        export = build(project)
        assert export.status == "succeeded" and export.manifest["counts"] == {}


@pytest.mark.django_db
class TestSplits:
    def test_old_documents_keep_their_split_when_documents_are_added(self, project, users):
        first = add_docs(project, [f"{TEXT} First batch {i}." for i in range(40)])
        for pk in first:
            gold(pk, users["bob"])
        # A seed under which these ids fall into all three splits (ids differ between databases).
        seed = next(s for s in range(1000) if {split_for(pk, s) for pk in first} == {"train", "dev", "test"})
        before = {line["id"]: line["split"] for line in all_lines(build(project, seed=seed))}
        added = add_docs(project, [f"{TEXT} Second batch {i}." for i in range(40)])
        for pk in added:
            gold(pk, users["bob"])
        after = {line["id"]: line["split"] for line in all_lines(build(project, seed=seed))}
        assert len(after) == 80
        assert {pk: after[pk] for pk in first} == before
        assert set(before.values()) == {"train", "dev", "test"}
        assert all(after[pk] == split_for(pk, seed) for pk in after)
        other_seed = {line["id"]: line["split"] for line in all_lines(build(project, seed=seed + 1))}
        assert other_seed != after


@pytest.mark.django_db
class TestLifeCycle:
    def test_status_is_running_while_building(self, project, users, monkeypatch):
        (pk,) = add_docs(project, [TEXT])
        gold(pk, users["bob"])
        seen = []
        real = exports.export_record_batches

        def spying(**kwargs):
            for batch in real(**kwargs):
                seen.append(Export.objects.get().status)
                yield batch

        monkeypatch.setattr(exports, "export_record_batches", spying)
        export = export_create(project=project, format="jsonl")
        assert export.status == "queued"
        export_build(job_id=export.job_id)
        assert seen == ["running"] and Export.objects.get().status == "succeeded"

    def test_a_built_export_is_never_rebuilt(self, project, users):
        (pk,) = add_docs(project, [TEXT])
        gold(pk, users["bob"])
        export = build(project)
        before = (export.file.name, export.sha256, Path(export.file.path).stat().st_mtime_ns, export.manifest)
        gold(pk, users["bob"], spans=[])  # the data changes; the export must not
        export_build(job_id=export.job_id)  # the task delivered again
        result = export_run(Job.objects.get(pk=export.job_id))  # or the work called again
        export.refresh_from_db()
        assert result["already_built"] is True
        assert (export.file.name, export.sha256, Path(export.file.path).stat().st_mtime_ns, export.manifest) == before

    def test_an_attempt_that_finished_first_is_kept(self, project, users, monkeypatch, media):
        (pk,) = add_docs(project, [TEXT])
        gold(pk, users["bob"])
        export = export_create(project=project, format="jsonl")
        real = exports.export_record_batches

        def other_attempt_finishes(**kwargs):
            yield from real(**kwargs)
            Export.objects.filter(pk=export.pk).update(file="exports/theirs.zip", sha256="f" * 64)
            Job.objects.filter(pk=export.job_id).update(status="succeeded")  # what finishing it does

        monkeypatch.setattr(exports, "export_record_batches", other_attempt_finishes)
        export_build(job_id=export.job_id)
        export.refresh_from_db()
        assert (export.status, export.file.name, export.sha256) == ("succeeded", "exports/theirs.zip", "f" * 64)
        assert Job.objects.get(pk=export.job_id).status == "succeeded"
        assert not [p for p in Path(media, "exports").rglob("*") if p.is_file()]

    def test_failure_leaves_no_file_and_export_failed(self, project, users, monkeypatch, settings):
        ids = add_docs(project, [f"{TEXT} {i}" for i in range(3)])
        for pk in ids:
            gold(pk, users["bob"])

        def broken(**kwargs):
            yield [next(iter(selector.export_records(**kwargs)))]
            raise RuntimeError("database went away")

        monkeypatch.setattr(exports, "export_record_batches", broken)
        export = build(project, format="brat")
        job = Job.objects.get(pk=export.job_id)
        assert (export.status, job.status) == ("failed", "failed")
        assert "database went away" in job.errors[0]["message"]
        assert not export.file and not export.sha256
        assert not [p for p in Path(settings.MEDIA_ROOT, "exports").rglob("*") if p.is_file()]

    def test_cancel_during_build_leaves_no_file(self, project, users, monkeypatch, settings):
        ids = add_docs(project, [f"{TEXT} {i}" for i in range(5)])
        for pk in ids:
            gold(pk, users["bob"])
        export = export_create(project=project, format="spacy")
        real = exports.export_record_batches

        def cancelling(**kwargs):
            for batch in real(**{**kwargs, "batch_size": 2}):
                yield batch
                Job.objects.filter(pk=export.job_id).update(cancel_requested=True)

        monkeypatch.setattr(exports, "export_record_batches", cancelling)
        export_build(job_id=export.job_id)
        export.refresh_from_db()
        job = Job.objects.get(pk=export.job_id)
        assert (export.status, job.status) == ("cancelled", "cancelled")
        assert job.done == 2 and not export.file
        assert not [p for p in Path(settings.MEDIA_ROOT, "exports").rglob("*") if p.is_file()]

    def test_cancelled_while_queued(self, project):
        export = export_create(project=project, format="jsonl")
        job_cancel(job=export.job)
        export_build(job_id=export.job_id)
        export.refresh_from_db()
        assert export.status == "cancelled" and not export.file

    def test_start_queues_the_task_on_commit(self, project, django_capture_on_commit_callbacks, monkeypatch):
        from annotator.services import jobs
        from annotator.tasks import export_build_task

        sent = []
        monkeypatch.setattr(jobs, "task_send",
                            lambda *, name, args: name == export_build_task.name and sent.extend(args))
        with django_capture_on_commit_callbacks(execute=True):
            export = exports.export_start(project=project, format="conll", seed=5, only_gold=False)
        assert sent == [export.job_id]
        assert export.options == {"split": {"train": 0.8, "dev": 0.1, "test": 0.1}, "seed": 5, "only_gold": False,
                                  "status": []}


@pytest.mark.django_db
class TestOptions:
    @pytest.mark.parametrize("options, field", [
        ({"format": "xml"}, "format"),
        ({"format": "jsonl", "split": {"train": 0.5}}, "split"),
        ({"format": "jsonl", "split": {"train": 0.5, "valid": 0.5}}, "split"),
        ({"format": "jsonl", "split": {"train": -1, "dev": 2}}, "split.train"),
        ({"format": "jsonl", "seed": "7"}, "seed"),
        ({"format": "jsonl", "only_gold": "yes"}, "only_gold"),
        ({"format": "jsonl", "status": ["done"]}, "status"),
    ])
    def test_bad_options_name_the_field(self, project, options, field):
        with pytest.raises(InvalidInput) as caught:
            export_create(project=project, **options)
        assert caught.value.errors[0]["field"] == field
        assert not Export.objects.exists()


@pytest.mark.django_db
class TestQueries:
    def test_queries_per_batch_do_not_depend_on_documents_or_spans(self, project, users):
        ids = add_docs(project, [f"{TEXT} {i}" for i in range(12)])
        document = Document.objects.get(pk=ids[0])
        annotation_mine_save(document=document, user=users["alice"], spans=[], relations=[])
        for pk in ids:
            gold(pk, users["bob"])

        def count(batch_size):
            with CaptureQueriesContext(connection) as captured:
                records = list(selector.export_records(project=project, batch_size=batch_size))
            assert len(records) == 12
            return len(captured)

        # 2 label queries, then 4 a batch (documents, annotations, spans, relations), plus the empty last page.
        assert count(12) == 2 + 4 * 1 + 1
        assert count(6) == 2 + 4 * 2 + 1
        assert count(4) == 2 + 4 * 3 + 1
        assert count(5) == 2 + 4 * 3


# Documents of a layout: "A" has gold (two spans, one relation), "U" has no annotation at all.
LAYOUTS = {
    "none between": "AA",
    "one between": "AUAU",
    "a batch and one between": "A" + "U" * 5 + "A" + "U" * 5,  # batches of 4: [AUUU] [UUAU] [UUUU]
    "nothing annotated": "UUUUU",
}


def add_layout(project, users, layout):
    ids = add_docs(project, [f"{TEXT} Document {i}." for i in range(len(layout))])
    for pk, kind in zip(ids, layout):
        if kind == "A":
            gold(pk, users["bob"])
    return ids


@pytest.mark.django_db
class TestUnannotatedDocuments:
    """`only_gold: false` exports every document, those without any annotation too, whatever batch
    they fall in: a batch where no document has an annotation used to end the job `failed` with
    EmptyResultSet (the reader asked for the spans of an empty list of annotations)."""

    # jsonl copies raw tokens, conll decodes them, doccano and brat read none: three batch readers.
    @pytest.mark.parametrize("format_name", ["jsonl", "conll", "doccano", "brat"])
    @pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
    def test_any_run_of_unannotated_documents_exports(self, project, users, monkeypatch, format_name, layout):
        monkeypatch.setattr(selector, "EXPORT_BATCH_SIZE", 4)
        monkeypatch.setattr(selector, "EXPORT_BATCH_SIZE_TEXT", 4)
        ids = add_layout(project, users, layout)
        export = build(project, format=format_name, only_gold=False)
        assert export.status == "succeeded", Job.objects.get(pk=export.job_id).errors
        counts = export.manifest["counts"].values()
        assert sum(c["documents"] for c in counts) == len(ids)
        spans = sum(sum(c["spans"].values()) for c in counts)
        assert spans == 2 * layout.count("A")
        if format_name == "jsonl":
            lines = {line["id"]: line for line in all_lines(export)}
            assert [len(lines[pk]["spans"]) for pk in ids] == [2 if kind == "A" else 0 for kind in layout]
            assert [len(lines[pk]["relations"]) for pk in ids] == [1 if kind == "A" else 0 for kind in layout]

    def test_more_than_a_batch_of_unannotated_documents_at_the_real_batch_size(self, project, users):
        layout = "U" * (selector.EXPORT_BATCH_SIZE + 1) + "A"  # the first batch holds no annotation
        ids = add_layout(project, users, layout)
        export = build(project, format="conll", only_gold=False)
        assert export.status == "succeeded", Job.objects.get(pk=export.job_id).errors
        assert sum(c["documents"] for c in export.manifest["counts"].values()) == len(ids)
        assert sum(sum(c["spans"].values()) for c in export.manifest["counts"].values()) == 2

    def test_a_batch_without_annotations_costs_two_queries(self, project, users):
        add_layout(project, users, "AUUU" + "UUUU" + "A")

        with CaptureQueriesContext(connection) as captured:
            records = list(selector.export_records(project=project, only_gold=False, batch_size=4))
        assert [len(r["spans"]) for r in records] == [2] + [0] * 7 + [2]
        # 2 label queries; 4 for each batch with an annotation, 2 (documents, annotations) for the one without.
        assert len(captured) == 2 + 4 + 2 + 4
