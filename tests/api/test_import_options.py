"""`options` on POST imports/ and exports/: checked by the format, kept, and reaching the reader and writer."""
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotator.models import Document, Export, Job
from annotator.services.annotations import annotation_gold_save
from annotator.services.documents import documents_add
from annotator.services.exports import export_build
from annotator.services.imports import import_documents_run
from annotator.services.jobs import job_run

# doccano's browser UI counts UTF-16 code units: after the emoji every offset is one further right.
CEO_TEXT = "🚀 Satya Nadella works for Microsoft."
UTF16_LINE = {"text": CEO_TEXT, "entities": [{"id": 1, "label": "PERSON", "start_offset": 3, "end_offset": 16},
                                             {"id": 2, "label": "ORG", "start_offset": 27, "end_offset": 36}],
              "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "works_for"}]}


@pytest.fixture
def carol(client_for, users):
    return client_for(users["carol"])


def upload(data: bytes = (json.dumps(UTF16_LINE) + "\n").encode("utf-8")):
    return SimpleUploadedFile("doccano.jsonl", data)


def post_import(client, project, **form):
    return client.post(f"/api/v1/projects/{project.pk}/imports/", {"file": upload(), **form}, format="multipart")


@pytest.mark.django_db
class TestImportOptions:
    def test_utf16_option_reaches_the_reader(self, carol, project):
        response = post_import(carol, project, format="doccano", options=json.dumps({"offsets": "utf16"}), **{"as": "gold"})
        assert response.status_code == 202, response.json()
        job = Job.objects.get(pk=response.json()["id"])
        assert job.params["options"] == {"offsets": "utf16"}
        job_run(job_id=job.pk, work=import_documents_run)
        job.refresh_from_db()
        assert job.status == "succeeded", job.errors
        document = Document.objects.get()
        gold = document.annotations.get(kind="gold")
        assert sorted(document.text[s.start:s.end] for s in gold.spans.all()) == ["Microsoft", "Satya Nadella"]

    def test_without_the_option_the_job_names_it(self, carol, project):
        response = post_import(carol, project, **{"as": "gold"})
        assert response.status_code == 202
        job = Job.objects.get(pk=response.json()["id"])
        job_run(job_id=job.pk, work=import_documents_run)
        job.refresh_from_db()
        assert job.status == "failed" and job.errors[0]["field"] == "entities[0].start_offset"
        assert '{"offsets": "utf16"}' in job.errors[0]["message"] and not Document.objects.exists()

    @pytest.mark.parametrize("form, field", [
        ({"format": "doccano", "options": '{"offsets": "bytes"}'}, "options.offsets"),
        ({"format": "doccano", "options": '{"colour": "red"}'}, "options.colour"),
        ({"format": "jsonl", "options": '{"offsets": "utf16"}'}, "options.offsets"),
        ({"format": "doccano", "options": "offsets=utf16"}, "options"),
        ({"format": "doccano", "options": '["utf16"]'}, "options"),
    ])
    def test_bad_options_are_400_naming_the_field(self, carol, project, form, field):
        response = post_import(carol, project, **form)
        assert response.status_code == 400, response.json()
        assert field in [error["field"] for error in response.json()["errors"]]
        assert not Job.objects.exists()


@pytest.mark.django_db
class TestExportOptions:
    def post(self, client, project, body):
        return client.post(f"/api/v1/projects/{project.pk}/exports/", body, format="json")

    def test_utf16_option_reaches_the_writer(self, carol, project, users):
        [document_id] = documents_add(project=project, records=[{"text": CEO_TEXT}]).document_ids
        annotation_gold_save(document=Document.objects.get(pk=document_id), user=users["bob"],
                             spans=[{"id": 1, "start": 2, "end": 15, "label": "PERSON"},
                                    {"id": 2, "start": 26, "end": 35, "label": "ORG"}], relations=[])
        response = self.post(carol, project, {"format": "doccano", "split": {"train": 1}, "options": {"offsets": "utf16"}})
        assert response.status_code == 202, response.json()
        assert response.json()["options"]["options"] == {"offsets": "utf16"}
        export_build(job_id=response.json()["job"])
        export = Export.objects.get(pk=response.json()["id"])
        assert export.manifest["options"]["options"] == {"offsets": "utf16"}
        with zipfile.ZipFile(export.file.open("rb")) as archive:
            [line] = [json.loads(x) for x in archive.read("train.jsonl").splitlines()]
        assert [(e["start_offset"], e["end_offset"]) for e in line["entities"]] == [(3, 16), (27, 36)]

    @pytest.mark.parametrize("body, field", [
        ({"format": "doccano", "options": {"offsets": "bytes"}}, "options.offsets"),
        ({"format": "doccano", "options": {"offsets": 16}}, "options.offsets"),
        ({"format": "jsonl", "options": {"offsets": "utf16"}}, "options.offsets"),
        ({"format": "brat", "options": {"offsets": "utf16"}}, "options.offsets"),
        ({"format": "doccano", "options": "utf16"}, "options"),
    ])
    def test_bad_options_are_400_naming_the_field(self, carol, project, body, field):
        response = self.post(carol, project, body)
        assert response.status_code == 400, response.json()
        assert field in [error["field"] for error in response.json()["errors"]]
        assert not Export.objects.exists()

    def test_brat_newlines_option_is_kept(self, carol, project):
        response = self.post(carol, project, {"format": "brat", "options": {"newlines": "keep"}})
        assert response.status_code == 202, response.json()
        assert Export.objects.get().options["options"] == {"newlines": "keep"}
