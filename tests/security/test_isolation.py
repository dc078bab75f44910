"""Tokens of one project's people never reach another project's objects.

Project B (`secret`) holds documents, annotations of every kind, jobs and a built export. Every
operation of the OpenAPI schema that takes an object id is sent, with every id of B, by each user
of project A (annotator, reviewer, manager) and by an outsider: each answer is the same 404 that
an id which exists nowhere gets (so not even existence leaks), and B is unchanged afterwards.
The operations come from the schema, so an endpoint added later is enumerated too.
"""
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from annotator.models import (Annotation, AnnotationKind, ApiToken, Document, Export, Job, JobKind, JobStatus,
                              Membership, Relation, Span, TrainedModel)
from tests.security.conftest import API, assert_refused

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Bea Stone runs Umbra Labs in Oslo."
MISSING = 987654321  # an id that no object has


@pytest.fixture
def secret(make_user):
    """Project B with its own people, documents, every kind of annotation, jobs and a built export."""
    from annotator.services.annotations import annotation_gold_save, annotation_mine_save
    from annotator.services.documents import documents_add
    from annotator.services.projects import project_create
    from tests.api.conftest import EXPORT_FILES, zip_bytes

    project = project_create(name="Secret", entity_types=["PERSON", "ORG", "GPE", "CODENAME"],
                             relation_types=[{"name": "works_for", "head_types": ["PERSON"], "child_types": ["ORG"]}])
    people = {name: make_user(name) for name in ("bea", "ben", "bud")}
    for name, role in (("bea", "manager"), ("ben", "annotator"), ("bud", "reviewer")):
        Membership.objects.create(user=people[name], project=project, role=role)
    ids = documents_add(project=project, records=[{"text": f"{SECRET_TEXT} Part {n}."} for n in range(3)]).ids
    TrainedModel.objects.create(project=project, version=1, name=f"project{project.pk}_v1")  # B's model "v1"
    documents = list(Document.objects.filter(pk__in=ids).order_by("pk"))
    spans = [{"id": "p", "start": 0, "end": 9, "label": "PERSON"}, {"id": "o", "start": 15, "end": 25, "label": "ORG"}]
    relations = [{"head": "p", "child": "o", "label": "works_for"}]
    for document in documents[:2]:
        annotation_mine_save(document=document, user=people["ben"], spans=spans, relations=relations)
        annotation_gold_save(document=document, user=people["bud"], spans=spans, relations=relations)
    prediction = Annotation.objects.create(document=documents[2], kind=AnnotationKind.PREDICTION, model="spacy")
    Span.objects.create(annotation=prediction, start=0, end=9, label=project.entity_types.get(name="PERSON"))
    jobs = [Job.objects.create(project=project, kind=kind, created_by=people["bea"], status=status)
            for kind, status in ((JobKind.IMPORT, JobStatus.SUCCEEDED), (JobKind.PRELABEL, JobStatus.RUNNING),
                                 (JobKind.EXPORT, JobStatus.QUEUED))]
    export = Export.objects.create(project=project, format="jsonl", job=jobs[2],
                                   created_by=people["bea"], manifest={"counts": {}}, options={"seed": 0})
    export.file.save(f"secret-{export.pk}.zip", ContentFile(zip_bytes(EXPORT_FILES)), save=False)
    export.size = export.file.size
    export.save()
    from annotator.services.tokens import api_token_create

    tokens = [api_token_create(user=people["bea"], name="B's pipeline").token]
    return {"project": project, "documents": documents, "jobs": jobs, "exports": [export], "tokens": tokens}


def snapshot(project) -> dict:
    """Everything of project B a request could change."""
    project.refresh_from_db()
    return {
        "project": (project.name, project.description, project.guidelines, project.label_map, project.allow_overlap),
        "labels": sorted(project.entity_types.values_list("name", "color", "hotkey")),
        "relation types": sorted(project.relation_types.values_list("name", flat=True)),
        "members": sorted(Membership.objects.filter(project=project).values_list("user__username", "role")),
        "documents": sorted(Document.objects.filter(project=project).values_list("id", "text", "status", "title")),
        "annotations": sorted(Annotation.objects.filter(document__project=project).values_list(
            "id", "kind", "author_id", "version", "status")),
        "spans": Span.objects.filter(annotation__document__project=project).count(),
        "relations": Relation.objects.filter(annotation__document__project=project).count(),
        "jobs": sorted(Job.objects.filter(project=project).values_list("id", "status", "cancel_requested")),
        "exports": sorted(Export.objects.filter(project=project).values_list("id", "job__status", "size")),
        "models": sorted(TrainedModel.objects.filter(project=project).values_list("id", "version")),
        "tokens": sorted(ApiToken.objects.filter(user__memberships__project=project).values_list("id", "revoked_at")),
    }


# Which objects of B fill a path's id, by the path's first segment.
ID_SOURCES = {"projects": "project", "documents": "documents", "jobs": "jobs", "exports": "exports",
              "auth": "tokens"}


def operations(schema: dict) -> list[tuple[str, str]]:
    """(method, path) of every schema operation whose path holds an object id."""
    found = []
    for path, item in schema["paths"].items():
        for method in item:
            if method in ("get", "post", "put", "patch", "delete") and "{" in path:
                found.append((method, path))
    return found


