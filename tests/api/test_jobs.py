"""Imports, pre-labeling and exports answer 202 with their Job or Export; jobs; downloads."""
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotator.models import Export, Job
from tests.api.conftest import EXPORT_FILES, zip_bytes

JOB_KEYS = {"id", "kind", "status", "project", "total", "done", "progress", "errors", "result", "created_at",
            "started_at", "finished_at", "cancel_requested"}
EXPORT_KEYS = {"id", "project", "format", "options", "status", "job", "sha256", "size", "manifest", "created_at",
               "download_url"}


@pytest.fixture
def carol(client_for, users):
    return client_for(users["carol"])


@pytest.mark.django_db
class TestImport:
    def test_upload_answers_202_with_the_job(self, carol, project):
        upload = SimpleUploadedFile("docs.jsonl", b'{"text": "One."}\n{"text": "Two."}\n')
        response = carol.post(f"/api/v1/projects/{project.pk}/imports/", {"file": upload}, format="multipart")
        assert response.status_code == 202, response.json()
        job = response.json()
        assert set(job) == JOB_KEYS
        assert (job["kind"], job["status"], job["project"]) == ("import", "queued", project.pk)
        stored = Job.objects.get(pk=job["id"])
        assert stored.params["format"] == "auto" and stored.params["as"] == "documents"
        assert stored.created_by.username == "carol"

    def test_format_and_as(self, carol, project):
        upload = SimpleUploadedFile("gold.jsonl", b'{"text": "One.", "spans": []}\n')
        response = carol.post(f"/api/v1/projects/{project.pk}/imports/",
                              {"file": upload, "format": "jsonl", "as": "gold"}, format="multipart")
        assert response.status_code == 202
        assert Job.objects.get(pk=response.json()["id"]).params["as"] == "gold"

    @pytest.mark.parametrize("data, field", [
        ({}, "file"),
        ({"as": "labels"}, "as"),
        ({"format": "xml"}, "format"),
        ({"colour": "red"}, "colour"),
    ])
    def test_bad_forms_name_the_field(self, carol, project, data, field):
        if field != "file":
            data = {**data, "file": SimpleUploadedFile("d.jsonl", b'{"text": "x"}\n')}
        response = carol.post(f"/api/v1/projects/{project.pk}/imports/", data, format="multipart")
        assert response.status_code == 400
        assert field in [e["field"] for e in response.json()["errors"]]
        assert not Job.objects.exists()

    def test_json_body_is_415(self, carol, project):
        assert carol.post(f"/api/v1/projects/{project.pk}/imports/", {"file": "x"}, format="json").status_code == 415

    def test_file_over_the_upload_limit_is_413(self, carol, project, settings):
        settings.MAX_UPLOAD_BYTES = 10
        upload = SimpleUploadedFile("docs.jsonl", b'{"text": "more than ten bytes"}\n')
        response = carol.post(f"/api/v1/projects/{project.pk}/imports/", {"file": upload}, format="multipart")
        assert response.status_code == 413 and "MAX_UPLOAD_BYTES" in response.json()["detail"]


