"""The API docs, Swagger UI and ReDoc, are served whole by the app: nothing is loaded from another host,
every file they reference is in the static files, and no script or style is inline."""
import re

import pytest
from django.contrib.staticfiles import finders

REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")


def references(html: str) -> list[str]:
    return REFERENCE.findall(html)


@pytest.mark.django_db
@pytest.mark.parametrize("path, marker", [("/api/v1/docs/", "swagger-ui-bundle.js"),
                                          ("/api/v1/redoc/", "redoc.standalone.js")])
def test_docs_pages_reference_no_other_host(client, path, marker):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "//" not in "".join(ref for ref in references(html) if not ref.startswith("/")) and marker in html
    for ref in references(html):
        assert ref.startswith("/"), f"{path} references {ref}"
        if ref.startswith("/static/"):
            assert finders.find(ref.removeprefix("/static/")), f"{ref} is not in the static files"
    assert not re.search(r"https?://", html), "a URL with a host in the page"
    assert "<style" not in html and not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script or style"


@pytest.mark.django_db
def test_swagger_init_script_is_its_own_url_and_points_at_our_schema(client):
    html = client.get("/api/v1/docs/").content.decode()
    script = next(ref for ref in references(html) if "script" in ref and ref.startswith("/api/"))
    response = client.get(script.replace("&amp;", "&"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/javascript")
    body = response.content.decode()
    assert "/api/v1/schema/" in body and not re.search(r"https?://", body)
