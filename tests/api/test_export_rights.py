"""Exports hold every annotation of a project: who may create, see and download them is the
project's `export_role` (default reviewer), enforced by the API whatever the UI shows."""
import pytest

from annotator.models import Export


@pytest.mark.django_db
class TestExportRole:
    def test_default_is_reviewer_and_annotators_are_refused(self, client_for, users, project, built_export):
        alice = client_for(users["alice"])
        assert alice.get(f"/api/v1/projects/{project.pk}/").json()["export_role"] == "reviewer"
        started = alice.post(f"/api/v1/projects/{project.pk}/exports/", {"format": "jsonl"}, format="json")
        assert started.status_code == 403
        assert "reviewer" in started.json()["detail"]
        assert Export.objects.count() == 1  # only the fixture's
        assert alice.get(f"/api/v1/exports/{built_export.pk}/download/").status_code == 403
        assert alice.get(f"/api/v1/exports/{built_export.pk}/").status_code == 403
        assert alice.get(f"/api/v1/projects/{project.pk}/exports/").status_code == 403

    def test_manager_opens_exports_to_annotators(self, client_for, users, project, built_export):
        carol, alice = client_for(users["carol"]), client_for(users["alice"])
        response = carol.patch(f"/api/v1/projects/{project.pk}/", {"export_role": "annotator"}, format="json")
        assert response.status_code == 200 and response.json()["export_role"] == "annotator"
        assert alice.get(f"/api/v1/exports/{built_export.pk}/download/").status_code == 200
        assert alice.post(f"/api/v1/projects/{project.pk}/exports/", {"format": "jsonl"},
                          format="json").status_code == 202

    def test_manager_only_shuts_out_reviewers(self, client_for, users, project, built_export):
        client_for(users["carol"]).patch(f"/api/v1/projects/{project.pk}/", {"export_role": "manager"}, format="json")
        bob = client_for(users["bob"])
        assert bob.get(f"/api/v1/exports/{built_export.pk}/download/").status_code == 403
        assert bob.post(f"/api/v1/projects/{project.pk}/exports/", {"format": "jsonl"}, format="json").status_code == 403
        assert client_for(users["carol"]).get(f"/api/v1/exports/{built_export.pk}/download/").status_code == 200

    def test_only_managers_change_it_and_only_to_a_role(self, client_for, users, project):
        bob = client_for(users["bob"])
        assert bob.patch(f"/api/v1/projects/{project.pk}/", {"export_role": "annotator"},
                         format="json").status_code == 403
        bad = client_for(users["carol"]).patch(f"/api/v1/projects/{project.pk}/", {"export_role": "everyone"},
                                               format="json")
        assert bad.status_code == 400 and "export_role" in [e["field"] for e in bad.json()["errors"]]
        project.refresh_from_db()
        assert project.export_role == "reviewer"

    def test_outsiders_still_see_nothing(self, client_for, users, project, built_export):
        project.export_role = "annotator"
        project.save(update_fields=["export_role"])
        assert client_for(users["mallory"]).get(f"/api/v1/exports/{built_export.pk}/download/").status_code == 404
