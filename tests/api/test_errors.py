"""Malformed requests get a 4xx JSON body naming the field and the reason, never a 500."""
import pytest


@pytest.fixture
def alice(client_for, users):
    return client_for(users["alice"])


@pytest.fixture
def carol(client_for, users):
    return client_for(users["carol"])


def mine(document):
    return f"/api/v1/documents/{document.pk}/annotations/mine/"


@pytest.mark.django_db
class TestBodies:
    def test_bad_json_is_400(self, alice, document):
        response = alice.put(mine(document), data='{"spans": [', content_type="application/json")
        assert response.status_code == 400
        body = response.json()
        assert "JSON parse error" in body["detail"] and body["errors"][0]["field"] == ""

    def test_nan_is_not_json(self, alice, document):
        response = alice.put(mine(document), data='{"spans": [{"start": NaN, "end": 1, "label": "ORG"}]}',
                             content_type="application/json")
        assert response.status_code == 400

    def test_deeply_nested_json_is_400(self, alice, document):
        response = alice.put(mine(document), data="[" * 100_000 + "]" * 100_000, content_type="application/json")
        assert response.status_code == 400

    def test_other_media_types_are_415(self, alice, document):
        response = alice.put(mine(document), data="spans=1", content_type="text/plain")
        assert response.status_code == 415 and response.json()["detail"]

    def test_body_of_the_wrong_type(self, alice, document):
        for data in ("[]", '"spans"', "3", "null"):
            response = alice.put(mine(document), data=data, content_type="application/json")
            assert response.status_code == 400, data
            assert response.json()["errors"], data

    def test_body_over_the_request_limit_is_413_json(self, carol, project, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
        response = carol.post(f"/api/v1/projects/{project.pk}/documents/", {"text": "x" * 2000}, format="json")
        assert response.status_code == 413
        assert "MAX_REQUEST_BYTES" in response.json()["detail"]

    def test_multipart_form_over_the_request_limit_is_413_json(self, carol, project, settings):
        from django.core.files.uploadedfile import SimpleUploadedFile

        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
        data = {"file": SimpleUploadedFile("d.jsonl", b'{"text": "x"}\n'), "format": "x" * 2000}
        response = carol.post(f"/api/v1/projects/{project.pk}/imports/", data, format="multipart")
        assert response.status_code == 413 and response.json()["errors"]

    def test_wrong_method_is_405_json(self, alice, document):
        response = alice.post(f"/api/v1/documents/{document.pk}/")
        assert response.status_code == 405 and response.json()["detail"]

    def test_put_on_a_project_is_not_allowed(self, carol, project):
        assert carol.put(f"/api/v1/projects/{project.pk}/", {"name": "x"}, format="json").status_code == 405

    def test_unknown_id_is_404_json(self, alice, db):
        response = alice.get("/api/v1/documents/999999/")
        assert response.status_code == 404 and response.json()["errors"] == []

    def test_validation_error_keeps_per_field_object(self, carol, project):
        response = carol.post(f"/api/v1/projects/{project.pk}/members/", {"username": "mallory", "role": "boss"},
                              format="json")
        assert response.status_code == 400
        body = response.json()
        assert body["errors"][0]["field"] == "role" and "role" in body and body["detail"].startswith("role:")

    def test_service_error_names_the_field(self, carol, project):
        response = carol.post(f"/api/v1/projects/{project.pk}/members/", {"username": "nobody", "role": "annotator"},
                              format="json")
        assert response.status_code == 400
        assert response.json()["errors"] == [{"field": "username", "message": "no such user"}]


@pytest.mark.django_db
class TestPaths:
    def test_unknown_path_is_a_json_404(self, alice):
        response = alice.get("/api/v1/nothing/here/")
        assert response.status_code == 404 and "/api/v1/docs/" in response.json()["detail"]

    def test_a_path_with_a_line_break_is_a_json_404_too(self, alice, project):
        response = alice.get("/api/v1/nothing/al%0Aice/")
        assert response.status_code == 404 and response["Content-Type"].startswith("application/json")

    def test_trailing_slash_is_optional(self, alice, document):
        assert alice.get(f"/api/v1/documents/{document.pk}").status_code == 200
        response = alice.put(f"/api/v1/documents/{document.pk}/annotations/mine", {"spans": []}, format="json")
        assert response.status_code == 200

    def test_non_numeric_ids_are_404(self, alice, project):
        assert alice.get("/api/v1/documents/abc/").status_code == 404
        assert alice.get("/api/v1/projects/abc/documents/").status_code == 404

    def test_without_slash_token_posts_work_too(self, users):
        from rest_framework.test import APIClient

        body = {"username": "alice", "password": "alice-pw"}
        response = APIClient(enforce_csrf_checks=True).post("/api/v1/auth/token", body, format="json")
        assert response.status_code == 200


@pytest.mark.django_db
def test_options_never_fails(client_for, users, project, document, built_export):
    from annotator.models import Job

    job = Job.objects.create(project=project, kind="prelabel")
    client = client_for(users["carol"])
    for path in ("projects/", f"projects/{project.pk}/", f"projects/{project.pk}/members/",
                 f"projects/{project.pk}/documents/", f"projects/{project.pk}/imports/",
                 f"projects/{project.pk}/prelabel/", f"projects/{project.pk}/exports/", f"projects/{project.pk}/stats/",
                 f"documents/{document.pk}/", f"documents/{document.pk}/annotations/",
                 f"documents/{document.pk}/annotations/mine/", f"documents/{document.pk}/gold/", f"jobs/{job.pk}/",
                 f"jobs/{job.pk}/cancel/", f"exports/{built_export.pk}/", f"exports/{built_export.pk}/download/",
                 "auth/token/"):
        assert client.options(f"/api/v1/{path}").status_code == 200, path