@pytest.mark.django_db
class TestPrelabel:
    def test_all_documents_by_default(self, carol, project, document):
        response = carol.post(f"/api/v1/projects/{project.pk}/prelabel/", {}, format="json")
        assert response.status_code == 202
        assert response.json()["kind"] == "prelabel"
        assert Job.objects.get().params == {"documents": None, "model": project.spacy_model}

    def test_given_documents_and_model(self, carol, project, document):
        response = carol.post(f"/api/v1/projects/{project.pk}/prelabel/",
                              {"documents": [document.pk], "model": "en_core_web_sm"}, format="json")
        assert response.status_code == 202
        assert Job.objects.get().params == {"documents": [document.pk], "model": "en_core_web_sm"}

    @pytest.mark.parametrize("body, field", [
        ({"documents": [999999]}, "documents"),
        ({"documents": ["1"]}, "documents[0]"),
        ({"documents": 5}, "documents"),
        ({"documents": []}, "documents"),
        ({"model": 3}, "model"),
        ({"everything": True}, "everything"),
    ])
    def test_bad_bodies(self, carol, project, document, body, field):
        response = carol.post(f"/api/v1/projects/{project.pk}/prelabel/", body, format="json")
        assert response.status_code == 400
        assert field in [e["field"] for e in response.json()["errors"]]

    def test_documents_of_another_project_are_refused(self, carol, project):
        from annotator.services.documents import documents_add
        from annotator.services.projects import project_create

        other = project_create(name="Other")
        foreign = documents_add(project=other, records=[{"text": "Elsewhere."}]).ids[0]
        response = carol.post(f"/api/v1/projects/{project.pk}/prelabel/", {"documents": [foreign]}, format="json")
        assert response.status_code == 400


