"""Confidence in the editor (Chromium): a suggestion the model scored low is drawn fainter, and
"Accept all" limited to a minimum score leaves it pending."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import open_editor
from tests.e2e.test_editor import add_documents, add_prediction, at, mark

pytestmark = pytest.mark.e2e

TEXT = "Zoe\u0308 🎉 Maria Okafor works for Oxfam in Nairobi.\r\nDaniel Weber met her in 東京."
SHOTS = Path("/work/notes/shots/i18")


def test_low_scored_suggestions_are_fainter_and_accept_all_can_skip_them(page, login, screenshot, project, users):
    (document,) = add_documents(project, TEXT)
    add_prediction(document, [("Maria Okafor", "PERSON", 0.99), ("Oxfam", "ORG", 0.34), ("東京", "GPE", 0.93)])
    login("alice")
    open_editor(page, f"/documents/{document.pk}/annotate/")
    expect(mark(page, "Oxfam")).to_have_class(__import__("re").compile(r"\bspan--unsure\b"))
    expect(mark(page, "Maria Okafor")).not_to_have_class(__import__("re").compile(r"\bspan--unsure\b"))
    assert mark(page, "Oxfam").evaluate("(node) => getComputedStyle(node).opacity") == "0.5"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "editor-confidence.png"))
    page.select_option(".toolbar__threshold", "0.8")
    page.click("[data-action=accept-all]")
    expect(page.locator(".message, [role=status]").filter(has_text="scored below 0.8")).to_have_count(1)
    # Oxfam is still a pending suggestion (dashed); the two sure ones are the annotator's now.
    expect(mark(page, "Oxfam")).to_have_class(__import__("re").compile(r"\bspan--prediction\b"))
    expect(mark(page, "Maria Okafor")).not_to_have_class(__import__("re").compile(r"\bspan--prediction\b"))
    expect(mark(page, "東京")).not_to_have_class(__import__("re").compile(r"\bspan--prediction\b"))
    page.screenshot(path=str(SHOTS / "editor-accept-above-0.8.png"))
    assert at(TEXT, "東京")[1] - at(TEXT, "東京")[0] == 2  # code points
