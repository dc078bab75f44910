"""The Content-Security-Policy and Permissions-Policy headers, and templates that keep to them:
no inline script or style, no style attributes, no inline event handlers (the policy would block
them, so a page relying on them would break)."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted([*(ROOT / "annotator" / "templates").rglob("*.html"), *(ROOT / "api" / "templates").rglob("*.html")])
# <script> without src (a data block, type="application/json", is allowed), <style>, style="", onclick= etc.
TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
INLINE = [
    ("inline script", re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)),
    ("style element", re.compile(r"<style[\s>]", re.I)),
    ("style attribute", re.compile(r"\sstyle\s*=", re.I)),
    ("event handler attribute", re.compile(r"\son[a-z]+\s*=", re.I)),
    ("javascript: URL", re.compile(r"javascript:", re.I)),
]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_templates_have_nothing_inline(template):
    # Template tags are not markup: `{% if only == "flagged" %}` is no `on…=` attribute.
    text = TEMPLATE_TAG.sub(" ", template.read_text())
    found = [(what, match.group(0)) for what, pattern in INLINE for match in pattern.finditer(text)]
    assert not found, f"{template.relative_to(ROOT)}: {found}"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/api/v1/projects/", "/api/v1/docs/", "/admin/login/"])
def test_every_answer_carries_the_policies(client, url):
    response = client.get(url)
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"] and "microphone=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_swagger_ui_comes_from_our_static_files(client):
    page = client.get("/api/v1/docs/").content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/") and not source.startswith("//") for source in sources), sources
