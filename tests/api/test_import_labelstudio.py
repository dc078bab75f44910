"""POST imports/ with a Label Studio export, and a predictions import naming its model and version."""
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotator.models import Annotation, Job
from annotator.services.imports import import_documents_run
from annotator.services.jobs import job_run

EXPORT = Path(__file__).parents[1] / "formats" / "data" / "labelstudio_export.json"


@pytest.fixture
def carol(client_for, users):
    return client_for(users["carol"])


def post(client, project, name, data, **form):
    return client.post(f"/api/v1/projects/{project.pk}/imports/", {"file": SimpleUploadedFile(name, data), **form},
                       format="multipart")


def finish(response) -> Job:
    assert response.status_code == 202, response.json()
    job = Job.objects.get(pk=response.json()["id"])
    job_run(job_id=job.pk, work=import_documents_run)
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_label_studio_export_detected_and_imported(carol, project):
    job = finish(post(carol, project, "project-3-at-2026.json", EXPORT.read_bytes(), **{"as": "gold"}))
    assert job.status == "succeeded", job.errors
    assert job.result["format"] == "labelstudio" and job.result["people"] == 3
    assert Annotation.objects.filter(kind="gold").count() == 2


@pytest.mark.django_db
def test_prediction_import_records_model_and_version(carol, project):
    line = {"text": "Ada Lovelace wrote.", "spans": [{"id": 1, "start": 0, "end": 12, "label": "PERSON", "score": 0.7}]}
    job = finish(post(carol, project, "p.jsonl", (json.dumps(line) + "\n").encode(), model="my-ner",
                      model_version="2026-11", **{"as": "predictions"}))
    assert job.status == "succeeded", job.errors
    prediction = Annotation.objects.get(kind="prediction")
    assert (prediction.model, prediction.model_version) == ("my-ner", "2026-11")


@pytest.mark.django_db
def test_model_version_on_a_documents_import_is_a_400_naming_it(carol, project):
    response = post(carol, project, "d.jsonl", b'{"text": "a"}\n', model_version="1")
    assert response.status_code == 400
    assert "model_version" in json.dumps(response.json())


@pytest.mark.django_db
def test_a_json_array_named_jsonl_fails_saying_what_it_is(carol, project):
    job = finish(post(carol, project, "d.jsonl", b'[\n{"text": "a"}\n]\n', format="jsonl"))
    assert job.status == "failed"
    assert job.errors[0]["message"].startswith("d.jsonl line 1: a JSON array; expected one JSON object per line")