@pytest.mark.django_db
class TestExports:
    def test_reviewer_starts_an_export(self, client_for, users, project):
        response = client_for(users["bob"]).post(
            f"/api/v1/projects/{project.pk}/exports/",
            {"format": "conll", "split": {"train": 0.7, "dev": 0.15, "test": 0.15}, "seed": 3, "only_gold": True,
             "status": ["gold"]}, format="json")
        assert response.status_code == 202, response.json()
        export = response.json()
        assert set(export) == EXPORT_KEYS
        assert (export["format"], export["status"], export["download_url"]) == ("conll", "queued", None)
        assert export["options"] == {"split": {"train": 0.7, "dev": 0.15, "test": 0.15}, "seed": 3, "only_gold": True,
                                     "status": ["gold"]}
        job = client_for(users["bob"]).get(f"/api/v1/jobs/{export['job']}/").json()
        assert job["kind"] == "export"

    @pytest.mark.parametrize("body, field", [
        ({}, "format"),
        ({"format": "xml"}, "format"),
        ({"format": "jsonl", "split": {"train": 0.5, "dev": 0.1, "test": 0.1}}, "split"),
        ({"format": "jsonl", "split": {"train": 2}}, "split.train"),
        ({"format": "jsonl", "split": {"validation": 0.2}}, "split.validation"),
        ({"format": "jsonl", "seed": "1"}, "seed"),
        ({"format": "jsonl", "only_gold": "no"}, "only_gold"),
        ({"format": "jsonl", "status": ["finished"]}, "status[0]"),
        ({"format": "jsonl", "compress": True}, "compress"),
    ])
    def test_bad_options_name_the_field(self, client_for, users, project, body, field):
        response = client_for(users["bob"]).post(f"/api/v1/projects/{project.pk}/exports/", body, format="json")
        assert response.status_code == 400, response.json()
        assert field in [e["field"] for e in response.json()["errors"]]
        assert not Export.objects.exists()

    def test_list_and_object(self, client_for, users, project, built_export):
        client = client_for(users["bob"])
        listed = client.get(f"/api/v1/projects/{project.pk}/exports/").json()
        assert [e["id"] for e in listed["results"]] == [built_export.pk]
        export = client.get(f"/api/v1/exports/{built_export.pk}/").json()
        assert export["status"] == "succeeded" and export["size"] == built_export.size
        assert export["download_url"].endswith(f"/api/v1/exports/{built_export.pk}/download/")
        assert export["download_url"].startswith("http")

    def test_download_streams_the_zip(self, client_for, users, built_export):
        response = client_for(users["bob"]).get(f"/api/v1/exports/{built_export.pk}/download/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert "attachment" in response["Content-Disposition"]
        data = b"".join(response.streaming_content)
        assert int(response["Content-Length"]) == len(data)
        assert zipfile.ZipFile(io.BytesIO(data)).read("train.jsonl") == EXPORT_FILES["train.jsonl"]

    @pytest.mark.parametrize("part", ["train", "dev", "test"])
    def test_download_one_part(self, client_for, users, built_export, part):
        response = client_for(users["bob"]).get(f"/api/v1/exports/{built_export.pk}/download/?part={part}")
        assert response.status_code == 200
        assert f'filename="{part}.jsonl"' in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == EXPORT_FILES[f"{part}.jsonl"]

    def test_a_part_stored_as_a_folder_comes_as_a_zip(self, client_for, users, built_export):
        from django.core.files.base import ContentFile

        files = {"manifest.json": b"{}", "annotation.conf": b"", "train/a.txt": b"A", "train/a.ann": b"T1",
                 "dev/b.txt": b"B"}
        built_export.file.save("brat.zip", ContentFile(zip_bytes(files)))
        response = client_for(users["bob"]).get(f"/api/v1/exports/{built_export.pk}/download/?part=train")
        assert response.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        assert sorted(archive.namelist()) == ["train/a.ann", "train/a.txt"]

    @pytest.mark.parametrize("part", ["validation", "manifest", "annotation"])
    def test_unknown_part_is_404(self, client_for, users, built_export, part):
        response = client_for(users["bob"]).get(f"/api/v1/exports/{built_export.pk}/download/?part={part}")
        assert response.status_code == 404
        assert "dev, test, train" in response.json()["detail"]

    def test_not_built_is_409(self, client_for, users, project):
        export = client_for(users["bob"]).post(f"/api/v1/projects/{project.pk}/exports/", {"format": "jsonl"},
                                                 format="json").json()
        response = client_for(users["bob"]).get(f"/api/v1/exports/{export['id']}/download/")
        assert response.status_code == 409
        assert "not built yet" in response.json()["detail"]

    def test_failed_job_shows_on_the_export(self, client_for, users, project):
        export_id = client_for(users["bob"]).post(f"/api/v1/projects/{project.pk}/exports/", {"format": "jsonl"},
                                                    format="json").json()["id"]
        Job.objects.filter(export__pk=export_id).update(status="failed")
        export = client_for(users["bob"]).get(f"/api/v1/exports/{export_id}/").json()
        assert export["status"] == "failed"
        response = client_for(users["bob"]).get(f"/api/v1/exports/{export_id}/download/")
        assert response.status_code == 409 and "failed" in response.json()["detail"]


@pytest.mark.django_db
class TestJobs:
    def test_job_object(self, client_for, users, project):
        job = Job.objects.create(project=project, kind="prelabel", total=4, done=1, errors=[{"message": "x"}])
        body = client_for(users["alice"]).get(f"/api/v1/jobs/{job.pk}/").json()
        assert set(body) == JOB_KEYS
        assert body["progress"] == 0.25 and body["errors"] == [{"message": "x"}]

    def test_manager_cancels_a_running_job(self, carol, users, project):
        job = Job.objects.create(project=project, kind="prelabel", status="running", created_by=users["alice"])
        body = carol.post(f"/api/v1/jobs/{job.pk}/cancel/").json()
        assert body["cancel_requested"] is True and body["status"] == "running"  # stops at its next check


@pytest.mark.django_db
def test_the_job_list_filtered_by_several_statuses_and_kinds_lists_each_job_once_without_distinct(carol, project):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from annotator.services.jobs import job_create

    made = {kind: job_create(kind=kind, project=project) for kind in ("import", "export", "prelabel")}  # queued
    Job.objects.filter(pk=made["export"].pk).update(status="running")
    with CaptureQueriesContext(connection) as queries:
        page = carol.get(f"/api/v1/projects/{project.pk}/jobs/?status=running&status=queued&kind=import&kind=export")
    assert page.status_code == 200
    assert sorted(job["kind"] for job in page.json()["results"]) == ["export", "import"] and page.json()["count"] == 2
    assert not any("DISTINCT" in query["sql"].upper() for query in queries.captured_queries)
