"""A document added through the API, opened before any worker filled its tokens: the editor gets
them from the read (the project's tokenizer, as the worker will store them), so a drag over part of
a word still snaps to the whole word, at code point offsets, on a text with an emoji, CJK, a
combining mark and CRLF."""
import pytest
from playwright.sync_api import expect
from rest_framework.test import APIClient

from annotator.models import Document
from tests.e2e.conftest import open_editor
from tests.e2e.test_editor import TEXT, at, drag_over, mark, stored

pytestmark = pytest.mark.e2e


def test_a_document_whose_tokens_are_pending_snaps_spans_to_its_tokens(page, login, screenshot, project, users):
    # No worker runs here: the fill sent after the commit waits in the broker, the tokens stay pending.
    manager = APIClient()
    manager.force_authenticate(users["carol"])
    response = manager.post(f"/api/v1/projects/{project.pk}/documents/", [{"text": TEXT, "title": "Pending"}],
                            format="json")
    assert response.status_code == 201, response.content
    document = Document.objects.get(pk=response.json()["ids"][0])
    assert document.tokens is None

    login("alice")
    open_editor(page, f"/documents/{document.pk}/annotate/")
    drag_over(page, "Nairobi", skip=1, take=4)
    page.locator(".label-menu .popup__item", has_text="GPE").click()
    expect(mark(page, "Nairobi")).to_have_attribute("data-label", "GPE")
    page.keyboard.press("Control+s")
    expect(page.locator(".toolbar__status")).to_contain_text("Draft saved")
    screenshot("pending-tokens")
    _annotation, spans, _relations = stored(document, users["alice"])
    assert spans == [(*at(TEXT, "Nairobi"), "GPE")]
    assert Document.objects.get(pk=document.pk).tokens is None  # still pending: the read computed them
