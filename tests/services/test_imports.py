"""Import jobs: every format, as documents, predictions or gold; errors located; limits; bulk storage."""
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotator.models import Annotation, Document, DocumentFigures, Job, Relation, Span
from annotator.services.annotations import annotation_gold_save, annotation_mine_save
from annotator.services.document_tokens import document_tokens_fill
from annotator.services.documents import documents_add
from annotator.services.errors import InvalidInput, LimitExceeded
from annotator.services.figures import project_figures_rebuild
from annotator.services.imports import import_documents_run, import_start
from annotator.services.jobs import job_create, job_run
from annotator.services.projects import project_create


def write_jsonl(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def run_import(project, path):
    job = job_create(kind="import", project=project, params={"path": str(path), "as": "documents"})
    job_run(job_id=job.pk, work=import_documents_run)
    return Job.objects.get(pk=job.pk)


@pytest.mark.django_db
class TestImportJob:
    def test_jsonl_import_reports_progress_and_result(self, project, tmp_path, settings):
        settings.IMPORT_CHUNK_SIZE = 2
        rows = [{"text": f"Doc number {i}."} for i in range(5)] + [{"text": "Doc number 0."}]
        path = write_jsonl(tmp_path / "docs.jsonl", rows)
        job = run_import(project, path)
        assert job.status == "succeeded", job.errors
        assert (job.total, job.done) == (6, 6)
        assert job.result["created"] == 5 and job.result["duplicates"] == 1
        assert job.started_at and job.finished_at

    def test_bad_json_fails_naming_file_and_line_storing_nothing(self, project, tmp_path):
        path = write_jsonl(tmp_path / "bad.jsonl", [{"text": "ok"}, "{not json", {"text": "later"}])
        job = run_import(project, path)
        assert job.status == "failed"
        assert "bad.jsonl line 2" in job.errors[0]["message"]
        assert Document.objects.count() == 0

    def test_bad_field_late_in_file_stores_nothing(self, project, tmp_path, settings):
        settings.IMPORT_CHUNK_SIZE = 1
        path = write_jsonl(tmp_path / "late.jsonl", [{"text": "a"}, {"text": "b"}, {"text": None}])
        job = run_import(project, path)
        assert job.status == "failed"
        assert "late.jsonl line 3, field 'text'" in job.errors[0]["message"]
        assert Document.objects.count() == 0

    def test_invalid_utf8_is_named(self, project, tmp_path):
        path = tmp_path / "latin1.jsonl"
        path.write_bytes(json.dumps({"text": "ok"}).encode() + b"\n" + '{"text": "caf\xe9"}'.encode("latin-1") + b"\n")
        job = run_import(project, path)
        assert job.status == "failed" and "line 2" in job.errors[0]["message"] and "UTF-8" in job.errors[0]["message"]

    def test_plain_text_file(self, project, tmp_path):
        path = tmp_path / "story.txt"
        path.write_bytes("First line.\r\nSecond 😀 line.\r\n".encode())
        job = run_import(project, path)
        assert job.status == "succeeded"
        doc = Document.objects.get()
        assert doc.text == "First line.\r\nSecond 😀 line.\r\n" and doc.title == "story"

    def test_cancel_requested_before_start_does_nothing(self, project, tmp_path):
        from annotator.services.jobs import job_cancel

        path = write_jsonl(tmp_path / "docs.jsonl", [{"text": "a"}])
        job = job_create(kind="import", project=project, params={"path": str(path)})
        job_cancel(job=job)
        job_run(job_id=job.pk, work=import_documents_run)
        job.refresh_from_db()
        assert job.status == "cancelled" and Document.objects.count() == 0

    def test_cancel_between_chunks_stops(self, project, tmp_path, settings, monkeypatch):
        from annotator.services import imports

        settings.IMPORT_CHUNK_SIZE = 1
        path = write_jsonl(tmp_path / "docs.jsonl", [{"text": f"t{i}"} for i in range(5)])
        job = job_create(kind="import", project=project, params={"path": str(path)})
        real_add = imports.documents_add

        def add_then_cancel(**kwargs):
            result = real_add(**kwargs)
            Job.objects.filter(pk=job.pk).update(cancel_requested=True)
            return result

        monkeypatch.setattr(imports, "documents_add", add_then_cancel)
        job_run(job_id=job.pk, work=import_documents_run)
        job.refresh_from_db()
        assert job.status == "cancelled"
        assert Document.objects.count() == 1


# --- formats, annotations, errors and limits ---------------------------------------------
TEXT = "Maria Okafor works for Reuters in 東京 😀.\r\nReuters is big."


def spans_at(text, *pairs):
    spans = []
    for index, (fragment, label) in enumerate(pairs):
        start = text.index(fragment)
        spans.append({"id": index, "start": start, "end": start + len(fragment), "label": label})
    return spans


def gold_line(text=TEXT, **extra):
    spans = spans_at(text, ("Maria Okafor", "PERSON"), ("Reuters", "ORG"))
    return {"text": text, "spans": spans, "relations": [{"head": 0, "child": 1, "label": "works_for"}], **extra}


def import_as(project, path, as_, user=None, **params):
    job = job_create(kind="import", project=project, created_by=user,
                     params={"path": str(path), "as": as_, **params})
    job_run(job_id=job.pk, work=import_documents_run)
    return Job.objects.get(pk=job.pk)


def stored(document, kind="gold"):
    annotation = Annotation.objects.get(document=document, kind=kind)
    spans = {s.pk: (s.start, s.end, s.label.name) for s in annotation.spans.all()}
    relations = sorted((spans[r.head_id], spans[r.child_id], r.label.name) for r in annotation.relations.all())
    return sorted(spans.values()), relations


@pytest.mark.django_db
class TestImportAnnotations:
    def test_gold_from_jsonl(self, project, users, tmp_path):
        path = write_jsonl(tmp_path / "gold.jsonl", [gold_line(), gold_line("Second: " + TEXT, external_id="x2")])
        job = import_as(project, path, "gold", users["carol"])
        assert job.status == "succeeded", job.errors
        assert job.result | {"prelabel_job": None} == {
            "file": "gold.jsonl", "format": "jsonl", "as": "gold", "documents": 2, "created": 2, "duplicates": 0,
            "annotations": 2, "spans": 4, "relations": 2, "prelabel_job": None}
        document = Document.objects.get(text=TEXT)
        spans, relations = stored(document)
        assert spans == [(0, 12, "PERSON"), (23, 30, "ORG")]
        assert relations == [((0, 12, "PERSON"), (23, 30, "ORG"), "works_for")]
        assert document.status == "gold" and document.tokens
        assert Annotation.objects.get(document=document).author == users["carol"]
        assert Document.objects.get(external_id="x2").status == "gold"

    def test_gold_attaches_to_an_existing_document_and_replaces_its_gold(self, project, users, tmp_path):
        from annotator.services.annotations import annotation_gold_save

        (doc_id,) = documents_add(project=project, records=[{"text": TEXT}]).ids
        document = Document.objects.get(pk=doc_id)
        old = annotation_gold_save(document=document, user=users["bob"], spans=spans_at(TEXT, ("Reuters", "ORG")),
                                   relations=[])
        job = import_as(project, write_jsonl(tmp_path / "g.jsonl", [gold_line()]), "gold", users["carol"])
        assert job.status == "succeeded" and job.result["duplicates"] == 1 and job.result["created"] == 0
        assert Document.objects.count() == 1
        annotation = Annotation.objects.get(document=document, kind="gold")
        assert annotation.pk == old.pk and annotation.version == old.version + 1  # replaced in place
        assert stored(document)[0] == [(0, 12, "PERSON"), (23, 30, "ORG")]

    def test_predictions_replace_the_same_model_only_and_prelabel_new_documents(self, project, tmp_path):
        lines = [gold_line(), gold_line("Other: " + TEXT)]
        job = import_as(project, write_jsonl(tmp_path / "p.jsonl", lines), "predictions", model="ner-v1")
        assert job.status == "succeeded", job.errors
        assert set(Document.objects.values_list("status", flat=True)) == {"prelabeled"}
        Document.objects.filter(text=TEXT).update(status="submitted")
        one_span = [{"text": TEXT, "spans": [{**spans_at(TEXT, ("Reuters", "ORG"))[0], "score": 0.25}]}]
        assert import_as(project, write_jsonl(tmp_path / "p2.jsonl", one_span), "predictions",
                         model="ner-v1").status == "succeeded"
        assert import_as(project, write_jsonl(tmp_path / "p3.jsonl", lines[:1]), "predictions").status == "succeeded"
        document = Document.objects.get(text=TEXT)
        assert document.status == "submitted"  # only `new` documents become prelabeled
        v1 = Annotation.objects.get(document=document, kind="prediction", model="ner-v1")
        assert v1.version == 2 and [(s.label.name, s.score) for s in v1.spans.all()] == [("ORG", 0.25)]
        assert not v1.relations.exists() and v1.author is None
        assert Annotation.objects.filter(document=document, kind="prediction", model="import").count() == 1

    def test_same_import_twice_is_idempotent(self, project, users, tmp_path):
        path = write_jsonl(tmp_path / "gold.jsonl", [gold_line(), gold_line("Two: " + TEXT)])
        import_as(project, path, "gold", users["carol"])
        counts = (Document.objects.count(), Annotation.objects.count(), Span.objects.count(), Relation.objects.count())
        again = import_as(project, path, "gold", users["carol"])
        assert again.status == "succeeded" and again.result["duplicates"] == 2
        assert (Document.objects.count(), Annotation.objects.count(), Span.objects.count(),
                Relation.objects.count()) == counts == (2, 2, 4, 2)

    def test_the_same_text_twice_in_a_file_keeps_the_last_gold(self, project, users, tmp_path, settings):
        settings.IMPORT_CHUNK_SIZE = 1
        last = {"text": TEXT, "spans": spans_at(TEXT, ("東京", "GPE"))}
        job = import_as(project, write_jsonl(tmp_path / "g.jsonl", [gold_line(), last]), "gold", users["carol"])
        assert job.status == "succeeded"
        assert stored(Document.objects.get())[0] == [(34, 36, "GPE")]

    @pytest.mark.parametrize("name, content", [
        ("doccano.jsonl", json.dumps({"text": TEXT, "entities": [
            {"id": 1, "label": "PERSON", "start_offset": 0, "end_offset": 12},
            {"id": 2, "label": "ORG", "start_offset": 23, "end_offset": 30}],
            "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "works_for"}]}) + "\n"),
        ("prodigy.jsonl", json.dumps({"text": TEXT, "answer": "accept", "spans": [
            {"start": 0, "end": 12, "label": "PERSON"}, {"start": 23, "end": 30, "label": "ORG"}],
            "relations": [{"head": 1, "child": 4, "label": "works_for",
                           "head_span": {"start": 0, "end": 12, "label": "PERSON"},
                           "child_span": {"start": 23, "end": 30, "label": "ORG"}}]}) + "\n"),
    ])
    def test_other_formats_are_detected(self, project, users, tmp_path, name, content):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        job = import_as(project, path, "gold", users["carol"])
        assert job.status == "succeeded", job.errors
        assert job.result["format"] == name.split(".")[0]
        assert stored(Document.objects.get()) == ([(0, 12, "PERSON"), (23, 30, "ORG")],
                                                  [((0, 12, "PERSON"), (23, 30, "ORG"), "works_for")])

    def test_brat_zip(self, project, users, tmp_path):
        path = tmp_path / "brat.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("train/a.txt", TEXT)
            archive.writestr("train/a.ann", "T1\tPERSON 0 12\tMaria Okafor\nT2\tORG 23 30\tReuters\n"
                                            "R1\tworks_for Arg1:T1 Arg2:T2\n")
            archive.writestr("annotation.conf", "[entities]\n")
        job = import_as(project, path, "gold", users["carol"])
        assert job.status == "succeeded", job.errors
        document = Document.objects.get()
        assert document.external_id == "a" and stored(document)[1] == [((0, 12, "PERSON"), (23, 30, "ORG"),
                                                                         "works_for")]

    def test_csv_documents(self, project, tmp_path):
        path = tmp_path / "docs.csv"
        path.write_text('text,title,source\n"Line one\r\nline two",T,wire\n', encoding="utf-8")
        job = import_as(project, path, "documents")
        assert job.status == "succeeded", job.errors
        document = Document.objects.get()
        assert document.text == "Line one\r\nline two" and document.meta == {"source": "wire"}

    def test_documents_ignore_annotations_in_the_file(self, project, tmp_path):
        job = import_as(project, write_jsonl(tmp_path / "g.jsonl", [gold_line()]), "documents")
        assert job.status == "succeeded" and not Annotation.objects.exists()
        assert Document.objects.get().status == "new"

    def test_bulk_inserts_queries_do_not_grow_with_spans(self, project, users, tmp_path, settings):
        settings.IMPORT_CHUNK_SIZE = 100
        words = " ".join(f"Reuters{i}" for i in range(40))

        def line(n_spans, i):
            text = f"Doc {i}: {words}"
            spans = [{"id": k, "start": text.index(f"Reuters{k} "), "end": text.index(f"Reuters{k} ") + 7 + len(str(k)),
                      "label": "ORG"} for k in range(n_spans)]
            return {"text": text, "spans": spans}

        def queries(n_spans, name):
            path = write_jsonl(tmp_path / name, [line(n_spans, i) for i in range(10)])
            with CaptureQueriesContext(connection) as captured:
                job = import_as(project, path, "predictions", model=name)
            assert job.status == "succeeded", job.errors
            return len(captured)

        queries(1, "warm-up.jsonl")  # one-off queries of a first import (PostgreSQL type lookups) not counted
        # 20 spans or 150 (under one database batch of inserts, ~200 rows on SQLite): the same queries.
        assert queries(2, "few.jsonl") == queries(15, "many.jsonl")
        assert Span.objects.count() == 10 * 18


@pytest.mark.django_db
class TestImportErrors:
    def test_unknown_label_names_line_and_field_and_stores_nothing(self, project, tmp_path, settings):
        settings.IMPORT_CHUNK_SIZE = 1
        bad = {"text": "Third " + TEXT, "spans": [{"id": 0, "start": 0, "end": 5, "label": "ANIMAL"}]}
        path = write_jsonl(tmp_path / "g.jsonl", [gold_line(), gold_line("Second " + TEXT), bad])
        job = import_as(project, path, "gold")
        assert job.status == "failed"
        first = job.errors[0]
        assert {k: first[k] for k in ("file", "line", "field")} == {"file": "g.jsonl", "line": 3,
                                                                    "field": "spans[0].label"}
        assert first["message"].startswith("g.jsonl line 3, field 'spans[0].label': unknown label 'ANIMAL'")
        assert Document.objects.count() == 0 and Annotation.objects.count() == 0

    def test_every_error_is_listed_as_file_line_field_message(self, project, tmp_path):
        lines = [{"text": "A " + TEXT, "spans": [{"id": 0, "start": 0, "end": 1, "label": "ANIMAL"}]},
                 {"text": "B " + TEXT, "spans": spans_at("B " + TEXT, ("Maria Okafor", "PERSON"), ("Reuters", "ORG")),
                  "relations": [{"head": 1, "child": 0, "label": "works_for"}]}]
        job = import_as(project, write_jsonl(tmp_path / "g.jsonl", lines), "gold")
        assert job.status == "failed"
        assert [(e["line"], e["field"]) for e in job.errors] == [(1, "spans[0].label"), (2, "relations[0]")]
        assert all(set(e) == {"file", "line", "field", "message"} for e in job.errors)
        assert "(and 1 more errors)" in job.errors[0]["message"]
        assert "cannot go from ORG to PERSON" in job.errors[1]["message"]

    def test_overlap_refused_in_a_project_without_overlaps(self, project, tmp_path):
        spans = spans_at(TEXT, ("Maria Okafor", "PERSON"), ("Maria", "PERSON"))
        job = import_as(project, write_jsonl(tmp_path / "g.jsonl", [{"text": TEXT, "spans": spans}]), "gold")
        assert job.status == "failed" and job.errors[0]["field"] == "spans[1].start"

    def test_doccano_errors_use_doccano_field_names(self, project, tmp_path):
        path = tmp_path / "d.jsonl"
        path.write_text(json.dumps({"text": TEXT, "entities": [
            {"id": 1, "label": "ANIMAL", "start_offset": 0, "end_offset": 5}]}) + "\n", encoding="utf-8")
        job = import_as(project, path, "gold")
        assert job.status == "failed" and job.errors[0]["field"] == "entities[0].label"

    def test_format_without_annotations_cannot_be_gold(self, project, tmp_path):
        path = tmp_path / "story.txt"
        path.write_text("Just text.", encoding="utf-8")
        job = import_as(project, path, "gold")
        assert job.status == "failed" and "as=documents" in job.errors[0]["message"]
        with pytest.raises(InvalidInput) as caught:
            import_start(project=project, upload=SimpleUploadedFile("a.csv", b"text\nx\n"), format="csv", as_="gold")
        assert caught.value.errors[0]["field"] == "as"

    @pytest.mark.parametrize("kwargs, field", [({"format": "xml"}, "format"), ({"as_": "labels"}, "as"),
                                               ({"as_": "predictions", "model": ""}, "model")])
    def test_start_refuses_bad_choices(self, project, kwargs, field):
        with pytest.raises(InvalidInput) as caught:
            import_start(project=project, upload=SimpleUploadedFile("a.jsonl", b'{"text": "x"}\n'), **kwargs)
        assert caught.value.errors[0]["field"] == field and not Job.objects.exists()

    def test_start_keeps_the_file_and_model(self, project, users, django_capture_on_commit_callbacks, monkeypatch):
        from annotator.services import jobs
        from annotator.tasks import import_documents_task

        sent = []
        monkeypatch.setattr(jobs, "task_send",
                            lambda *, name, args: name == import_documents_task.name and sent.extend(args))
        with django_capture_on_commit_callbacks(execute=True):
            job = import_start(project=project, upload=SimpleUploadedFile("p.jsonl", b'{"text": "x"}\n'),
                               as_="predictions", created_by=users["carol"])
        assert sent == [job.pk]
        assert job.params["model"] == "import" and job.params["filename"] == "p.jsonl"
        assert default_storage.open(job.params["upload"]).read() == b'{"text": "x"}\n'  # where any worker reads it


@pytest.mark.django_db
class TestImportLimits:
    def test_too_many_documents(self, project, tmp_path, settings):
        settings.MAX_DOCUMENTS_PER_FILE = 3
        job = run_import(project, write_jsonl(tmp_path / "d.jsonl", [{"text": f"t{i}"} for i in range(4)]))
        assert job.status == "failed" and job.errors[0]["line"] == 4
        assert "MAX_DOCUMENTS_PER_FILE" in job.errors[0]["message"] and Document.objects.count() == 0

    def test_too_many_spans_names_the_list_and_stores_nothing(self, project, tmp_path, settings):
        settings.MAX_SPANS_PER_ANNOTATION = 1
        job = import_as(project, write_jsonl(tmp_path / "g.jsonl", [gold_line()]), "gold")
        assert job.status == "failed" and [(e["line"], e["field"]) for e in job.errors] == [(1, "spans")]
        assert job.errors[0]["message"] == ("g.jsonl line 1, field 'spans': 2 spans is over the limit of 1 "
                                            "(MAX_SPANS_PER_ANNOTATION)")
        assert Document.objects.count() == 0 and Annotation.objects.count() == 0

    def test_document_rules_name_line_and_field(self, project, tmp_path):
        rows = [{"text": "fine"}, {"text": " \n "}, {"text": "ok", "title": "t" * 501}]
        job = run_import(project, write_jsonl(tmp_path / "d.jsonl", rows))
        assert job.status == "failed" and [(e["line"], e["field"]) for e in job.errors] == [(2, "text"), (3, "title")]
        assert job.errors[1]["message"] == "longer than 500 characters" and Document.objects.count() == 0

    def test_document_too_long(self, project, tmp_path, settings):
        settings.MAX_DOCUMENT_CHARS = 10
        job = run_import(project, write_jsonl(tmp_path / "d.jsonl", [{"text": "short"}, {"text": "x" * 11}]))
        assert job.status == "failed" and (job.errors[0]["line"], job.errors[0]["field"]) == (2, "text")
        assert "MAX_DOCUMENT_CHARS" in job.errors[0]["message"] and Document.objects.count() == 0

    def test_file_too_large(self, project, tmp_path, settings):
        settings.MAX_UPLOAD_BYTES = 10
        job = run_import(project, write_jsonl(tmp_path / "d.jsonl", [{"text": "more than ten bytes"}]))
        assert job.status == "failed" and "MAX_UPLOAD_BYTES" in job.errors[0]["message"]
        with pytest.raises(LimitExceeded):
            import_start(project=project, upload=SimpleUploadedFile("a.jsonl", b'{"text": "more than ten"}\n'))

    def test_zip_bomb_is_refused_before_unpacking(self, project, tmp_path, settings):
        settings.MAX_UPLOAD_UNCOMPRESSED_BYTES = 1024 * 1024
        path = tmp_path / "bomb.zip"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("a.txt", "a" * (2 * 1024 * 1024))
        assert path.stat().st_size < 10_000
        job = run_import(project, path)
        assert job.status == "failed" and "MAX_UPLOAD_UNCOMPRESSED_BYTES" in job.errors[0]["message"]
        assert Document.objects.count() == 0

    def test_empty_file(self, project, tmp_path):
        job = run_import(project, write_jsonl(tmp_path / "d.jsonl", []))
        assert job.status == "failed" and "no documents" in job.errors[0]["message"]


@pytest.mark.django_db
def test_a_bad_docbin_names_the_document(project, tmp_path):
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

    vocab = Vocab()
    good = Doc(vocab, words=["Maria", "works", "."])
    good.ents = [good.char_span(0, 5, label="PERSON")]
    bad = Doc(vocab, words=["Maria", "barks", "."])
    bad.ents = [bad.char_span(0, 5, label="ANIMAL")]
    path = tmp_path / "train.spacy"
    DocBin(docs=[good, bad]).to_disk(path)
    job = import_as(project, path, "gold")
    assert job.status == "failed" and Document.objects.count() == 0
    assert job.errors[0] == {"file": "train.spacy", "line": 2, "field": "spans[0].label",
                             "message": "train.spacy doc 2, field 'spans[0].label': unknown label 'ANIMAL' "
                                        "(project labels: GPE, ORG, PERSON)"}


# --- format options and offsets at the border ---------------------------------------------
CEO_TEXT = "🚀 Satya Nadella works for Microsoft 🎉 since 2014."


def doccano_utf16_line(text=CEO_TEXT):
    """A line as doccano's browser UI exports it: offsets in UTF-16 code units."""
    units = text.encode("utf-16-le")
    entities = []
    for number, (piece, label) in enumerate((("Satya Nadella", "PERSON"), ("Microsoft", "ORG")), start=1):
        start = units.index(piece.encode("utf-16-le")) // 2
        entities.append({"id": number, "label": label, "start_offset": start, "end_offset": start + len(piece)})
    return {"text": text, "entities": entities, "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "works_for"}]}


@pytest.mark.django_db
class TestImportOptions:
    def test_a_utf16_doccano_file_is_refused_naming_line_field_and_option(self, project, users, tmp_path):
        path = write_jsonl(tmp_path / "doccano.jsonl", [doccano_utf16_line()])
        job = import_as(project, path, "gold", users["carol"])
        assert job.status == "failed"
        error = job.errors[0]
        assert (error["file"], error["line"], error["field"]) == ("doccano.jsonl", 1, "entities[0].start_offset")
        assert "'atya Nadella '" in error["message"] and '{"offsets": "utf16"}' in error["message"]
        assert not Document.objects.exists()

    def test_the_utf16_option_reads_it_right(self, project, users, tmp_path):
        path = write_jsonl(tmp_path / "doccano.jsonl", [doccano_utf16_line()])
        job = import_as(project, path, "gold", users["carol"], options={"offsets": "utf16"})
        assert job.status == "succeeded", job.errors
        document = Document.objects.get()
        spans, relations = stored(document)
        assert [document.text[start:end] for start, end, _label in spans] == ["Satya Nadella", "Microsoft"]
        assert relations[0][2] == "works_for"
        assert "warnings" not in job.result

    def test_an_option_the_detected_format_does_not_take_fails_the_job(self, project, tmp_path):
        path = write_jsonl(tmp_path / "docs.jsonl", [{"text": "plain jsonl"}])
        job = import_as(project, path, "documents", options={"offsets": "utf16"})
        assert job.status == "failed"
        assert job.errors[0]["field"] == "options.offsets" and "jsonl" in job.errors[0]["message"]
        assert not Document.objects.exists()

    @pytest.mark.parametrize("format_name, options, field", [
        ("doccano", {"offset": "utf16"}, "options.offset"),
        ("doccano", {"offsets": "bytes"}, "options.offsets"),
        ("jsonl", {"offsets": "utf16"}, "options.offsets"),
        ("brat", {"newlines": "keep"}, "options.newlines"),  # an export option
        ("auto", {"colour": "red"}, "options.colour"),
    ])
    def test_start_refuses_options_the_format_does_not_take(self, project, format_name, options, field):
        with pytest.raises(InvalidInput) as caught:
            import_start(project=project, upload=SimpleUploadedFile("a.jsonl", b'{"text": "x"}\n'),
                         format=format_name, as_="documents", options=options)
        assert caught.value.errors[0]["field"] == field and not Job.objects.exists()

    def test_start_keeps_the_options(self, project):
        job = import_start(project=project, upload=SimpleUploadedFile("a.jsonl", b'{"text": "x"}\n'),
                           format="doccano", options={"offsets": "utf16"})
        assert job.params["options"] == {"offsets": "utf16"}


@pytest.mark.django_db
class TestTokenCutWarnings:
    def test_spans_cutting_tokens_are_stored_and_reported(self, project, users, tmp_path):
        text = "Satya Nadella works for Microsoft in Redmond.\r\nMicrosoft 😀 grew."
        start = text.index("Microsoft") + 1
        line = {"text": text, "spans": [{"id": 1, "start": 0, "end": 13, "label": "PERSON"},
                                        {"id": 2, "start": start, "end": start + 8, "label": "ORG"}]}
        good = {"text": "Microsoft grew.", "spans": [{"id": 1, "start": 0, "end": 9, "label": "ORG"}]}
        job = import_as(project, write_jsonl(tmp_path / "gold.jsonl", [good, line]), "gold", users["carol"])
        assert job.status == "succeeded", job.errors
        assert job.result["warnings"] == {"spans_cutting_tokens": 1, "examples": [{
            "file": "gold.jsonl", "line": 2, "field": "spans[1]", "span": "icrosoft", "token": "Microsoft",
            "message": "span 'icrosoft' (ORG) cuts the token 'Microsoft' in two"}]}
        assert job.result["spans"] == 3  # stored as given

    def test_tokens_of_documents_already_in_the_project_are_used(self, project, users, tmp_path):
        text = "Apple and Microsoft."
        documents_add(project=project, records=[{"text": text}])
        line = {"text": text, "entities": [{"id": 1, "label": "ORG", "start_offset": 0, "end_offset": 3}]}
        job = import_as(project, write_jsonl(tmp_path / "d.jsonl", [line]), "gold", users["carol"])
        assert job.status == "succeeded", job.errors
        assert job.result["duplicates"] == 1
        [example] = job.result["warnings"]["examples"]
        assert (example["field"], example["span"], example["token"]) == ("entities[0]", "App", "Apple")


PREDICTED_LINES = [{"text": "Satya Nadella works for Microsoft.\r\nMicrosoft 😀 grew.",
                    "spans": [{"id": 1, "start": 0, "end": 13, "label": "PERSON"},
                              {"id": 2, "start": 25, "end": 33, "label": "ORG"}]},
                   {"text": "Zoë met 北京 people at Acme\r\nCafe\u0301 Ltd.",
                    "spans": [{"id": 1, "start": 0, "end": 3, "label": "PERSON"}]}]


@pytest.mark.django_db
class TestPredictionsTokensPending:
    """Imported as predictions, documents are stored with their tokens pending (a worker fills them
    after the commit, as for POST documents/): the warnings, the tokens stored and every write before
    the worker are what tokenizing during the import gave."""

    def test_tokens_are_filled_after_the_commit_with_an_imports_tokens_and_cuts_still_reported(
            self, project, users, tmp_path, eager, django_capture_on_commit_callbacks):
        path = write_jsonl(tmp_path / "p.jsonl", PREDICTED_LINES)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            job = import_as(project, path, "predictions")
        assert job.status == "succeeded", job.errors
        assert job.result["warnings"]["spans_cutting_tokens"] == 1
        [example] = job.result["warnings"]["examples"]
        assert (example["line"], example["span"], example["token"]) == (1, "icrosoft", "Microsoft")
        documents = list(Document.objects.filter(project=project).order_by("pk"))
        assert [d.tokens for d in documents] == [None, None] and {d.status for d in documents} == {"prelabeled"}

        for callback in callbacks:
            callback()
        other = run_import(project_create(name="Documents only"), write_jsonl(tmp_path / "d.jsonl", PREDICTED_LINES))
        expected = [d.tokens for d in Document.objects.filter(project_id=other.project_id).order_by("pk")]
        assert [d.tokens for d in Document.objects.filter(project=project).order_by("pk")] == expected
        assert all(expected)

    def test_a_person_and_a_reviewer_save_before_the_worker_fills_the_tokens(self, project, users, tmp_path):
        job = import_as(project, write_jsonl(tmp_path / "p.jsonl", PREDICTED_LINES), "predictions")
        assert job.status == "succeeded", job.errors
        document = Document.objects.filter(project=project).order_by("pk").first()
        assert document.tokens is None
        annotation_mine_save(document=document, user=users["alice"], submit=True, relations=[],
                             spans=[{"id": 1, "start": 0, "end": 13, "label": "PERSON"}])
        annotation_gold_save(document=document, user=users["bob"], relations=[],
                             spans=[{"id": 1, "start": 0, "end": 5, "label": "PERSON"}])
        # Token by token, alice's "Satya Nadella" against the gold's "Satya": the figures read the
        # tokens the worker will store (computed meanwhile), as the stats do.
        figures = DocumentFigures.objects.get(document=document).counters
        assert Document.objects.get(pk=document.pk).status == "gold"
        document_tokens_fill(document_ids=[document.pk])
        project_figures_rebuild(project=project, batch_size=10)
        assert DocumentFigures.objects.get(document=document).counters == figures
