"""The API with files on a real S3-compatible server (tests/object_store.py): an uploaded file is kept
in the store, the import job reads it from there, the export is written there and downloaded from
there, offsets intact (emoji, CJK, combining mark, CRLF); nothing lands in MEDIA_ROOT; only members
with the export role download. Jobs run eagerly in this process (tests/tasks has real workers)."""
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotator.models import Export, Job
from tests.api.conftest import TEXT, span_at
from tests.object_store import local_files

pytestmark = pytest.mark.django_db

SPANS = [span_at(TEXT, "Zoë", "PERSON"), span_at(TEXT, "Acme Corp", "ORG"), span_at(TEXT, "北京", "GPE"),
         span_at(TEXT, "Cafe\u0301 Paris", "ORG")]


def gold_file() -> bytes:
    records = [{"text": TEXT, "external_id": "u-1", "spans": SPANS,
                "relations": [{"head": 1, "child": 2, "label": "works_for"}]},
               {"text": "Plain second document.", "external_id": "u-2", "spans": []}]
    for record in records:
        for index, span in enumerate(record["spans"], start=1):
            span["id"] = index
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def test_upload_import_export_download_round_trip_through_the_store(object_store, settings, client_for, users,
                                                                    project, eager,
                                                                    django_capture_on_commit_callbacks):
    carol, bob = client_for(users["carol"]), client_for(users["bob"])
    with django_capture_on_commit_callbacks(execute=True):
        response = carol.post(f"/api/v1/projects/{project.pk}/imports/",
                              {"file": SimpleUploadedFile("gold ✓.jsonl", gold_file()), "as": "gold"},
                              format="multipart")
    assert response.status_code == 202, response.json()
    job = Job.objects.get(pk=response.json()["id"])
    assert job.status == "succeeded", job.errors
    assert job.result["documents"] == 2 and job.result["spans"] == 4
    upload_key = f"{object_store.prefix}/{job.params['upload']}"
    assert object_store.get(upload_key) == gold_file()  # the upload is kept in the store, not on this machine

    with django_capture_on_commit_callbacks(execute=True):
        response = bob.post(f"/api/v1/projects/{project.pk}/exports/",
                            {"format": "jsonl", "split": {"train": 1.0}}, format="json")
    assert response.status_code == 202, response.json()
    export = Export.objects.get(pk=response.json()["id"])
    assert export.status == "succeeded", Job.objects.get(pk=export.job_id).errors
    export_key = f"{object_store.prefix}/{export.file.name}"
    assert object_store.keys() == sorted([upload_key, export_key])
    assert not local_files(settings.MEDIA_ROOT)  # web and workers share no folder

    response = bob.get(f"/api/v1/exports/{export.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    body = b"".join(response.streaming_content)
    assert body == object_store.get(export_key) and int(response["Content-Length"]) == len(body) == export.size
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        lines = [json.loads(line) for line in archive.read("train.jsonl").decode("utf-8").splitlines()]
    first = next(line for line in lines if line["external_id"] == "u-1")
    assert first["text"] == TEXT  # CRLF and the combining mark kept
    assert [(s["start"], s["end"], s["label"], s["text"]) for s in first["spans"]] == [
        (s["start"], s["end"], s["label"], TEXT[s["start"]:s["end"]]) for s in SPANS]

    part = bob.get(f"/api/v1/exports/{export.pk}/download/?part=train")  # read out of the stored zip
    assert part.status_code == 200 and b"".join(part.streaming_content).decode("utf-8").count("\n") == 2

    assert client_for(users["alice"]).get(f"/api/v1/exports/{export.pk}/download/").status_code == 403
    assert client_for(users["mallory"]).get(f"/api/v1/exports/{export.pk}/download/").status_code == 404


def test_a_rejected_upload_stays_in_the_store_and_stores_nothing(object_store, client_for, users, project, eager,
                                                                 django_capture_on_commit_callbacks):
    bad = b'{"text": "fine"}\n{"text": ""}\n'
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users["carol"]).post(f"/api/v1/projects/{project.pk}/imports/",
                                                   {"file": SimpleUploadedFile("docs.jsonl", bad)}, format="multipart")
    job = Job.objects.get(pk=response.json()["id"])
    assert job.status == "failed" and job.errors[0]["file"] == "docs.jsonl" and job.errors[0]["line"] == 2
    assert project.documents.count() == 0
    assert object_store.keys() == [f"{object_store.prefix}/imports/{job.pk}/docs.jsonl"]
