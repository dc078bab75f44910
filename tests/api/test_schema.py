"""The OpenAPI schema is valid, generated without warnings, and describes every contract endpoint."""
import io

import pytest
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

CONTRACT = {
    "/api/v1/auth/token/": {"post"},
    "/api/v1/projects/": {"get", "post"},
    "/api/v1/projects/{id}/": {"get", "patch", "delete"},
    "/api/v1/projects/{id}/members/": {"get", "post"},
    "/api/v1/projects/{project_pk}/documents/": {"get", "post"},
    "/api/v1/projects/{project_pk}/imports/": {"post"},
    "/api/v1/projects/{project_pk}/prelabel/": {"post"},
    "/api/v1/projects/{project_pk}/exports/": {"get", "post"},
    "/api/v1/projects/{id}/stats/": {"get"},
    "/api/v1/projects/{project_pk}/jobs/": {"get"},
    "/api/v1/jobs/{id}/": {"get"},
    "/api/v1/jobs/{id}/cancel/": {"post"},
    "/api/v1/documents/{id}/": {"get"},
    "/api/v1/documents/{id}/annotations/": {"get"},
    "/api/v1/documents/{id}/annotations/mine/": {"put"},
    "/api/v1/documents/{id}/gold/": {"put"},
    "/api/v1/exports/{id}/": {"get"},
    "/api/v1/exports/{id}/download/": {"get"},
    # Additions (issue 20): personal API tokens.
    "/api/v1/auth/tokens/": {"get", "post"},
    "/api/v1/auth/tokens/{id}/": {"delete"},
}


@pytest.fixture
def schema(db):
    from rest_framework.test import APIClient

    response = APIClient().get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_schema_validates(schema):
    validate_schema(schema)


def test_generation_has_no_warnings(db):
    # --fail-on-warn turns any drf-spectacular warning (an unresolved type, a guessed name) into an error.
    call_command("spectacular", "--fail-on-warn", "--validate", "--custom-settings", "api.schema.SCHEMA_SETTINGS",
                 stdout=io.StringIO(), stderr=io.StringIO())


def test_every_contract_endpoint_is_described(schema):
    paths = schema["paths"]
    for path, methods in CONTRACT.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, set(paths[path]))


def _ref(operation, code, media="application/json"):
    return operation["responses"][str(code)]["content"][media]["schema"]


def test_bodies_and_answers_are_typed(schema):
    paths, components = schema["paths"], schema["components"]["schemas"]
    put = paths["/api/v1/documents/{id}/annotations/mine/"]["put"]
    assert put["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/AnnotationBodyRequest")
    assert _ref(put, 200)["$ref"].endswith("/Annotation")
    assert _ref(put, 409)["$ref"].endswith("/Error")
    assert set(components["Span"]["required"]) == {"id", "start", "end", "label", "text"}
    assert set(components["SpanInputRequest"]["required"]) == {"start", "end", "label"}
    gold = paths["/api/v1/documents/{id}/gold/"]["put"]
    assert "submit" not in components[gold["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                                      .rsplit("/", 1)[1]]["properties"]
    listing = paths["/api/v1/projects/{project_pk}/documents/"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"status", "q", "page", "project_pk"}
    page = components[_ref(listing, 200)["$ref"].rsplit("/", 1)[1]]
    assert {"results", "next", "count"} <= set(page["properties"])
    assert _ref(paths["/api/v1/projects/{project_pk}/imports/"]["post"], 202)["$ref"].endswith("/Job")
    assert "multipart/form-data" in paths["/api/v1/projects/{project_pk}/imports/"]["post"]["requestBody"]["content"]
    assert _ref(paths["/api/v1/projects/{project_pk}/exports/"]["post"], 202)["$ref"].endswith("/Export")
    assert _ref(paths["/api/v1/exports/{id}/download/"]["get"], 200, "application/zip")["format"] == "binary"
    assert "DocumentsInputRequest" in components and "oneOf" in components["DocumentsInputRequest"]
    assert schema["components"]["securitySchemes"]["tokenAuth"]["in"] == "header"


@pytest.mark.django_db
def test_interactive_docs_page(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200 and b"swagger" in response.content.lower()
