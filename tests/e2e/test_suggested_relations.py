"""Suggested relations in the editor (Chromium): a pre-labeled document's relations between predicted
spans are drawn dashed like the suggested spans; accepting one makes it (and its spans) the annotator's,
drawn solid and saved; rejecting one removes it and saves nothing of it, its spans left suggested."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from annotator.models import Relation
from tests.e2e.conftest import open_editor
from tests.e2e.test_editor import add_documents, add_prediction, at, mark, stored

pytestmark = pytest.mark.e2e

TEXT = "Zoe\u0308 🎉 Maria Okafor, director of Oxfam, spoke.\r\nDaniel Weber of Siemens met her in 東京."
SHOTS = Path("/work/notes/shots/i18")


def test_suggested_relations_are_dashed_and_accepted_or_rejected_like_spans(page, login, project, users):
    (document,) = add_documents(project, TEXT)
    prediction = add_prediction(document, [("Maria Okafor", "PERSON", 0.98), ("Oxfam", "ORG", 0.95),
                                           ("Daniel Weber", "PERSON", 0.97), ("Siemens", "ORG", 0.9)])
    spans = {TEXT[s.start:s.end]: s for s in prediction.spans.all()}
    works_for = project.relation_types.get(name="works_for")
    Relation.objects.create(annotation=prediction, head=spans["Maria Okafor"], child=spans["Oxfam"], label=works_for,
                            score=0.93)
    Relation.objects.create(annotation=prediction, head=spans["Daniel Weber"], child=spans["Siemens"],
                            label=works_for, score=0.61)

    login("alice")
    open_editor(page, f"/documents/{document.pk}/annotate/")
    arcs = page.locator("g.arc")
    expect(arcs).to_have_count(2)
    expect(page.locator("g.arc.arc--suggested")).to_have_count(2)
    dashes = page.locator("g.arc.arc--suggested .arc__line").first.evaluate(
        "(node) => getComputedStyle(node).strokeDasharray")
    assert dashes not in ("", "none")
    expect(mark(page, "Oxfam")).to_have_class(re.compile(r"\bspan--prediction\b"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "editor-suggested-relations.png"))

    rows = page.locator(".row--relation")
    expect(rows).to_have_count(2)
    oxfam = rows.filter(has_text="Oxfam")
    expect(oxfam).to_have_class(re.compile(r"\brow--prediction\b"))
    oxfam.get_by_role("button", name="✓").click()
    # Accepted: solid, its two spans the annotator's; the other still dashed.
    expect(page.locator("g.arc.arc--suggested")).to_have_count(1)
    expect(arcs).to_have_count(2)
    expect(mark(page, "Oxfam")).not_to_have_class(re.compile(r"\bspan--prediction\b"))
    expect(mark(page, "Maria Okafor")).not_to_have_class(re.compile(r"\bspan--prediction\b"))
    expect(oxfam).not_to_have_class(re.compile(r"\brow--prediction\b"))

    # Rejected with the keyboard, as a span suggestion is: select it, then x.
    page.locator("g.arc.arc--suggested .arc__label").click()
    page.keyboard.press("x")
    expect(arcs).to_have_count(1)
    expect(page.locator("g.arc.arc--suggested")).to_have_count(0)
    expect(mark(page, "Siemens")).to_have_class(re.compile(r"\bspan--prediction\b"))  # still suggested
    page.screenshot(path=str(SHOTS / "editor-suggested-relation-accepted.png"))
    page.keyboard.press("Control+s")
    expect(page.locator(".toolbar__status")).to_contain_text("Draft saved")
    _annotation, saved_spans, saved_relations = stored(document, users["alice"])
    assert saved_spans == [(*at(TEXT, "Maria Okafor"), "PERSON"), (*at(TEXT, "Oxfam"), "ORG")]
    assert saved_relations == [(at(TEXT, "Maria Okafor"), at(TEXT, "Oxfam"), "works_for")]
    assert at(TEXT, "Maria Okafor")[0] == 7  # code points: the combining mark and the emoji count one each
