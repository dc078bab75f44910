"""The audit trail: logins (success and failure), token creation and revocation, export downloads,
role and membership changes, project and document deletions, each with user, address, time and
object; append-only; shown to staff (and a project's managers, their project's only), filterable,
exported as CSV."""
import csv
import io

import pytest
from django.test import Client
from rest_framework.test import APIClient

from annotator.models import AppendOnly, AuditAction, AuditEvent, Membership
from annotator.views_audit import csv_cell

TOKEN = "/api/v1/auth/token/"
FAILED, ADDED = 'data-action="login_failed"', 'data-action="member_added"'


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


@pytest.mark.django_db
class TestRecorded:
    def test_login_token_and_export_download_as_the_issue_asks(self, users, built_export):
        """The 'done when': a login, a token creation and an export download made here are in the trail."""
        api = APIClient(REMOTE_ADDR="198.51.100.7")
        key = api.post(TOKEN, {"username": "bob", "password": "bob-pw"}, format="json").json()["token"]
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert api.get(f"/api/v1/exports/{built_export.pk}/download/?part=train").status_code == 200
        login, = events(AuditAction.LOGIN)
        made, = events(AuditAction.TOKEN_CREATED)
        download, = events(AuditAction.EXPORT_DOWNLOADED)
        for event in (login, made, download):
            assert (event.username, event.user_id, event.address) == ("bob", users["bob"].pk, "198.51.100.7")
            assert event.at is not None
        assert made.object_type == "apitoken" and made.details["read_only"] is False
        assert key not in str(made.details) and key not in made.object_repr
        assert (download.object_type, download.object_id, download.project_ref) == (
            "export", str(built_export.pk), built_export.project_id)
        assert download.details["part"] == "train"

    def test_failed_logins_name_the_username_tried_on_every_way_in(self, users):
        APIClient(REMOTE_ADDR="203.0.113.9").post(TOKEN, {"username": "alice", "password": "nope"}, format="json")
        Client(REMOTE_ADDR="203.0.113.9").post("/accounts/login/", {"username": "ghost", "password": "x"})
        Client(REMOTE_ADDR="203.0.113.9").post("/admin/login/", {"username": "carol", "password": "x"})
        failed = events(AuditAction.LOGIN_FAILED)
        assert [(e.username, e.address, e.user_id) for e in failed] == [
            ("alice", "203.0.113.9", None), ("ghost", "203.0.113.9", None), ("carol", "203.0.113.9", None)]
        assert [e.details["path"] for e in failed] == [TOKEN, "/accounts/login/", "/admin/login/"]
        assert not any("nope" in str(e.details) for e in failed)  # never the password

    def test_session_login_recorded(self, users):
        client = Client(REMOTE_ADDR="192.0.2.1")
        assert client.post("/accounts/login/", {"username": "alice", "password": "alice-pw"}).status_code == 302
        event, = events(AuditAction.LOGIN)
        assert (event.username, event.address) == ("alice", "192.0.2.1")

    def test_token_revocation(self, users, client_for):
        alice = client_for(users["alice"])
        made = alice.post("/api/v1/auth/tokens/", {"name": "laptop"}, format="json").json()
        alice.delete(f"/api/v1/auth/tokens/{made['id']}/")
        revoked, = events(AuditAction.TOKEN_REVOKED)
        assert (revoked.username, revoked.object_id, revoked.details["name"]) == ("alice", str(made["id"]), "laptop")

    def test_members_roles_and_deletions(self, users, project, document, client_for, make_user):
        carol = client_for(users["carol"])
        make_user("dave")
        carol.post(f"/api/v1/projects/{project.pk}/members/", {"username": "dave", "role": "annotator"}, format="json")
        carol.post(f"/api/v1/projects/{project.pk}/members/", {"username": "dave", "role": "reviewer"}, format="json")
        added, = [e for e in events(AuditAction.MEMBER_ADDED) if e.details["member"] == "dave"]
        changed, = events(AuditAction.ROLE_CHANGED)
        assert (added.username, added.details, added.project_ref) == (
            "carol", {"member": "dave", "role": "annotator"}, project.pk)
        assert changed.details == {"member": "dave", "from": "annotator", "to": "reviewer"}
        Membership.objects.filter(user__username="dave").delete()  # a queryset delete still sends post_delete
        assert events(AuditAction.MEMBER_REMOVED)[0].details["member"] == "dave"
        assert carol.delete(f"/api/v1/projects/{project.pk}/").status_code == 204
        deleted, = events(AuditAction.PROJECT_DELETED)
        assert (deleted.username, deleted.project_ref, deleted.project_name, deleted.details["documents"]) == (
            "carol", project.pk, "News", 1)

    def test_admin_deletions(self, users, project, document, staff):
        staff.is_superuser = True
        staff.save(update_fields=["is_superuser"])
        client = Client()
        client.force_login(staff)
        response = client.post(f"/admin/annotator/document/{document.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
        gone, = events(AuditAction.DOCUMENT_DELETED)
        assert (gone.username, gone.object_id, gone.project_ref, gone.details) == (
            "root", str(document.pk), project.pk, {"via": "admin"})
        client.post("/admin/annotator/project/", {"action": "delete_selected", "_selected_action": [project.pk],
                                                   "post": "yes"})
        assert events(AuditAction.PROJECT_DELETED)[0].project_name == "News"


@pytest.mark.django_db
def test_append_only(users):
    Client().post("/accounts/login/", {"username": "alice", "password": "wrong"})
    event = AuditEvent.objects.get(action="login_failed")
    event.username = "someone else"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.update(username="x")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(action="login_failed").username == "alice"
    users["alice"].delete()  # the events outlive their user
    assert AuditEvent.objects.get(action="login_failed").username == "alice"


@pytest.mark.django_db
class TestPage:
    def make_events(self, users, project, client_for):
        from annotator.services.projects import project_create

        other = project_create(name="Other")
        Membership.objects.create(user=users["mallory"], project=other, role="manager")
        Client(REMOTE_ADDR="203.0.113.5").post("/accounts/login/", {"username": "=cmd|' /C calc'!A0", "password": "x"})
        client_for(users["carol"]).post(f"/api/v1/projects/{project.pk}/members/",
                                        {"username": "mallory", "role": "annotator"}, format="json")
        return other

    def test_staff_see_all_filter_and_download_csv(self, users, project, client_for, staff):
        self.make_events(users, project, client_for)
        client = Client()
        client.force_login(staff)
        page = client.get("/audit/").content.decode()
        assert FAILED in page and ADDED in page
        filtered = client.get("/audit/", {"action": "login_failed"}).content.decode()
        assert FAILED in filtered and ADDED not in filtered
        by_project = client.get("/audit/", {"project": project.pk}).content.decode()
        assert ADDED in by_project and FAILED not in by_project
        by_address = client.get("/audit/", {"address": "203.0.113.5"}).content.decode()
        assert FAILED in by_address and ADDED not in by_address
        # Something that is no address matches nothing (PostgreSQL's inet column would refuse to compare it).
        from annotator.selectors.audit import AuditFilters, audit_events_visible
        assert client.get("/audit/", {"address": "203.0.113"}).status_code == 200
        assert not audit_events_visible(user=staff, filters=AuditFilters(address="203.0.113")).exists()
        response = client.get("/audit/", {"action": "login_failed", "format": "csv"})
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert rows[0][:4] == ["at", "action", "username", "address"]
        failed = [row for row in rows[1:] if row[1] == "login_failed"]
        assert failed and failed[0][2].startswith("'=")  # a formula-looking username is defused
        assert len(rows) - 1 == AuditEvent.objects.filter(action="login_failed").count()

    def test_managers_see_their_projects_only_and_others_nothing(self, users, project, client_for):
        other = self.make_events(users, project, client_for)
        carol = Client()
        carol.force_login(users["carol"])
        page = carol.get("/audit/").content.decode()
        assert ADDED in page and FAILED not in page
        rows = list(csv.reader(io.StringIO(b"".join(carol.get("/audit/", {"format": "csv"}).streaming_content)
                                           .decode())))
        assert {row[4] for row in rows[1:]} == {str(project.pk)}
        mallory = Client()
        mallory.force_login(users["mallory"])  # manages "Other" only
        rows = list(csv.reader(io.StringIO(b"".join(mallory.get("/audit/", {"format": "csv"}).streaming_content)
                                           .decode())))
        assert {row[4] for row in rows[1:]} == {str(other.pk)}
        for name in ("alice", "bob"):
            client = Client()
            client.force_login(users[name])
            assert client.get("/audit/").status_code == 404


@pytest.mark.parametrize("value, cell", [("=1+1", "'=1+1"), ("+x", "'+x"), ("-x", "'-x"), ("@x", "'@x"),
                                         ("\tx", "'\tx"), ("alice", "alice"), (None, ""), (3, "3")])
def test_csv_cells_never_run_as_formulas(value, cell):
    assert csv_cell(value) == cell