def bodies(method: str, path: str, secret) -> tuple[object, str]:
    """A body that would succeed for a member with the role: so a missing check would really write."""
    if method in ("get", "delete"):
        return None, "json"
    spans = [{"id": "p", "start": 0, "end": 9, "label": "CODENAME"}]
    by_path = {
        "/members/": ({"username": "mallory", "role": "manager"}, "json"),
        "/documents/": ([{"text": "Planted by an outsider."}], "json"),
        "/imports/": ({"file": SimpleUploadedFile("planted.jsonl", b'{"text": "Planted."}\n'), "as": "documents"},
                      "multipart"),
        "/prelabel/": ({}, "json"),
        "/exports/": ({"format": "jsonl", "only_gold": False}, "json"),
        "/annotations/mine/": ({"spans": spans, "relations": []}, "json"),
        "/gold/": ({"spans": spans, "relations": [], "version": 1}, "json"),
    }
    if method == "patch":
        return {"name": "Taken", "entity_types": [{"name": "PWNED"}], "label_map": {"X": "PWNED"}}, "json"
    for ending, body in by_path.items():
        if path.endswith(ending):
            return body
    return None, "json"


def expand(path: str, secret) -> list[tuple[str, str]]:
    """The path with each id of B (and with an id that exists nowhere): [(url for B, url for nothing)]."""
    first = path.removeprefix(API.rstrip("/")).strip("/").split("/")[0]
    assert first in ID_SOURCES, f"{path}: add its objects to ID_SOURCES so the isolation test covers it"
    source = secret[ID_SOURCES[first]]
    objects = source if isinstance(source, list) else [source]
    placeholder = re.compile(r"\{[a-z_]+\}")
    path = path.replace("{label}", "v1")  # a project's model by its label (B trained version 1), not by an id
    return [(placeholder.sub(str(obj.pk), path), placeholder.sub(str(MISSING), path)) for obj in objects]


@pytest.fixture
def schema(client_for, db):
    return client_for(None).get(f"{API}schema/?format=json").json()


@pytest.mark.parametrize("caller", ["alice", "bob", "carol", "mallory"])
def test_nothing_of_another_project_is_reachable(caller, schema, secret, quiet, users, project, document):
    client = quiet(users[caller])
    before = snapshot(secret["project"])
    checked = 0
    for method, path in operations(schema):
        for url, nowhere in expand(path, secret):
            for suffix in ("", "?part=train") if path.endswith("/download/") else ("",):
                answers = []
                for target in (url + suffix, nowhere + suffix):
                    body, fmt = bodies(method, path, secret)
                    call = getattr(client, method)
                    answers.append(call(target, body, format=fmt) if body is not None else call(target))
                hidden, missing = answers
                assert_refused(hidden, 404)
                assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json()), (method, url)
                options, options_nowhere = client.options(url), client.options(nowhere)
                assert options.status_code in (200, 404), url
                assert (options.status_code, options.json()) == (options_nowhere.status_code,
                                                                 options_nowhere.json()), url
                checked += 1
    assert checked >= 30, checked
    assert snapshot(secret["project"]) == before


@pytest.mark.parametrize("caller", ["alice", "carol", "mallory"])
def test_lists_and_bodies_never_show_another_project(caller, secret, quiet, users, project, document):
    client = quiet(users[caller])
    listed = client.get(f"{API}projects/").json()["results"]
    assert secret["project"].pk not in [p["id"] for p in listed]
    if caller != "mallory":
        ids = [d["id"] for d in client.get(f"{API}projects/{project.pk}/documents/?page_size=1000").json()["results"]]
        assert ids and not set(ids) & {d.pk for d in secret["documents"]}
        search = client.get(f"{API}projects/{project.pk}/documents/", {"q": "Umbra"}).json()["results"]
        assert search == []


def test_ids_of_another_project_in_a_body_are_refused(quiet, users, project, document, secret):
    carol, alice = quiet(users["carol"]), quiet(users["alice"])
    before = snapshot(secret["project"])
    response = carol.post(f"{API}projects/{project.pk}/prelabel/",
                          {"documents": [d.pk for d in secret["documents"]]}, format="json")
    assert_refused(response, 400, field="documents")
    # B's labels mean nothing in A.
    response = alice.put(f"{API}documents/{document.pk}/annotations/mine/",
                         {"spans": [{"start": 0, "end": 3, "label": "CODENAME"}]}, format="json")
    assert_refused(response, 400, field="spans[0].label")
    assert not Job.objects.filter(project=project).exists()
    assert snapshot(secret["project"]) == before


def test_members_of_project_b_are_refused_in_project_a_too(quiet, secret, project, document):
    # The other direction, with B's manager: A is as closed to them as B is to A.
    from django.contrib.auth import get_user_model

    bea = quiet(get_user_model().objects.get(username="bea"))
    for method, url in (("get", f"projects/{project.pk}/"), ("get", f"documents/{document.pk}/"),
                        ("put", f"documents/{document.pk}/annotations/mine/"),
                        ("post", f"projects/{project.pk}/members/")):
        body = {"spans": []} if method == "put" else ({"username": "bea", "role": "manager"} if method == "post"
                                                      else None)
        response = getattr(bea, method)(API + url, body, format="json") if body else getattr(bea, method)(API + url)
        assert_refused(response, 404)
    assert not Membership.objects.filter(project=project, user__username="bea").exists()
