"""Schemathesis against /api/v1/schema/: every operation, with bodies and parameters generated from
the schema (valid ones and deliberately invalid ones), sent with a project manager's token.
No answer may be a 5xx, and every 4xx carries the contract's JSON error body.

Requests are built by schemathesis (through `requests`, so multipart and query strings are what a
real client sends) and answered in-process by Django's test client, inside the test's transaction:
the same test runs on SQLite and PostgreSQL, and leaves nothing behind. Path ids are those of real
objects (a project with documents, a job, a built export), so generated bodies reach the code
behind the lookups; one more pass lets schemathesis pick the ids itself.
"""
import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

import schemathesis
from schemathesis import GenerationMode
from tests.security.conftest import API, TEXT

pytestmark = pytest.mark.django_db

EXAMPLES = {GenerationMode.POSITIVE: 20, GenerationMode.NEGATIVE: 20}
ANY_IDS_EXAMPLES = 4
SETTINGS = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck))


@pytest.fixture
def api_schema(client_for, db):
    response = client_for(None).get(f"{API}schema/?format=json")
    assert response.status_code == 200
    return schemathesis.openapi.from_dict(response.json())


@pytest.fixture
def world(project, users, built_export):
    """A project with a few documents (one annotated, one gold), a job, a built export, and a second
    project the manager may delete."""
    from annotator.models import Job, JobKind, Membership
    from annotator.services.annotations import annotation_gold_save, annotation_mine_save
    from annotator.services.documents import documents_add
    from annotator.services.projects import project_create

    ids = documents_add(project=project, records=[{"text": TEXT}, {"text": "Ann Lee works for Acme Corp."},
                                                  {"text": "Paris is in France."}]).ids
    documents = list(project.documents.filter(pk__in=ids).order_by("pk"))
    spans = [{"id": "a", "start": 0, "end": 3, "label": "PERSON"}]
    annotation_mine_save(document=documents[1], user=users["alice"], spans=spans, relations=[])
    annotation_gold_save(document=documents[2], user=users["bob"], spans=spans, relations=[])
    job = Job.objects.create(project=project, kind=JobKind.PRELABEL, created_by=users["carol"])
    doomed = project_create(name="Doomed", entity_types=["PERSON"])
    Membership.objects.create(user=users["carol"], project=doomed, role="manager")
    return {"project": project, "documents": documents, "job": job, "export": built_export, "doomed": doomed,
            "manager": users["carol"]}


def path_ids(operation, world) -> dict:
    """Ids of real objects for the operation's path parameters."""
    path, method = operation.path, operation.method.lower()
    first = path.removeprefix(API.rstrip("/")).strip("/").split("/")[0]
    if first == "projects":
        project = world["doomed"] if method == "delete" else world["project"]
        return {"id": project.pk, "project_pk": project.pk}
    if first == "documents":
        return {"id": world["documents"][1].pk}
    if first == "jobs":
        return {"id": world["job"].pk}
    if first == "exports":
        return {"id": world["export"].pk}
    return {}


def send(client, case):
    """Serialize the case as `requests` would send it, and answer it with Django's test client."""
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    allowed = {"method", "url", "headers", "files", "data", "params", "json", "cookies"}
    prepared = requests.Request(**{k: v for k, v in kwargs.items() if k in allowed}).prepare()
    headers = {k: v for k, v in prepared.headers.items()
               if k.lower() not in ("content-type", "content-length", "authorization", "cookie", "host")}
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    return client.generic(prepared.method, prepared.path_url, body,
                          content_type=prepared.headers.get("Content-Type", ""), headers=headers)


def check(case, response) -> None:
    where = f"{case.method} {case.formatted_path} {case.query or ''} body={str(case.body)[:300]}"
    assert response.status_code < 500, f"{response.status_code} for {where}\n{response.content[:500]!r}"
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body.get("detail"), str) and isinstance(body.get("errors"), list), (where, body)


# Every operation of the API in one test: several minutes when the machine is busy (two test processes).
@pytest.mark.timeout(900)
def test_no_operation_answers_a_server_error(api_schema, world, quiet, staff):
    manager = quiet(world["manager"])
    # Only staff create projects: that operation is sent by a staff user, so it gets past the role check.
    creator = quiet(staff)
    # Deleting last, and only the project kept for it (an id picked at random could be the main project).
    operations = sorted((result.ok() for result in api_schema.get_all_operations()),
                        key=lambda operation: operation.method.lower() == "delete")
    assert len(operations) >= 20
    sent = {}
    for operation in operations:
        client = creator if (operation.method.lower(), operation.path) == ("post", f"{API}projects/") else manager
        runs = [(mode, path_ids(operation, world), count) for mode, count in EXAMPLES.items()]
        if "{" in operation.path and operation.method.lower() != "delete":
            runs.append((GenerationMode.POSITIVE, None, ANY_IDS_EXAMPLES))
        for mode, ids, count in runs:
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=ids)

            @settings(max_examples=count, **SETTINGS)
            @given(case=strategy)
            def run(case):
                response = send(client, case)
                sent[response.status_code] = sent.get(response.status_code, 0) + 1
                check(case, response)

            try:
                run()
            except Unsatisfiable:  # no invalid body exists for this operation (no body, no parameters)
                pass
    print(f"\nschemathesis: {sum(sent.values())} requests over {len(operations)} operations; "
          f"answers {dict(sorted(sent.items()))}")
    assert any(200 <= code < 300 for code in sent) and any(400 <= code < 500 for code in sent)
