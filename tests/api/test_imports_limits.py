"""Imported files hold only what a database can store, and uploads over MAX_UPLOAD_BYTES are refused
while they come in: a NUL, a lone surrogate or a non-finite number fails the job naming file, line and
field (not a database error), storing nothing; a body declared too large is 413 before it is read."""
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotator.models import Annotation, Document, Job
from annotator.services.imports import import_documents_run
from annotator.services.jobs import job_run
from tests.object_store import use_local_storage

pytestmark = pytest.mark.django_db

GOOD = [json.dumps({"text": "Ann Lee works for Acme Corp."}), json.dumps({"text": "Zoë 😀 met 北京 people."})]


@pytest.fixture
def carol(client_for, users):
    return client_for(users["carol"])


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    return use_local_storage(settings, tmp_path / "media")  # this machine's folder, even when .ci/run has a store


def imported(client, project, name: str, content: bytes, as_: str = "documents") -> Job:
    """Upload through the API, then run the job here as a worker would."""
    response = client.post(f"/api/v1/projects/{project.pk}/imports/",
                           {"file": SimpleUploadedFile(name, content), "as": as_}, format="multipart")
    assert response.status_code == 202, response.content
    job_run(job_id=response.json()["id"], work=import_documents_run)
    return Job.objects.get(pk=response.json()["id"])


# (file name, line 3 as the file holds it, import as, the field named). JSON escapes stay escapes in the file.
UNSTORABLE_LINES = [
    ("docs.jsonl", r'{"text": "a NUL \u0000 inside"}', "documents", "text"),
    ("docs.jsonl", r'{"text": "a lone \ud800 surrogate"}', "documents", "text"),
    ("docs.jsonl", r'{"text": "fine", "title": "t\u0000"}', "documents", "title"),
    ("docs.jsonl", r'{"text": "fine", "external_id": "e\udc00"}', "documents", "external_id"),
    ("docs.jsonl", r'{"text": "fine", "meta": {"n": [1, 1e999]}}', "documents", "meta.n[1]"),
    ("docs.jsonl", r'{"text": "fine", "meta": {"k\u0000": 1}}', "documents", "meta.k\\u0000"),
    ("gold.jsonl", r'{"text": "Ann", "spans": [{"start": 0, "end": 3, "label": "PER\u0000SON"}]}', "gold",
     "spans[0].label"),
    ("pred.jsonl", r'{"text": "Ann", "spans": [{"start": 0, "end": 3, "label": "PERSON", "score": 1e999}]}',
     "predictions", "spans[0].score"),
    ("docs.csv", "\"a NUL \x00 in a cell\",t", "documents", "text"),
]


@pytest.mark.parametrize("name, line, as_, field", UNSTORABLE_LINES)
def test_unstorable_values_fail_the_job_naming_file_line_and_field(carol, project, name, line, as_, field):
    first = ["text,title", "A first text.,t"] if name.endswith(".csv") else GOOD
    job = imported(carol, project, name, ("\n".join([*first, line]) + "\n").encode("utf-8"), as_)
    assert job.status == "failed", job.result
    error = job.errors[0]
    assert (error["file"], error["line"], error["field"]) == (name, 3, field)
    assert error["message"].startswith(f"{name} line 3, field '{field}': ")
    assert any(word in error["message"] for word in ("NUL", "surrogate", "not a finite number")), error
    assert Document.objects.count() == 0 and Annotation.objects.count() == 0


def test_an_upload_declared_over_the_limit_is_413_before_its_body_is_read(carol, project, settings, monkeypatch):
    from django.http.multipartparser import MultiPartParser

    def no_reading(self):
        raise AssertionError("the body was read")

    monkeypatch.setattr(MultiPartParser, "parse", no_reading)
    settings.MAX_UPLOAD_BYTES = 1000
    upload = SimpleUploadedFile("big.jsonl", b'{"text": "an imported text"}\n' * 5000)  # 150 KB
    response = carol.post(f"/api/v1/projects/{project.pk}/imports/", {"file": upload}, format="multipart")
    assert response.status_code == 413, response.content
    body = response.json()
    assert "MAX_UPLOAD_BYTES" in body["detail"] and body["errors"][0]["field"] == "file"
    assert not Job.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "imports").exists()


def test_an_upload_that_streams_past_the_limit_is_stopped_at_it(carol, project, settings, monkeypatch):
    """A Content-Length within the allowance for form fields, a file over the limit: the parsing stops
    at the first chunk past the limit, before the handlers that keep the file see it."""
    from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler

    kept = []
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        real = handler.receive_data_chunk

        def spying(self, raw_data, start, real=real):
            kept.append(len(raw_data))
            return real(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", spying)
    settings.MAX_UPLOAD_BYTES = 100_000
    upload = SimpleUploadedFile("big.jsonl", b'{"text": "an imported text"}\n' * 5000)  # 150 KB
    response = carol.post(f"/api/v1/projects/{project.pk}/imports/", {"file": upload}, format="multipart")
    assert response.status_code == 413, response.content
    assert "MAX_UPLOAD_BYTES" in response.json()["detail"] and "big.jsonl" in response.json()["detail"]
    assert sum(kept) <= 100_000
    assert not Job.objects.exists() and not (Path(settings.MEDIA_ROOT) / "imports").exists()


def test_an_upload_at_the_limit_is_taken(carol, project, settings):
    content = b'{"text": "an imported text"}\n'
    settings.MAX_UPLOAD_BYTES = len(content)
    response = carol.post(f"/api/v1/projects/{project.pk}/imports/",
                          {"file": SimpleUploadedFile("docs.jsonl", content)}, format="multipart")
    assert response.status_code == 202, response.content
