"""Security tests reuse the API tests' clients and objects (token clients, a unicode document, a built export)."""
import pytest

from tests.api.conftest import TEXT, built_export, client_for, document, span_at, staff  # noqa: F401

API = "/api/v1/"


def stored_counts() -> dict[str, int]:
    """Rows of every table a request could write: compared before and after a refused request."""
    from django.contrib.auth import get_user_model

    from annotator.models import (Annotation, ApiToken, Document, EntityType, Export, Job, Membership, Project,
                                  Relation, RelationType, Span)

    models = (Project, EntityType, RelationType, Membership, Document, Annotation, Span, Relation, Job, Export,
              ApiToken, get_user_model())
    return {model.__name__: model.objects.count() for model in models}


def assert_refused(response, status: int = 400, field: str | None = None) -> dict:
    """A 4xx answer with the contract's JSON error body, naming `field` when given."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"], body
    assert isinstance(body["errors"], list), body
    if field is not None:
        assert field in [error["field"] for error in body["errors"]], body
    return body


@pytest.fixture
def quiet(client_for):  # noqa: F811  (the fixture imported above)
    """client_for(user), answering a 500 as a response (as a real server would) instead of raising."""

    def make(user=None):
        client = client_for(user)
        client.raise_request_exception = False
        return client

    return make
