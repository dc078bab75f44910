import json

import pytest

from annotator.models import Document, Job
from annotator.services.imports import import_documents_run
from annotator.services.jobs import job_create, job_run


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
        path = write_jsonl(tmp_path / "docs.jsonl", [{"text": f"Doc number {i}."} for i in range(5)] + [{"text": "Doc number 0."}])
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
